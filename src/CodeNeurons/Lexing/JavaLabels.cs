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

/// <summary>The javalang token class of a Java token (plus <see cref="TextBlock"/> and <see cref="Error"/>).</summary>
public enum JavaTokenKind
{
    /// <summary>A keyword that is neither a modifier nor a basic type (<c>if</c>, <c>void</c>, <c>new</c>, …).</summary>
    Keyword,
    /// <summary>A modifier keyword (<c>public</c>, <c>final</c>, <c>default</c>, …).</summary>
    Modifier,
    /// <summary>A primitive type keyword (<c>int</c>, <c>boolean</c>, …).</summary>
    BasicType,
    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,
    /// <summary><c>null</c>.</summary>
    Null,
    /// <summary>An identifier.</summary>
    Identifier,
    /// <summary>One of <c>( ) { } [ ] ; , .</c>.</summary>
    Separator,
    /// <summary>An operator (<c>+</c>, <c>&gt;&gt;=</c>, <c>-&gt;</c>, <c>::</c>, <c>...</c>, …).</summary>
    Operator,
    /// <summary>A decimal integer literal (<c>0</c>, <c>42L</c>, <c>1_000</c>).</summary>
    DecimalInteger,
    /// <summary>A decimal floating-point literal (<c>1.0</c>, <c>.5f</c>, <c>1e-6</c>).</summary>
    DecimalFloatingPoint,
    /// <summary>A hexadecimal integer literal (<c>0xFF</c>).</summary>
    HexInteger,
    /// <summary>An octal integer literal (<c>017</c>).</summary>
    OctalInteger,
    /// <summary>A binary integer literal (<c>0b101</c>).</summary>
    BinaryInteger,
    /// <summary>A hexadecimal floating-point literal (<c>0x1.8p1</c>).</summary>
    HexFloatingPoint,
    /// <summary>A character literal (<c>'a'</c>); javalang reports these as String.</summary>
    Character,
    /// <summary>A string literal.</summary>
    String,
    /// <summary>A text block (<c>"""…"""</c>, Java 15); javalang does not know these.</summary>
    TextBlock,
    /// <summary>The <c>@</c> of an annotation (the name that follows is a separate identifier).</summary>
    Annotation,
    /// <summary>Text that could not be lexed (always reported with a diagnostic).</summary>
    Error,
}

/// <summary>Label names of the two <see cref="JavaLabelScheme"/>s and the mapping from token kinds to labels.</summary>
public static class JavaLabels
{
    /// <summary>The label for tokens that are not Java or not covered by the scheme.</summary>
    public const string Unknown = "UNKNOWN";

    private static readonly (string Op, string Paper, string Clean)[] Punctuation =
    [
        ("(", "LPAR", "LPAREN"), (")", "RPAR", "RPAREN"), ("{", "LBRACE", "LBRACE"), ("}", "RBRACE", "RBRACE"),
        ("[", "LSQB", "LBRACKET"), ("]", "RSQB", "RBRACKET"), (";", "SEMI", "SEMI"), (",", "COMMA", "COMMA"),
        (".", "DOT", "DOT"), ("...", "ELLIPSIS", "ELLIPSIS"), ("@", "AT", "AT"), ("::", "DOUBLECOLON", "COLONCOLON"),
        ("=", "EQUAL", "ASSIGN"), (">", "GREATER", "GT"), ("<", "LESS", "LT"), ("!", "NOT", "BANG"),
        ("~", "TILDE", "TILDE"), ("?", "CONDITIONOP", "QUESTION"), (":", "COLON", "COLON"), ("->", "RARROW", "ARROW"),
        ("==", "EQEQUAL", "EQ"), (">=", "GREATEREQUAL", "GE"), ("<=", "LESSEQUAL", "LE"), ("!=", "NOTEQUAL", "NE"),
        ("&&", "AND", "AND_AND"), ("||", "OR", "OR_OR"), ("++", "DOUBLEPLUS", "INC"), ("--", "DOUBLEMINUS", "DEC"),
        ("+", "PLUS", "PLUS"), ("-", "MINUS", "MINUS"), ("*", "STAR", "STAR"), ("/", "SLASH", "SLASH"),
        ("&", "AMPER", "AMP"), ("|", "VBAR", "BAR"), ("^", "CIRCUMFLEX", "CARET"), ("%", "PERCENT", "PERCENT"),
        ("<<", "LEFTSHIFT", "LSHIFT"), ("+=", "PLUSEUQAL", "PLUS_ASSIGN"), ("-=", "MINEQUAL", "MINUS_ASSIGN"),
        ("*=", "STAREQUAL", "STAR_ASSIGN"), ("/=", "SLASHEQUAL", "SLASH_ASSIGN"), ("&=", "AMPEREQUAL", "AMP_ASSIGN"),
        ("|=", "VBAREQUAL", "BAR_ASSIGN"), ("^=", "CIRCUMFLEXEQUAL", "CARET_ASSIGN"),
        ("%=", "PERCENTEQUAL", "PERCENT_ASSIGN"), ("<<=", "LEFTSHIFTEQUAL", "LSHIFT_ASSIGN"),
        (">>=", "RIGHTSHIFTEQUAL", "RSHIFT_ASSIGN"), (">>>=", Unknown, "URSHIFT_ASSIGN"),
    ];

