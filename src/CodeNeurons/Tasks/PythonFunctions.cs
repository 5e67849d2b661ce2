using System.Text;
using CodeNeurons.Lexing;

namespace CodeNeurons.Tasks;

/// <summary>A Python function cut out of a source file, dedented to column 0.</summary>
/// <param name="File">The file it came from, relative to the source folder, with <c>/</c> separators.</param>
/// <param name="Line">The 1-based line of its <c>def</c> in that file.</param>
/// <param name="Name">The function's name.</param>
/// <param name="Code">Its source, from <c>def</c> to the last line of its body, ending in a newline.</param>
public sealed record PythonFunction(string File, int Line, string Name, string Code);

/// <summary>Finds functions in Python source with <see cref="PythonLexer"/> and edits Python code token by token.</summary>
internal static class PythonCode
{
    internal static readonly PythonLexer Lexer = new();

    private static bool IsLayout(string label) => label is "NEWLINE" or "NL" or "INDENT" or "DEDENT" or "ENDMARKER" or "COMMENT";

    /// <summary>Whether a token is code (not layout, not a comment).</summary>
    internal static bool IsCode(LexToken t) => !IsLayout(t.Label);

    /// <summary>The code tokens of <paramref name="code"/>, or null when the lexer reported a problem.</summary>
    internal static List<LexToken>? CodeTokens(string code)
    {
        var r = Lexer.Tokenize(code);
        return r.Diagnostics.Count > 0 ? null : r.Tokens.Where(IsCode).ToList();
    }

    /// <summary>
    /// Every <c>def</c> with an indented body (one-line <c>def f(): …</c> is skipped; nested functions and methods are
    /// included), dedented by the <c>def</c>'s column. Functions whose body lines are indented with tabs, or whose file has
    /// lexer problems, are skipped.
    /// </summary>
    internal static List<PythonFunction> Find(string file, string source)
    {
        var result = new List<PythonFunction>();
        var lex = Lexer.Tokenize(source);
        if (lex.Diagnostics.Count > 0) return result;
        var t = lex.Tokens;
        var lines = source.Split('\n');
        for (int i = 0; i < t.Count; i++)
        {
            if (t[i].Text != "def" || t[i].Label != "KEYWORD") continue;
            if (i > 0 && !IsLayout(t[i - 1].Label)) continue; // `async def` and anything odd
            if (i + 1 >= t.Count || t[i + 1].Label != "NAME") continue;
            int j = i;
            while (j < t.Count && t[j].Label != "NEWLINE") j++;
            j++;
            while (j < t.Count && t[j].Label is "NL" or "COMMENT") j++;
            if (j >= t.Count || t[j].Label != "INDENT") continue;
            int depth = 0, lastLine = t[i].Line;
            for (; j < t.Count; j++)
            {
                if (t[j].Label == "INDENT") depth++;
                else if (t[j].Label == "DEDENT" && --depth == 0) break;
                else if (IsCode(t[j]) || t[j].Label == "COMMENT") lastLine = Math.Max(lastLine, t[j].EndLine);
            }
            int col = t[i].Column;
            var sb = new StringBuilder();
            bool ok = true;
            for (int ln = t[i].Line; ln <= lastLine && ok; ln++)
            {
                string line = lines[ln - 1].TrimEnd('\r');
                int lead = 0;
                while (lead < line.Length && lead < col && line[lead] == ' ') lead++;
                if (line.AsSpan(0, Math.Min(line.Length, col + 8)).Contains('\t')) ok = false;
                sb.Append(line, lead, line.Length - lead).Append('\n');
            }
            if (ok) result.Add(new PythonFunction(file, t[i].Line, t[i + 1].Text, sb.ToString()));
        }
        return result;
    }

    /// <summary>The UTF-16 index of each line start of <paramref name="text"/> (lines end at <c>\n</c>), index 0 = line 1.</summary>
    internal static int[] LineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (int i = 0; i < text.Length; i++) if (text[i] == '\n') starts.Add(i + 1);
        return [.. starts];
    }

    /// <summary>The UTF-16 index of a lexer position (1-based line, column in code points).</summary>
    internal static int Offset(string text, int[] lineStarts, int line, int column)
    {
        int at = lineStarts[line - 1];
        for (int c = 0; c < column; c++) at += char.IsHighSurrogate(text[at]) ? 2 : 1;
        return at;
    }

    /// <summary><paramref name="text"/> with the given token spans replaced (spans must not overlap).</summary>
    internal static string Replace(string text, IEnumerable<(LexToken Token, string With)> edits)
    {
        var starts = LineStarts(text);
        var list = edits.Select(e => (Start: Offset(text, starts, e.Token.Line, e.Token.Column), End: Offset(text, starts, e.Token.EndLine, e.Token.EndColumn), e.With))
            .OrderBy(e => e.Start).ToList();
        var sb = new StringBuilder(text.Length + 16);
        int at = 0;
        foreach (var (s, e, w) in list)
        {
            if (s < at) throw new InvalidOperationException("Overlapping edits.");
            sb.Append(text, at, s - at).Append(w);
            at = e;
        }
        return sb.Append(text, at, text.Length - at).ToString();
    }
}
