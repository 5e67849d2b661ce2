namespace CodeNeurons.Lexing;

/// <summary>The tokens of a source text and the problems found in it.</summary>
/// <param name="Tokens">The tokens, in order.</param>
/// <param name="Diagnostics">Problems, each also visible as an UNKNOWN / ERRORTOKEN token; empty for valid code.</param>
public sealed record LexResult(IReadOnlyList<LexToken> Tokens, IReadOnlyList<LexDiagnostic> Diagnostics);
