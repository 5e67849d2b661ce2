using System.Globalization;
using System.Text;

namespace CodeNeurons.Lexing;

/// <summary>
/// A Python lexer that reproduces Python 3.11's pure-Python <c>tokenize</c> module: token types <c>NAME</c>,
/// <c>NUMBER</c>, <c>STRING</c> (f-strings included), <c>OP</c>, <c>COMMENT</c>, <c>NEWLINE</c>, <c>NL</c>,
/// <c>INDENT</c>, <c>DEDENT</c>, <c>ENDMARKER</c> and <c>ERRORTOKEN</c>, with <c>NAME</c> split into <c>KEYWORD</c>
/// for Python's hard keywords (see <see cref="PythonLexerOptions"/>). Positions are those <c>tokenize</c> reports:
/// 1-based lines, 0-based columns in code points. Lines end at <c>\n</c> only (as <c>tokenize.tokenize</c> reading
/// bytes); a leading byte-order mark is dropped.
/// </summary>
/// <remarks>
/// Where <c>tokenize</c> raises, this lexer does not throw; it reports a <see cref="LexDiagnostic"/> and an
/// <c>ERRORTOKEN</c>:
/// <list type="bullet">
/// <item>EOF inside a triple-quoted (or backslash-continued) string (<c>TokenError</c>): the unfinished string
/// becomes one <c>ERRORTOKEN</c> at its start, then the closing tokens (<c>NEWLINE</c>, <c>DEDENT</c>s,
/// <c>ENDMARKER</c>) follow.</item>
/// <item>EOF inside brackets or after a backslash continuation (<c>TokenError</c>): an empty <c>ERRORTOKEN</c> at
/// the end, then the closing tokens.</item>
/// <item>A dedent to a column that matches no outer indentation level (<c>IndentationError</c>): an empty
/// <c>ERRORTOKEN</c> where the line's code starts, <c>DEDENT</c>s down to the nearest enclosing level, and that
/// column becomes the current level (without an <c>INDENT</c>).</item>
/// </list>
/// Stray characters (<c>$</c>, <c>?</c>, a lone <c>\</c>, an unterminated single-quoted string's quote) are
/// <c>ERRORTOKEN</c>s exactly as <c>tokenize</c> yields them (including the quirk that a space before such a character
/// is an <c>ERRORTOKEN</c> of its own); they are reported as diagnostics too.
/// </remarks>
public sealed partial class PythonLexer : ICodeLexer
{
    /// <summary>Python 3.11's <c>keyword.kwlist</c>.</summary>
    public static IReadOnlyList<string> Keywords { get; } =
    [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
        "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
        "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
    ];

    /// <summary>Python's soft keywords (3.11's <c>keyword.softkwlist</c> plus 3.12's <c>type</c>); they stay <c>NAME</c>.</summary>
    public static IReadOnlyList<string> SoftKeywords { get; } = ["_", "case", "match", "type"];

    private static readonly HashSet<string> KeywordSet = new(Keywords, StringComparer.Ordinal);

    private static readonly string[] LayoutLabels = ["NEWLINE", "NL", "INDENT", "DEDENT", "ENDMARKER", "COMMENT"];

    private const int TabSize = 8;

    /// <summary>Creates a lexer.</summary>
    /// <param name="options">Options; <see langword="null"/> for <see cref="PythonLexerOptions.Default"/>.</param>
    public PythonLexer(PythonLexerOptions? options = null)
    {
        Options = options ?? PythonLexerOptions.Default;
        var labels = new List<string> { "NAME" };
        if (Options.SplitKeywords) labels.Add("KEYWORD");
        labels.Add("NUMBER");
        labels.Add("STRING");
        if (Options.FStringTokens == PythonFStringTokens.Python312)
        {
            labels.Add("FSTRING_START");
            labels.Add("FSTRING_MIDDLE");
            labels.Add("FSTRING_END");
        }
        if (Options.IncludeOperators) labels.Add("OP");
        if (Options.IncludeLayoutTokens) labels.AddRange(LayoutLabels);
        labels.Add("ERRORTOKEN");
        Labels = labels;
    }

    /// <summary>The options this lexer was created with.</summary>
    public PythonLexerOptions Options { get; }

    /// <inheritdoc />
    public string Language => "python";

    /// <inheritdoc />
    public IReadOnlyList<string> Labels { get; }

