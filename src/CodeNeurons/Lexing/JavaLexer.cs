using System.Globalization;
using System.Text;

namespace CodeNeurons.Lexing;

/// <summary>
/// A Java lexer that splits source text into tokens exactly as the Python <c>javalang</c> tokenizer does (the lexer the
/// paper's <c>java-token-tagging</c> data was made with) and labels them with a <see cref="JavaLabelScheme"/>.
/// </summary>
/// <remarks>
/// Token boundaries follow javalang: comments and whitespace are skipped; <c>\uXXXX</c> escapes are translated first
/// (token text holds the translated characters, positions point at the source); <c>@</c> is a token of its own;
/// <c>&gt;&gt;</c> and <c>&gt;&gt;&gt;</c> are split into single <c>&gt;</c> tokens (the parser's job to rejoin) while
/// <c>&gt;&gt;=</c> and <c>&gt;&gt;&gt;=</c> stay whole; <c>...</c>, <c>-&gt;</c> and <c>::</c> are single tokens.
/// Differences from javalang, all on text javalang rejects or crashes on: text blocks are one STRING token, <c>\s</c>
/// is a valid escape, strings end at a line break, and errors become UNKNOWN tokens plus diagnostics instead of
/// exceptions. The lexer never throws.
/// </remarks>
public sealed class JavaLexer : ICodeLexer
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const", "continue",
        "default", "do", "double", "else", "enum", "extends", "final", "finally", "float", "for", "goto", "if",
        "implements", "import", "instanceof", "int", "interface", "long", "native", "new", "package", "private",
        "protected", "public", "return", "short", "static", "strictfp", "super", "switch", "synchronized", "this",
        "throw", "throws", "transient", "try", "void", "volatile", "while",
    };

    private static readonly HashSet<string> Modifiers = new(StringComparer.Ordinal)
    {
        "abstract", "default", "final", "native", "private", "protected", "public", "static", "strictfp",
        "synchronized", "transient", "volatile",
    };

    private static readonly HashSet<string> BasicTypes = new(StringComparer.Ordinal)
    {
        "boolean", "byte", "char", "double", "float", "int", "long", "short",
    };

    private static readonly HashSet<string> Operators = new(StringComparer.Ordinal)
    {
        ">>>=", ">>=", "<<=", "%=", "^=", "|=", "&=", "/=", "*=", "-=", "+=", "<<", "--", "++", "||", "&&", "!=",
        ">=", "<=", "==", "%", "^", "|", "&", "/", "*", "-", "+", ":", "?", "~", "!", "<", ">", "=", "...", "->", "::",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> OperatorLookup =
        Operators.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Creates a lexer with the paper's label scheme.</summary>
    public JavaLexer() : this(new JavaLexerOptions()) { }

    /// <summary>Creates a lexer.</summary>
    /// <param name="options">Options (the label scheme).</param>
    public JavaLexer(JavaLexerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        Labels = JavaLabels.For(options.Scheme);
    }

    /// <summary>The options this lexer was created with.</summary>
    public JavaLexerOptions Options { get; }

    /// <inheritdoc />
    public string Language => "java";

    /// <inheritdoc />
    public IReadOnlyList<string> Labels { get; }

    /// <inheritdoc />
    public LexResult Tokenize(string source)
    {
        var tokens = new List<LexToken>();
        var diagnostics = new List<LexDiagnostic>();
        var kinds = new List<JavaTokenKind>();
        new Scanner(source ?? "", Options.Scheme, tokens, kinds, diagnostics).Run();
        return new LexResult(tokens, diagnostics);
    }

    /// <summary>Tokenizes <paramref name="source"/> and also returns each token's javalang class.</summary>
    /// <param name="source">The source text.</param>
    /// <param name="kinds">The kind of each token of the result, in order.</param>
    /// <returns>Tokens and diagnostics.</returns>
    public LexResult Tokenize(string source, out IReadOnlyList<JavaTokenKind> kinds)
    {
        var tokens = new List<LexToken>();
        var diagnostics = new List<LexDiagnostic>();
        var kindList = new List<JavaTokenKind>();
        new Scanner(source ?? "", Options.Scheme, tokens, kindList, diagnostics).Run();
        kinds = kindList;
        return new LexResult(tokens, diagnostics);
    }

    /// <summary>Python's <c>str.isspace</c> for a code point.</summary>
    private static bool IsSpace(int c)
    {
        if (c <= 0x20) return c == 0x20 || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F);
        if (c == 0x85 || c == 0xA0) return true;
        if (c < 0x100) return false;
        var cat = CharUnicodeInfo.GetUnicodeCategory(c);
        return cat is UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
    }

    private static bool IsIdentStart(int c)
    {
        if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
        return CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
            or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.LetterNumber or UnicodeCategory.ConnectorPunctuation or UnicodeCategory.CurrencySymbol;
    }

    private static bool IsIdentPart(int c)
    {
        if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$';
        return IsIdentStart(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.SpacingCombiningMark
            or UnicodeCategory.NonSpacingMark or UnicodeCategory.DecimalDigitNumber;
    }

    private static bool IsDigit(int c) => c >= '0' && c <= '9';

    private static bool IsHexDigit(int c) => IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');

    /// <summary>The scanner state for one call of <see cref="Tokenize(string)"/>.</summary>
    private sealed class Scanner
    {
        private readonly string _source;
        private readonly JavaLabelScheme _scheme;
        private readonly List<LexToken> _tokens;
        private readonly List<JavaTokenKind> _kinds;
        private readonly List<LexDiagnostic> _diagnostics;

        // Source code points, their UTF-16 offsets and positions (index n is the end sentinel).
        private int[] _raw = [];
        private int[] _utf16 = [];
        private int[] _line = [];
        private int[] _col = [];

        // Code points after \uXXXX translation and the raw index each starts at (index n is the end sentinel).
        private int[] _cp = [];
        private int[] _origin = [];
        private int _n;
        private bool _translated;

        public Scanner(string source, JavaLabelScheme scheme, List<LexToken> tokens, List<JavaTokenKind> kinds,
            List<LexDiagnostic> diagnostics)
        {
            _source = source;
            _scheme = scheme;
            _tokens = tokens;
            _kinds = kinds;
            _diagnostics = diagnostics;
        }

        public void Run()
        {
            Decode();
            TranslateUnicodeEscapes();
            int i = 0;
            while (i < _n)
                i = Step(i);
        }

        private void Decode()
        {
            var s = _source;
            var raw = new int[s.Length + 1];
            var utf16 = new int[s.Length + 1];
            int k = 0;
            for (int u = 0; u < s.Length; k++)
            {
                utf16[k] = u;
                char ch = s[u];
                if (char.IsHighSurrogate(ch) && u + 1 < s.Length && char.IsLowSurrogate(s[u + 1]))
                {
                    raw[k] = char.ConvertToUtf32(ch, s[u + 1]);
                    u += 2;
                }
                else
                {
                    raw[k] = ch; // lone surrogates stay as their code unit (an UNKNOWN token later)
                    u++;
                }
            }
            utf16[k] = s.Length;
            _raw = raw;
            _utf16 = utf16;
            int len = k;
            _line = new int[len + 1];
            _col = new int[len + 1];
            int line = 1, col = 0;
            for (int x = 0; x <= len; x++)
            {
                _line[x] = line;
                _col[x] = col;
                if (x == len) break;
                int c = raw[x];
                if (c == '\n' || (c == '\r' && (x + 1 >= len || raw[x + 1] != '\n'))) { line++; col = 0; }
                else col++;
            }
            _n = len;
        }

        /// <summary>javalang's <c>pre_tokenize</c>: <c>\uXXXX</c> (any number of <c>u</c>) after an odd backslash.</summary>
        private void TranslateUnicodeEscapes()
        {
            int len = _n;
            var raw = _raw;
            bool any = false;
            for (int x = 0; x + 1 < len; x++)
            {
                if (raw[x] != '\\') continue;
                if (raw[x + 1] == 'u') { any = true; break; }
                x++; // a backslash escapes the next character
            }
            if (!any)
            {
                _cp = raw;
                _origin = [];
                return;
            }

            var cp = new List<int>(len);
            var origin = new List<int>(len + 1);
            int i = 0;
            while (i < len)
            {
                if (raw[i] == '\\' && i + 1 < len)
                {
                    if (raw[i + 1] == 'u')
                    {
                        int j = i + 1;
                        while (j < len && raw[j] == 'u') j++;
                        if (j + 4 <= len && IsHexDigit(raw[j]) && IsHexDigit(raw[j + 1]) && IsHexDigit(raw[j + 2]) && IsHexDigit(raw[j + 3]))
                        {
                            int value = 0;
                            for (int d = 0; d < 4; d++)
                                value = value * 16 + Convert.ToInt32(((char)raw[j + d]).ToString(), 16);
                            cp.Add(value);
                            origin.Add(i);
                            i = j + 4;
                            continue;
                        }
                        _diagnostics.Add(new LexDiagnostic(_line[i], _col[i], "Invalid unicode escape (\\u must be followed by four hex digits)"));
                        cp.Add(raw[i]); origin.Add(i);
                        i++;
                        continue;
                    }
                    // A backslash pair: neither can start an escape.
                    cp.Add(raw[i]); origin.Add(i);
                    cp.Add(raw[i + 1]); origin.Add(i + 1);
                    i += 2;
                    continue;
                }
                cp.Add(raw[i]); origin.Add(i);
                i++;
            }
            origin.Add(len);
            _cp = [.. cp, 0];
            _origin = [.. origin];
            _n = cp.Count;
            _translated = true;
        }

        private int Raw(int i) => _translated ? _origin[i] : i;

        private int At(int i) => i < _n ? _cp[i] : -1;

        private string Text(int a, int b)
        {
            int ra = Raw(a), rb = Raw(b);
            if (!_translated || rb - ra == b - a)
                return _source.Substring(_utf16[ra], _utf16[rb] - _utf16[ra]);
            var sb = new StringBuilder(b - a);
            for (int x = a; x < b; x++)
            {
                int c = _cp[x];
                if (c >= 0x10000 && c <= 0x10FFFF) sb.Append(char.ConvertFromUtf32(c));
                else sb.Append((char)c);
            }
            return sb.ToString();
        }

        private void Emit(JavaTokenKind kind, int a, int b)
        {
            string text = Text(a, b);
            int ra = Raw(a), rb = Raw(b);
            _tokens.Add(new LexToken(text, JavaLabels.Label(kind, text, _scheme), _line[ra], _col[ra], _line[rb], _col[rb]));
            _kinds.Add(kind);
        }

        private void Error(int a, int b, string message)
        {
            int ra = Raw(a);
            _diagnostics.Add(new LexDiagnostic(_line[ra], _col[ra], message));
            Emit(JavaTokenKind.Error, a, b);
        }

        private static bool IsLineBreak(int c) => c == '\n' || c == '\r';

        /// <summary>Lexes the token at <paramref name="i"/> (or skips whitespace / a comment); returns the next index.</summary>
        private int Step(int i)
        {
            int c = _cp[i];
            int next = At(i + 1);

            if (IsSpace(c))
            {
                int j = i + 1;
                while (j < _n && IsSpace(_cp[j])) j++;
                return j;
            }

            if (c == '/' && next == '/')
            {
                int j = i + 2;
                while (j < _n && !IsLineBreak(_cp[j])) j++;
                return j;
            }

            if (c == '/' && next == '*')
            {
                for (int j = i + 2; j + 1 < _n; j++)
                    if (_cp[j] == '*' && _cp[j + 1] == '/')
                        return j + 2;
                Error(i, _n, "Unterminated block comment");
                return _n;
            }

            if (c == '.' && next == '.' && At(i + 2) == '.')
            {
                Emit(JavaTokenKind.Operator, i, i + 3);
                return i + 3;
            }

            if (c == '@')
            {
                Emit(JavaTokenKind.Annotation, i, i + 1);
                return i + 1;
            }

            if (c == '.' && next >= 0 && (IsDigit(next) || (next > 0x7F && CharUnicodeInfo.GetUnicodeCategory(next) == UnicodeCategory.DecimalDigitNumber)))
            {
                int j = ReadDecimalFloatOrInteger(i, out var kind);
                Emit(kind, i, j);
                return j;
            }

            if (c is '(' or ')' or '{' or '}' or '[' or ']' or ';' or ',' or '.')
            {
                Emit(JavaTokenKind.Separator, i, i + 1);
                return i + 1;
            }

            if (c == '"' && next == '"' && At(i + 2) == '"')
                return ReadTextBlock(i);

            if (c is '"' or '\'')
                return ReadString(i);

            if (IsDigit(c))
                return ReadNumber(i, c, next);

            if (IsIdentStart(c))
            {
                int j = i + 1;
                while (j < _n && IsIdentPart(_cp[j])) j++;
                string text = Text(i, j);
                var kind = JavaTokenKind.Identifier;
                if (Keywords.Contains(text))
                    kind = BasicTypes.Contains(text) ? JavaTokenKind.BasicType
                        : Modifiers.Contains(text) ? JavaTokenKind.Modifier : JavaTokenKind.Keyword;
                else if (text is "true" or "false") kind = JavaTokenKind.Boolean;
                else if (text == "null") kind = JavaTokenKind.Null;
                Emit(kind, i, j);
                return j;
            }

            int op = TryOperator(i);
            if (op > 0)
            {
                Emit(JavaTokenKind.Operator, i, i + op);
                return i + op;
            }

            string what = c < 0x20 || c == 0x7F ? $"control character U+{c:X4}" : $"character '{Text(i, i + 1)}' (U+{c:X4})";
            Error(i, i + 1, $"Could not process token: {what}");
            return i + 1;
        }

        private int TryOperator(int i)
        {
            Span<char> buf = stackalloc char[4];
            int len = 0;
            while (len < 4 && i + len < _n && _cp[i + len] < 0x80)
            {
                buf[len] = (char)_cp[i + len];
                len++;
            }
            for (int l = len; l > 0; l--)
                if (OperatorLookup.Contains(buf[..l]))
                    return l;
            return 0;
        }

        /// <summary>javalang's <c>read_digits</c>: digits with embedded underscores, then an optional l/L.</summary>
        private int ReadDigits(int j, Func<int, bool> isDigit)
        {
            int tmp = 0;
            int c = -1;
            while (j + tmp < _n)
            {
                c = _cp[j + tmp];
                if (isDigit(c)) { j += 1 + tmp; tmp = 0; }
                else if (c == '_') tmp++;
                else break;
            }
            if ((c == 'l' || c == 'L') && j < _n) j++;
            return j;
        }

        private static readonly Func<int, bool> Decimal = IsDigit;
        private static readonly Func<int, bool> Hex = IsHexDigit;
        private static readonly Func<int, bool> Octal = c => c >= '0' && c <= '7';
        private static readonly Func<int, bool> Binary = c => c is '0' or '1';

        private int ReadNumber(int i, int c, int next)
        {
            JavaTokenKind kind;
            int j;
            if (c == '0' && next is 'x' or 'X')
            {
                j = ReadHexIntegerOrFloat(i, out kind);
                if (kind == JavaTokenKind.Error) return j;
                if (j == i + 2 || (j == i + 3 && At(i + 2) is 'l' or 'L'))
                {
                    Error(i, j, "Hexadecimal literal without digits");
                    return j;
                }
            }
            else if (c == '0' && next is 'b' or 'B')
            {
                j = ReadDigits(i + 2, Binary);
                kind = JavaTokenKind.BinaryInteger;
                if (j == i + 2 || (j == i + 3 && At(i + 2) is 'l' or 'L'))
                {
                    Error(i, j, "Binary literal without digits");
                    return j;
                }
            }
            else if (c == '0' && next >= '0' && next <= '7')
            {
                j = ReadDigits(i + 1, Octal);
                kind = JavaTokenKind.OctalInteger;
            }
            else
            {
                j = ReadDecimalFloatOrInteger(i, out kind);
            }
            Emit(kind, i, j);
            return j;
        }

        private int ReadDecimalFloatOrInteger(int i, out JavaTokenKind kind)
        {
            int j = ReadDigits(i, Decimal);
            int c = At(j);
            if (c is not ('.' or 'e' or 'E' or 'f' or 'F' or 'd' or 'D'))
            {
                kind = JavaTokenKind.DecimalInteger;
                return j;
            }
            if (c == '.') j = ReadDigits(j + 1, Decimal);
            if (At(j) is 'e' or 'E')
            {
                j++;
                if (At(j) is '-' or '+') j++;
                j = ReadDigits(j, Decimal);
            }
            if (At(j) is 'f' or 'F' or 'd' or 'D') j++;
            kind = JavaTokenKind.DecimalFloatingPoint;
            return j;
        }

        private int ReadHexIntegerOrFloat(int i, out JavaTokenKind kind)
        {
            int j = ReadDigits(i + 2, Hex);
            if (At(j) is not ('.' or 'p' or 'P'))
            {
                kind = JavaTokenKind.HexInteger;
                return j;
            }
            if (At(j) == '.') j = ReadDigits(j + 1, Hex);
            bool valid = At(j) is 'p' or 'P';
            if (valid) j++;
            if (At(j) is '-' or '+') j++;
            j = ReadDigits(j, Decimal);
            if (At(j) is 'f' or 'F' or 'd' or 'D') j++;
            if (!valid)
            {
                kind = JavaTokenKind.Error;
                Error(i, j, "Invalid hex float literal (missing p exponent)");
                return j;
            }
            kind = JavaTokenKind.HexFloatingPoint;
            return j;
        }

        /// <summary>javalang's <c>read_string</c> (string and character literals), ending at a line break.</summary>
        private int ReadString(int i)
        {
            int delim = _cp[i];
            int state = 0;
            int j = i + 1;
            string? problem = null;
            int problemAt = i;
            while (true)
            {
                if (j >= _n || IsLineBreak(_cp[j]))
                {
                    Error(i, j, delim == '"' ? "Unterminated string literal" : "Unterminated character literal");
                    return j;
                }
                int c = _cp[j];
                if (state == 0)
                {
                    if (c == '\\') state = 1;
                    else if (c == delim) break;
                }
                else if (state == 1)
                {
                    if (c is 'b' or 't' or 'n' or 'f' or 'r' or 'u' or 's' or '"' or '\'' or '\\') state = 0;
                    else if (c >= '0' && c <= '3') state = 2;
                    else if (c >= '4' && c <= '7') state = 3;
                    else
                    {
                        if (problem is null) { problem = $"Illegal escape character '{Text(j, j + 1)}'"; problemAt = j; }
                        state = 0;
                    }
                }
                else if (state == 2)
                {
                    if (c >= '0' && c <= '7') state = 3;
                    else if (c == '\\') state = 1;
                    else if (c == delim) break;
                    else state = 0;
                }
                else
                {
                    state = 0;
                    if (c == '\\') state = 1;
                    else if (c == delim) break;
                }
                j++;
            }
            j++;
            if (problem is not null)
            {
                int ra = Raw(problemAt);
                _diagnostics.Add(new LexDiagnostic(_line[ra], _col[ra], problem));
                Emit(JavaTokenKind.Error, i, j);
                return j;
            }
            Emit(delim == '"' ? JavaTokenKind.String : JavaTokenKind.Character, i, j);
            return j;
        }

        /// <summary>A Java 15 text block: <c>"""</c> … <c>"""</c>, backslash escapes skipped.</summary>
        private int ReadTextBlock(int i)
        {
            int j = i + 3;
            while (j < _n)
            {
                int c = _cp[j];
                if (c == '\\') { j += 2; continue; }
                if (c == '"' && At(j + 1) == '"' && At(j + 2) == '"')
                {
                    Emit(JavaTokenKind.TextBlock, i, j + 3);
                    return j + 3;
                }
                j++;
            }
            Error(i, _n, "Unterminated text block");
            return _n;
        }
    }
}
