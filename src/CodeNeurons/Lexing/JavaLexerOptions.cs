using System.Text;

namespace CodeNeurons.Lexing;

/// <summary>Options of a <see cref="JavaLexer"/>.</summary>
public sealed record JavaLexerOptions
{
    /// <summary>The label scheme (default <see cref="JavaLabelScheme.Paper"/>, the labels of the paper's files).</summary>
    public JavaLabelScheme Scheme { get; init; } = JavaLabelScheme.Paper;
}
