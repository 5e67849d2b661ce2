using CodeNeurons.Lexing;

namespace CodeNeurons.Concepts;

/// <summary>The tokens of one source text, lexed and grouped by line.</summary>
/// <param name="Tokens">Every token the lexer produced, in order (Python's layout tokens included).</param>
/// <param name="Lines">The code tokens of each source line (index 0 is line 1), a token on the line it starts; Python's layout and comment tokens left out.</param>
/// <param name="Diagnostics">The lexer's warnings (positions in the source).</param>
public sealed record LexedLines(IReadOnlyList<LexToken> Tokens, IReadOnlyList<IReadOnlyList<LexToken>> Lines, IReadOnlyList<LexDiagnostic> Diagnostics);