    /// <inheritdoc />
    public LexResult Tokenize(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var raw = new List<LexToken>();
        var diagnostics = new List<LexDiagnostic>();
        new Scanner(SplitLines(source), raw, diagnostics).Run();

        if (Options.FStringTokens == PythonFStringTokens.Python312)
        {
            var expanded = new List<LexToken>(raw.Count);
            foreach (var t in raw)
            {
                if (t.Label == "STRING" && IsFString(t.Text)) SplitFString(t, expanded);
                else expanded.Add(t);
            }
            raw = expanded;
        }

        var tokens = new List<LexToken>(raw.Count);
        foreach (var t in raw)
        {
            switch (t.Label)
            {
                case "NAME" when Options.SplitKeywords && KeywordSet.Contains(t.Text):
                    tokens.Add(t with { Label = "KEYWORD" });
                    break;
                case "OP" when !Options.IncludeOperators:
                    break;
                case "NEWLINE" or "NL" or "INDENT" or "DEDENT" or "ENDMARKER" or "COMMENT" when !Options.IncludeLayoutTokens:
                    break;
                default:
                    tokens.Add(t);
                    break;
            }
        }
        return new LexResult(tokens, diagnostics);
    }

    /// <summary>Splits into lines that keep their <c>\n</c>, each as code points; drops a leading BOM.</summary>
    private static List<int[]> SplitLines(string source)
    {
        var lines = new List<int[]>();
        var current = new List<int>();
        var i = source.Length > 0 && source[0] == '\uFEFF' ? 1 : 0;
        while (i < source.Length)
        {
            int cp;
            var c = source[i];
            if (char.IsHighSurrogate(c) && i + 1 < source.Length && char.IsLowSurrogate(source[i + 1]))
            {
                cp = char.ConvertToUtf32(c, source[i + 1]);
                i += 2;
            }
            else
            {
                cp = c; // lone surrogates count as one code point each
                i++;
            }
            current.Add(cp);
            if (cp == '\n')
            {
                lines.Add([.. current]);
                current.Clear();
            }
        }
        if (current.Count > 0) lines.Add([.. current]);
        return lines;
    }

    internal static string Text(int[] cps, int from, int to)
    {
        var sb = new StringBuilder(to - from);
        AppendText(sb, cps, from, to);
        return sb.ToString();
    }

    private static void AppendText(StringBuilder sb, int[] cps, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            var cp = cps[i];
            if (cp < 0x10000) sb.Append((char)cp);
            else sb.Append(char.ConvertFromUtf32(cp));
        }
    }

    /// <summary>Python's <c>\w</c> for str patterns: <c>str.isalnum()</c> or <c>_</c>.</summary>
    private static bool IsWord(int cp)
    {
        if (cp < 128) return cp is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_';
        if (cp is >= 0xD800 and <= 0xDFFF) return false;
        return CharUnicodeInfo.GetUnicodeCategory(cp) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.DecimalDigitNumber
                or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => true,
            _ => false,
        };
    }

    /// <summary>Approximates <c>str.isidentifier()</c> for one character (XID_Start or <c>_</c>).</summary>
    private static bool IsIdentifierStart(int cp)
    {
        if (cp < 128) return cp is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or '_';
        if (cp is >= 0xD800 and <= 0xDFFF) return false;
        if (cp is 0x2118 or 0x212E or 0x309B or 0x309C or 0x1885 or 0x1886) return true; // Other_ID_Start
        return CharUnicodeInfo.GetUnicodeCategory(cp) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.LetterNumber => true,
            _ => false,
        };
    }

    private static bool IsDigit(int[] s, int i) => i < s.Length && s[i] is >= '0' and <= '9';

    private static int At(int[] s, int i) => i < s.Length ? s[i] : -1;

    /// <summary>Length (0..2) of a valid string prefix at <paramref name="p"/> followed by a quote, or -1.</summary>
    private static int PrefixBeforeQuote(int[] s, int p)
    {
        for (var len = 0; len <= 2; len++)
        {
            var q = At(s, p + len);
            if (q is '\'' or '"') return IsValidPrefix(s, p, len) ? len : -1;
            if (q < 0 || !IsPrefixLetter(q)) return -1;
        }
        return -1;
    }

    private static bool IsPrefixLetter(int c) => c is 'b' or 'B' or 'r' or 'R' or 'u' or 'U' or 'f' or 'F';

    private static bool IsValidPrefix(int[] s, int p, int len)
    {
        if (len == 0) return true;
        var a = char.ToLowerInvariant((char)s[p]);
        if (len == 1) return a is 'b' or 'r' or 'u' or 'f';
        var b = char.ToLowerInvariant((char)s[p + 1]);
        return (a, b) is ('b', 'r') or ('r', 'b') or ('f', 'r') or ('r', 'f');
    }

    private static bool IsFString(string text)
    {
        foreach (var c in text)
        {
            if (c is '\'' or '"') return false;
            if (c is 'f' or 'F') return true;
        }
        return false;
    }
}