    private static readonly Dictionary<string, string> PaperPunct = Punctuation.ToDictionary(p => p.Op, p => p.Paper, StringComparer.Ordinal);
    private static readonly Dictionary<string, string> CleanPunct = Punctuation.ToDictionary(p => p.Op, p => p.Clean, StringComparer.Ordinal);

    /// <summary>The paper scheme's labels, in a stable order.</summary>
    public static IReadOnlyList<string> Paper { get; } =
    [
        "MODIFIER", "TYPE", "KEYWORD", "IDENT", "NUMBER", "STRING", "BOOL",
        .. Punctuation.Select(p => p.Paper).Where(l => l != Unknown).Distinct(), Unknown,
    ];

    /// <summary>The clean scheme's labels, in a stable order.</summary>
    public static IReadOnlyList<string> Clean { get; } =
    [
        "MODIFIER", "TYPE", "KEYWORD", "IDENT", "NULL", "NUMBER", "STRING", "CHAR", "BOOL",
        .. Punctuation.Select(p => p.Clean).Distinct(), Unknown,
    ];

    /// <summary>The labels of <paramref name="scheme"/>.</summary>
    /// <param name="scheme">The scheme.</param>
    /// <returns>Its labels, in a stable order.</returns>
    public static IReadOnlyList<string> For(JavaLabelScheme scheme) => scheme == JavaLabelScheme.Clean ? Clean : Paper;

    /// <summary>The label of a token of kind <paramref name="kind"/> and text <paramref name="text"/>.</summary>
    /// <param name="kind">The token's kind.</param>
    /// <param name="text">The token's text (used for separators and operators).</param>
    /// <param name="scheme">The label scheme.</param>
    /// <returns>The label (one of <see cref="For"/>).</returns>
    public static string Label(JavaTokenKind kind, string text, JavaLabelScheme scheme)
    {
        bool clean = scheme == JavaLabelScheme.Clean;
        return kind switch
        {
            JavaTokenKind.Keyword => "KEYWORD",
            JavaTokenKind.Modifier => "MODIFIER",
            JavaTokenKind.BasicType => "TYPE",
            JavaTokenKind.Boolean => "BOOL",
            JavaTokenKind.Null => clean ? "NULL" : "IDENT",
            JavaTokenKind.Identifier => "IDENT",
            JavaTokenKind.Separator or JavaTokenKind.Operator or JavaTokenKind.Annotation =>
                (clean ? CleanPunct : PaperPunct).GetValueOrDefault(text, Unknown),
            JavaTokenKind.DecimalInteger or JavaTokenKind.DecimalFloatingPoint => "NUMBER",
            JavaTokenKind.HexInteger or JavaTokenKind.OctalInteger or JavaTokenKind.BinaryInteger
                or JavaTokenKind.HexFloatingPoint => clean ? "NUMBER" : Unknown,
            JavaTokenKind.Character => clean ? "CHAR" : "STRING",
            JavaTokenKind.String or JavaTokenKind.TextBlock => "STRING",
            _ => Unknown,
        };
    }
}
