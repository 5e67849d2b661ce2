namespace CodeNeurons.Lexing;

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
