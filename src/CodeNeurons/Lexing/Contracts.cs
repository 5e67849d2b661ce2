namespace CodeNeurons.Lexing;

/// <summary>
/// One token of source code with its concept label and position. Lines are 1-based; columns are 0-based and counted in
/// Unicode code points (as Python's <c>tokenize</c> reports them); the end is exclusive.
/// </summary>
/// <param name="Text">The token's text as it appears in the source (for NeuroX files, the text written to <c>.in</c>).</param>
/// <param name="Label">The concept label (e.g. <c>IDENT</c>, <c>NUMBER</c>, <c>STRING</c>, <c>KEYWORD</c>).</param>
/// <param name="Line">Start line (1-based).</param>
/// <param name="Column">Start column (0-based, code points).</param>
/// <param name="EndLine">End line (1-based).</param>
/// <param name="EndColumn">End column (0-based, code points, exclusive).</param>
public readonly record struct LexToken(string Text, string Label, int Line, int Column, int EndLine, int EndColumn);

/// <summary>A problem a lexer found and worked around (an unterminated string, a stray character, …).</summary>
/// <param name="Line">Line (1-based).</param>
/// <param name="Column">Column (0-based, code points).</param>
/// <param name="Message">What was found.</param>
public readonly record struct LexDiagnostic(int Line, int Column, string Message);

/// <summary>The tokens of a source text and the problems found in it.</summary>
/// <param name="Tokens">The tokens, in order.</param>
/// <param name="Diagnostics">Problems, each also visible as an UNKNOWN / ERRORTOKEN token; empty for valid code.</param>
public sealed record LexResult(IReadOnlyList<LexToken> Tokens, IReadOnlyList<LexDiagnostic> Diagnostics);

/// <summary>
/// Splits source code into labelled tokens. Lexers never throw on arbitrary text: what they cannot lex becomes an
/// UNKNOWN (Java) or ERRORTOKEN (Python) token and a <see cref="LexDiagnostic"/>.
/// </summary>
public interface ICodeLexer
{
    /// <summary>The language ("java", "python").</summary>
    string Language { get; }

    /// <summary>The labels this lexer can produce, in a stable order.</summary>
    IReadOnlyList<string> Labels { get; }

    /// <summary>Tokenizes <paramref name="source"/> (one line or a whole file).</summary>
    /// <param name="source">The source text.</param>
    /// <returns>Tokens and diagnostics.</returns>
    LexResult Tokenize(string source);
}
