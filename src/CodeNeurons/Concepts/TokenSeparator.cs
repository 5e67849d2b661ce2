using CodeNeurons.Formats;
using CodeNeurons.Lexing;

namespace CodeNeurons.Concepts;

/// <summary>How <see cref="LabeledTokens.FromFiles"/> splits a line into items.</summary>
public enum TokenSeparator
{
    /// <summary>Runs of any whitespace, as NeuroX (<c>line.strip().split()</c>).</summary>
    Whitespace,
    /// <summary>Runs of the space character only (tabs and other whitespace stay inside tokens).</summary>
    Space,
}
