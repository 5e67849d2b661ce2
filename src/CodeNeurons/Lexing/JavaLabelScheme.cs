namespace CodeNeurons.Lexing;

/// <summary>The label set a <see cref="JavaLexer"/> produces.</summary>
public enum JavaLabelScheme
{
    /// <summary>
    /// The labels of the paper's <c>java-token-tagging</c> files (Sharma et al.): javalang token classes mapped to
    /// MODIFIER, TYPE, KEYWORD, IDENT (identifiers and <c>null</c>), NUMBER (decimal integers and floats), STRING
    /// (string and character literals), BOOL, Python-style punctuation names (LPAR, EQEQUAL, CONDITIONOP, the file's
    /// own PLUSEUQAL for <c>+=</c>, …) and UNKNOWN for the rest (hex, octal and binary literals, <c>&gt;&gt;&gt;=</c>,
    /// anything that is not Java).
    /// </summary>
    Paper,

    /// <summary>
    /// A clean scheme with the same tokens: readable operator names (PLUS_ASSIGN, QUESTION, …), every numeric literal
    /// NUMBER, character literals CHAR, <c>null</c> NULL, and UNKNOWN only for text that is not Java.
    /// </summary>
    Clean,
}
