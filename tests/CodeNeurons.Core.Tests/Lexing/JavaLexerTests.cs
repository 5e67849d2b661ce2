using CodeNeurons.Lexing;

namespace CodeNeurons.Tests.Lexing;

public class JavaLexerTests
{
    private static readonly JavaLexer Paper = new();
    private static readonly JavaLexer Clean = new(new JavaLexerOptions { Scheme = JavaLabelScheme.Clean });

    private static string Texts(LexResult r) => string.Join(" ", r.Tokens.Select(t => t.Text));
    private static string Labels(LexResult r) => string.Join(" ", r.Tokens.Select(t => t.Label));

    [Test]
    public void LanguageAndLabelLists()
    {
        Assert.That(Paper.Language, Is.EqualTo("java"));
        Assert.That(Paper.Labels, Does.Contain("PLUSEUQAL").And.Contain("CONDITIONOP").And.Contain("UNKNOWN").And.Contain("AT"));
        Assert.That(Paper.Labels, Is.Unique);
        Assert.That(Clean.Labels, Is.Unique);
        Assert.That(Clean.Labels, Does.Contain("PLUS_ASSIGN").And.Contain("CHAR").And.Contain("NULL").And.Not.Contain("PLUSEUQAL"));
        Assert.That(Paper.Options.Scheme, Is.EqualTo(JavaLabelScheme.Paper));
    }

    [TestCase("protected final void f ( int x ) {", "MODIFIER MODIFIER KEYWORD IDENT LPAR TYPE IDENT RPAR LBRACE")]
    [TestCase("abstract native transient strictfp volatile synchronized public private static default",
        "MODIFIER MODIFIER MODIFIER MODIFIER MODIFIER MODIFIER MODIFIER MODIFIER MODIFIER MODIFIER")]
    [TestCase("boolean byte char double float int long short", "TYPE TYPE TYPE TYPE TYPE TYPE TYPE TYPE")]
    [TestCase("x $y _z ÄÖ String var record yield null", "IDENT IDENT IDENT IDENT IDENT IDENT IDENT IDENT IDENT")]
    [TestCase("true false", "BOOL BOOL")]
    [TestCase("0 1 42L 0l 1_000 1.0 .5 1. 1.f 1e-6 1.0e15 5.0f 2d", "NUMBER NUMBER NUMBER NUMBER NUMBER NUMBER NUMBER NUMBER NUMBER NUMBER NUMBER NUMBER NUMBER")]
    [TestCase("0xFF 0xFFL 0Xf 017 0b101 0x1.8p1", "UNKNOWN UNKNOWN UNKNOWN UNKNOWN UNKNOWN UNKNOWN")]
    [TestCase("\"a\" \"\" 'c' '\\n' \"\\t\\\"\" '\\0' \"\\377\"", "STRING STRING STRING STRING STRING STRING STRING")]
    [TestCase("( ) { } [ ] ; , . ... @ ::", "LPAR RPAR LBRACE RBRACE LSQB RSQB SEMI COMMA DOT ELLIPSIS AT DOUBLECOLON")]
    [TestCase("= > < ! ~ ? : -> == >= <= != && || ++ --",
        "EQUAL GREATER LESS NOT TILDE CONDITIONOP COLON RARROW EQEQUAL GREATEREQUAL LESSEQUAL NOTEQUAL AND OR DOUBLEPLUS DOUBLEMINUS")]
    [TestCase("+ - * / & | ^ % << += -= *= /= &= |= ^= %= <<= >>= >>>=",
        "PLUS MINUS STAR SLASH AMPER VBAR CIRCUMFLEX PERCENT LEFTSHIFT PLUSEUQAL MINEQUAL STAREQUAL SLASHEQUAL AMPEREQUAL VBAREQUAL CIRCUMFLEXEQUAL PERCENTEQUAL LEFTSHIFTEQUAL RIGHTSHIFTEQUAL UNKNOWN")]
    public void PaperLabels(string source, string labels)
    {
        var r = Paper.Tokenize(source);
        Assert.That(Labels(r), Is.EqualTo(labels));
        Assert.That(Texts(r), Is.EqualTo(source));
        Assert.That(r.Diagnostics, Is.Empty);
    }

