namespace CodeNeurons.Lexing;

/// <summary>How <see cref="PythonLexer"/> reports f-strings.</summary>
public enum PythonFStringTokens
{
    /// <summary>As Python 3.11's <c>tokenize</c>: a whole f-string is one <c>STRING</c> token.</summary>
    Python311,

    /// <summary>
    /// As Python 3.12: <c>FSTRING_START</c>, <c>FSTRING_MIDDLE</c>, <c>FSTRING_END</c> around the tokens of the
    /// replacement fields (<c>OP</c> for braces, <c>!</c> and <c>:</c>, then the expression's own tokens).
    /// </summary>
    Python312,
}
