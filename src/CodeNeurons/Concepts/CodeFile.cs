using CodeNeurons.Data;
using CodeNeurons.Formats;
using CodeNeurons.Lexing;

namespace CodeNeurons.Concepts;

/// <summary>One source file of a <see cref="CodeCorpus"/>.</summary>
/// <param name="Name">The file's name or path (named in errors and reports).</param>
/// <param name="Text">The whole text, without a byte-order mark.</param>
/// <param name="Language">The language its lexer is chosen by.</param>
public sealed record CodeFile(string Name, string Text, CodeLanguage Language);
