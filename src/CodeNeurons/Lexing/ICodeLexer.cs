namespace CodeNeurons.Lexing;

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