    [TestCase("null 'c' \"s\" 0xFF 017 0b1 0x1p3 1.5 7", "NULL CHAR STRING NUMBER NUMBER NUMBER NUMBER NUMBER NUMBER")]
    [TestCase("( ) [ ] = ? += >>>= >>= && || ++ -- :: -> == !=",
        "LPAREN RPAREN LBRACKET RBRACKET ASSIGN QUESTION PLUS_ASSIGN URSHIFT_ASSIGN RSHIFT_ASSIGN AND_AND OR_OR INC DEC COLONCOLON ARROW EQ NE")]
    [TestCase("public int void x true", "MODIFIER TYPE KEYWORD IDENT BOOL")]
    public void CleanLabels(string source, string labels)
    {
        var r = Clean.Tokenize(source);
        Assert.That(Labels(r), Is.EqualTo(labels));
        Assert.That(r.Diagnostics, Is.Empty);
    }

    [Test]
    public void KeywordsAreKeywordsInBothSchemes()
    {
        const string src = "if else new return this void for throws case instanceof super extends class while catch throw switch try assert continue break finally do implements enum interface import package const goto";
        foreach (var lexer in new[] { Paper, Clean })
        {
            var labels = lexer.Tokenize(src).Tokens.Select(t => t.Label).ToList();
            Assert.That(labels, Has.Count.EqualTo(src.Split(' ').Length));
            Assert.That(labels, Is.All.EqualTo("KEYWORD"));
        }
    }

    [Test]
    public void LoneSurrogatesAreUnknown()
    {
        string src = "x" + '\uD800' + "y";
        var r = Paper.Tokenize(src);
        Assert.That(r.Tokens.Select(t => t.Label), Is.EqualTo(new[] { "IDENT", "UNKNOWN", "IDENT" }));
        Assert.That(r.Diagnostics, Has.Count.EqualTo(1));
        Assert.That(r.Diagnostics[0].Column, Is.EqualTo(1));
    }

    [Test]
    public void EveryLabelIsListed()
    {
        const string src = "public int void x null true 1 0xF 'c' \"s\" ( ) { } [ ] ; , . ... @ :: = > < ! ~ ? : -> == >= <= != && || ++ -- + - * / & | ^ % << += -= *= /= &= |= ^= %= <<= >>= >>>= #";
        foreach (var lexer in new[] { Paper, Clean })
        {
            var r = lexer.Tokenize(src);
            Assert.That(r.Tokens.Select(t => t.Label).Except(lexer.Labels), Is.Empty);
            Assert.That(lexer.Labels.Except(r.Tokens.Select(t => t.Label)), Is.Empty, "each label is produced by the sample");
        }
    }

    [TestCase("List<List<String>> x", "List < List < String > > x")]
    [TestCase("a >>> b >> c", "a > > > b > > c")]
    [TestCase("a>>=b>>>=c", "a >>= b >>>= c")]
    [TestCase("@Override public", "@ Override public")]
    [TestCase("String...args", "String ... args")]
    [TestCase("Foo::bar", "Foo :: bar")]
    [TestCase("x->x+1", "x -> x + 1")]
    [TestCase("a.b(1.5f,.5)", "a . b ( 1.5f , .5 )")]
    [TestCase("i++ + ++j", "i ++ + ++ j")]
    [TestCase("x = 1; // comment ; y", "x = 1 ;")]
    [TestCase("/** doc */ int /* c */ x", "int x")]
    [TestCase("a\\u0020b", "a b")]
    [TestCase("\"\\\\u0041\"", "\"\\\\u0041\"")]
    [TestCase("char c = '\\u0041';", "char c = 'A' ;")]
    [TestCase("1__2L 1_ 1e+5d", "1__2L 1 _ 1e+5d")]
    [TestCase("non-sealed", "non - sealed")]
    [TestCase("while (n>0", "while ( n > 0")]
    [TestCase("x = 10000.", "x = 10000.")]
    public void TokenBoundariesFollowJavalang(string source, string texts)
        => Assert.That(Texts(Paper.Tokenize(source)), Is.EqualTo(texts));

