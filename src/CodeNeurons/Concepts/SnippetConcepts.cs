using CodeNeurons.Lexing;

namespace CodeNeurons.Concepts;

/// <summary>
/// Snippet-level concepts: properties of a whole function that the lexers decide (<see cref="PythonLexer"/>,
/// <see cref="JavaLexer"/>), for the concept analysis of snippet-level tasks (Sharma et al., arXiv 2305.00875: "higher-level
/// concepts important for sentence-level downstream tasks"). A snippet has any number of them (multi-label); the analysis
/// probes each one as its own binary concept (it holds / it does not). See <c>docs/tasks.md</c>.
/// </summary>
/// <remarks>
/// The rules, all on lexer tokens (comments never count):
/// <list type="bullet">
/// <item><see cref="Loop"/>: the keyword <c>for</c> or <c>while</c> (Python comprehensions count: their <c>for</c> is a loop); Java/C also <c>do</c>.</item>
/// <item><see cref="ExceptionHandler"/>: Python <c>try</c> / <c>except</c> / <c>finally</c>; Java <c>try</c> / <c>catch</c> / <c>finally</c>.</item>
/// <item><see cref="StringLiteral"/>: a string token (Python: any prefix, f-strings and byte strings included; Java: string, text block or character literal).</item>
/// <item><see cref="NumericLiteral"/>: a number token.</item>
/// <item><see cref="Comparison"/>: an operator <c>== != &lt; &gt; &lt;= &gt;=</c>, or Python's <c>is</c>. Python's <c>in</c> is left out (it also heads every
/// <c>for</c>); a Java generic's angle brackets (<c>List&lt;String&gt;</c>) are counted, since the lexer cannot tell them from comparisons.</item>
/// <item><see cref="Return"/>: the keyword <c>return</c>.</item>
/// <item>Nesting depth: the deepest block — Python: open <c>INDENT</c>s (the function body is 1), Java/C: open braces (the method body is 1);
/// buckets <see cref="Depth1"/> (≤ 1), <see cref="Depth2"/>, <see cref="Depth3Plus"/> (≥ 3).</item>
/// <item>Length: code tokens (layout and comments left out); buckets <see cref="LengthShort"/> (&lt; 50), <see cref="LengthMedium"/> (50–99),
/// <see cref="LengthLong"/> (≥ 100).</item>
/// </list>
/// </remarks>
public static class SnippetConcepts
{
    /// <summary>Contains a loop.</summary>
    public const string Loop = "LOOP";

    /// <summary>Contains an exception handler.</summary>
    public const string ExceptionHandler = "EXCEPTION_HANDLER";

    /// <summary>Contains a string literal.</summary>
    public const string StringLiteral = "STRING_LITERAL";

    /// <summary>Contains a numeric literal.</summary>
    public const string NumericLiteral = "NUMERIC_LITERAL";

    /// <summary>Contains a comparison.</summary>
    public const string Comparison = "COMPARISON";

    /// <summary>Contains a <c>return</c>.</summary>
    public const string Return = "RETURN";

    /// <summary>Nesting depth at most 1 (a flat body).</summary>
    public const string Depth1 = "DEPTH_1";

    /// <summary>Nesting depth 2.</summary>
    public const string Depth2 = "DEPTH_2";

    /// <summary>Nesting depth 3 or more.</summary>
    public const string Depth3Plus = "DEPTH_3_PLUS";

    /// <summary>Fewer than 50 code tokens.</summary>
    public const string LengthShort = "LENGTH_SHORT";

    /// <summary>50 to 99 code tokens.</summary>
    public const string LengthMedium = "LENGTH_MEDIUM";

    /// <summary>100 or more code tokens.</summary>
    public const string LengthLong = "LENGTH_LONG";

    /// <summary>Every concept, in a stable order (the report's order).</summary>
    public static IReadOnlyList<string> All { get; } =
        [Loop, ExceptionHandler, StringLiteral, NumericLiteral, Comparison, Return, Depth1, Depth2, Depth3Plus, LengthShort, LengthMedium, LengthLong];

    private static readonly HashSet<string> PythonLayout = ["NEWLINE", "NL", "INDENT", "DEDENT", "ENDMARKER", "COMMENT"];
    private static readonly HashSet<string> ComparisonOperators = ["==", "!=", "<", ">", "<=", ">="];
    private static readonly PythonLexer Python = new();

    /// <summary>The concepts that hold of <paramref name="code"/>, in the order of <see cref="All"/>.</summary>
    /// <param name="code">One function or snippet.</param>
    /// <param name="language">Its language (C, as in Devign, is lexed as Java: close enough for these properties).</param>
    /// <returns>The concept names; exactly one depth and one length bucket are always among them.</returns>
    public static IReadOnlyList<string> Of(string code, CodeLanguage language)
    {
        var (flags, depth, length) = Measure(code, language);
        var result = new List<string>();
        string[] flagNames = [Loop, ExceptionHandler, StringLiteral, NumericLiteral, Comparison, Return];
        for (int i = 0; i < flagNames.Length; i++)
            if (flags[i]) result.Add(flagNames[i]);
        result.Add(depth <= 1 ? Depth1 : depth == 2 ? Depth2 : Depth3Plus);
        result.Add(length < 50 ? LengthShort : length < 100 ? LengthMedium : LengthLong);
        return result;
    }

    /// <summary>The deepest block of <paramref name="code"/> (0 for code without blocks; a function body is 1).</summary>
    /// <param name="code">One function or snippet.</param>
    /// <param name="language">Its language.</param>
    /// <returns>The nesting depth.</returns>
    public static int NestingDepth(string code, CodeLanguage language) => Measure(code, language).Depth;

    /// <summary>The number of code tokens of <paramref name="code"/> (layout and comments not counted).</summary>
    /// <param name="code">One function or snippet.</param>
    /// <param name="language">Its language.</param>
    /// <returns>The count.</returns>
    public static int CodeTokens(string code, CodeLanguage language) => Measure(code, language).Length;

    private static (bool[] Flags, int Depth, int Length) Measure(string code, CodeLanguage language)
    {
        ArgumentNullException.ThrowIfNull(code);
        var flags = new bool[6];
        int depth = 0, maxDepth = 0, length = 0;
        bool python = language == CodeLanguage.Python;
        var tokens = python ? Python.Tokenize(code).Tokens : CodeLanguages.CreateLexer(language).Tokenize(code).Tokens;
        foreach (var t in tokens)
        {
            if (python && t.Label == "INDENT") maxDepth = Math.Max(maxDepth, ++depth);
            else if (python && t.Label == "DEDENT") depth--;
            if (python && PythonLayout.Contains(t.Label)) continue;
            length++;
            bool keyword = t.Label == "KEYWORD";
            bool literal = t.Label is "STRING" or "CHAR" or "FSTRING_START";
            if (keyword && (t.Text is "for" or "while" || (!python && t.Text == "do"))) flags[0] = true;
            if (keyword && (t.Text is "try" or "finally" || t.Text == (python ? "except" : "catch"))) flags[1] = true;
            if (literal) flags[2] = true;
            if (t.Label == "NUMBER") flags[3] = true;
            if (!literal && (ComparisonOperators.Contains(t.Text) || (python && keyword && t.Text == "is"))) flags[4] = true;
            if (keyword && t.Text == "return") flags[5] = true;
            if (!python && !literal && t.Text == "{") maxDepth = Math.Max(maxDepth, ++depth);
            else if (!python && !literal && t.Text == "}") depth = Math.Max(0, depth - 1);
        }
        return (flags, maxDepth, length);
    }
}
