namespace CodeNeurons.Lexing;

/// <summary>A problem a lexer found and worked around (an unterminated string, a stray character, …).</summary>
/// <param name="Line">Line (1-based).</param>
/// <param name="Column">Column (0-based, code points).</param>
/// <param name="Message">What was found.</param>
public readonly record struct LexDiagnostic(int Line, int Column, string Message);