    [Test]
    public void PositionsAreOneBasedLinesAndZeroBasedCodePointColumns()
    {
        var r = Paper.Tokenize("int x;\n  /* a\nb */ \"𝄞\" + y\r\nz");
        var toks = r.Tokens;
        Assert.That(toks.Select(t => t.Text), Is.EqualTo(new[] { "int", "x", ";", "\"𝄞\"", "+", "y", "z" }));
        Assert.That(toks[0], Is.EqualTo(new LexToken("int", "TYPE", 1, 0, 1, 3)));
        Assert.That(toks[1], Is.EqualTo(new LexToken("x", "IDENT", 1, 4, 1, 5)));
        Assert.That(toks[3], Is.EqualTo(new LexToken("\"𝄞\"", "STRING", 3, 5, 3, 8)), "surrogate pair is one column");
        Assert.That(toks[4], Is.EqualTo(new LexToken("+", "PLUS", 3, 9, 3, 10)));
        Assert.That(toks[6], Is.EqualTo(new LexToken("z", "IDENT", 4, 0, 4, 1)), "\\r\\n is one line break");
    }

    [Test]
    public void PositionsOfTranslatedUnicodeEscapesPointAtTheSource()
    {
        var r = Paper.Tokenize("a \\u0062c d");
        Assert.That(r.Tokens[1], Is.EqualTo(new LexToken("bc", "IDENT", 1, 2, 1, 9)));
        Assert.That(r.Tokens[2], Is.EqualTo(new LexToken("d", "IDENT", 1, 10, 1, 11)));
    }

    [Test]
    public void TextBlocksAreOneString()
    {
        var r = Clean.Tokenize("String s = \"\"\"\n  hi \\\"\"\" there\n  \"\"\";");
        Assert.That(r.Tokens.Select(t => t.Label), Is.EqualTo(new[] { "IDENT", "IDENT", "ASSIGN", "STRING", "SEMI" }));
        Assert.That(r.Tokens[3].EndLine, Is.EqualTo(3));
        Assert.That(r.Diagnostics, Is.Empty);
    }

    [TestCase("String s = \"abc", "\"abc", "Unterminated string")]
    [TestCase("char c = 'a", "'a", "Unterminated character")]
    [TestCase("x /* never closed", "/* never closed", "Unterminated block comment")]
    [TestCase("s = \"\"\"\nopen", "\"\"\"\nopen", "Unterminated text block")]
    [TestCase("s = \"a\\qb\"", "\"a\\qb\"", "Illegal escape")]
    [TestCase("#include x", "#", "Could not process token")]
    [TestCase("a `b` c", "`", "Could not process token")]
    [TestCase("a \0 b", "\0", "control character")]
    [TestCase("a \u0007 b", "\u0007", "control character")]
    [TestCase("x = 0x;", "0x", "Hexadecimal literal without digits")]
    [TestCase("x = 0b;", "0b", "Binary literal without digits")]
    [TestCase("x = 0x1.8;", "0x1.8", "Invalid hex float")]
    [TestCase("a \\ b", "\\", "Could not process token")]
    public void BadInputGivesUnknownTokensAndDiagnostics(string source, string badText, string message)
    {
        foreach (var lexer in new[] { Paper, Clean })
        {
            var r = lexer.Tokenize(source);
            var bad = r.Tokens.Where(t => t.Label == "UNKNOWN").ToList();
            Assert.That(bad.Select(t => t.Text), Does.Contain(badText));
            Assert.That(r.Diagnostics, Is.Not.Empty);
            Assert.That(r.Diagnostics[0].Message, Does.Contain(message));
            var tok = bad.First(t => t.Text == badText);
            Assert.That(r.Diagnostics[0].Line, Is.EqualTo(tok.Line));
            Assert.That(r.Diagnostics[0].Column, Is.GreaterThanOrEqualTo(tok.Column).And.LessThan(tok.EndColumn + (tok.EndLine > tok.Line ? 1000 : 0)));
        }
    }

