namespace CodeNeurons.Lexing;

/// <summary>Options of <see cref="PythonLexer"/>.</summary>
public sealed record PythonLexerOptions
{
    /// <summary>The defaults: keywords split from names, 3.11 f-strings, all tokens.</summary>
    public static PythonLexerOptions Default { get; } = new();

    /// <summary>
    /// Only the concept tokens of the paper's Python variant (<c>NAME</c>, <c>KEYWORD</c>, <c>NUMBER</c>,
    /// <c>STRING</c>) plus <c>ERRORTOKEN</c>: no layout tokens, comments or operators.
    /// </summary>
    public static PythonLexerOptions PaperConcepts { get; } = new() { IncludeLayoutTokens = false, IncludeOperators = false };

    /// <summary>
    /// Report the names in Python 3.11's <c>keyword.kwlist</c> as <c>KEYWORD</c> instead of <c>NAME</c> (default
    /// <see langword="true"/>). Soft keywords (<c>match</c>, <c>case</c>, <c>_</c>, and <c>type</c> of 3.12) stay <c>NAME</c>.
    /// </summary>
    public bool SplitKeywords { get; init; } = true;

    /// <summary>How f-strings are tokenized (default <see cref="PythonFStringTokens.Python311"/>).</summary>
    public PythonFStringTokens FStringTokens { get; init; } = PythonFStringTokens.Python311;

    /// <summary>
    /// Keep <c>NEWLINE</c>, <c>NL</c>, <c>INDENT</c>, <c>DEDENT</c>, <c>ENDMARKER</c> and <c>COMMENT</c> tokens (default
    /// <see langword="true"/>).
    /// </summary>
    public bool IncludeLayoutTokens { get; init; } = true;

    /// <summary>Keep <c>OP</c> tokens (default <see langword="true"/>).</summary>
    public bool IncludeOperators { get; init; } = true;
}
