namespace CodeNeurons.Lexing;

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