    [Test]
    public void DiagnosticPositions()
    {
        var r = Paper.Tokenize("int a;\n  x = \"oops\n#");
        Assert.That(r.Diagnostics.Select(d => (d.Line, d.Column)), Is.EqualTo(new[] { (2, 6), (3, 0) }));
        Assert.That(r.Tokens.Where(t => t.Label == "UNKNOWN").Select(t => (t.Text, t.Line, t.Column)),
            Is.EqualTo(new[] { ("\"oops", 2, 6), ("#", 3, 0) }));
    }

    [Test]
    public void InvalidUnicodeEscapeIsReported()
    {
        var r = Paper.Tokenize("a \\u12 b");
        Assert.That(r.Diagnostics.Select(d => d.Message), Has.Some.Contains("Invalid unicode escape"));
        Assert.That(r.Tokens.Select(t => t.Text), Does.Contain("a").And.Contain("b"));
    }

    [Test]
    public void EmptyAndWhitespaceInputs()
    {
        Assert.That(Paper.Tokenize("").Tokens, Is.Empty);
        Assert.That(Paper.Tokenize(" \t\r\n\f\u00a0\u2028 ").Tokens, Is.Empty);
        Assert.That(Paper.Tokenize("// only a comment").Tokens, Is.Empty);
    }

    [Test]
    public void VeryLongLinesLexCompletely()
    {
        string line = string.Concat(Enumerable.Repeat("foo ( bar , 1.5 ) + \"s\" ; ", 40_000));
        var r = Paper.Tokenize(line);
        Assert.That(r.Tokens, Has.Count.EqualTo(40_000 * 9));
        var open = Paper.Tokenize("\"" + new string('x', 1_000_000));
        Assert.That(open.Tokens, Has.Count.EqualTo(1));
        var comment = Paper.Tokenize("/*" + new string('*', 1_000_000));
        Assert.That(comment.Tokens, Has.Count.EqualTo(1));
    }

    [Test]
    public void RandomTextNeverThrowsAndTokensAreConsistent()
    {
        var rng = new Random(12345);
        const string alphabet = "abcXYZ_$019 .,;(){}[]<>=!~?:&|+-*/^%@#`\\'\"\n\r\tuxbLfFeEpP\0\u00e9\u2028";
        for (int n = 0; n < 3000; n++)
        {
            int len = rng.Next(0, 60);
            var chars = new char[len];
            for (int k = 0; k < len; k++)
                chars[k] = rng.Next(10) == 0 ? (char)rng.Next(0, 0x10000) : alphabet[rng.Next(alphabet.Length)];
            string s = new(chars);
            foreach (var lexer in new[] { Paper, Clean })
            {
                LexResult r = null!;
                Assert.DoesNotThrow(() => r = lexer.Tokenize(s), s);
                foreach (var t in r.Tokens)
                {
                    Assert.That(lexer.Labels, Does.Contain(t.Label));
                    Assert.That(t.Text, Is.Not.Empty);
                    Assert.That(t.EndLine > t.Line || (t.EndLine == t.Line && t.EndColumn > t.Column), Is.True, s);
                }
                Assert.That(r.Tokens.Count(t => t.Label == "UNKNOWN" && lexer == Clean),
                    Is.LessThanOrEqualTo(r.Diagnostics.Count), s);
            }
        }
    }
}
