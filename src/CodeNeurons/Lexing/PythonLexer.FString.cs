namespace CodeNeurons.Lexing;

public sealed partial class PythonLexer
{
    /// <summary>
    /// Splits one f-string <c>STRING</c> token the way Python 3.12 tokenizes f-strings: <c>FSTRING_START</c> (prefix and
    /// opening quotes), <c>FSTRING_MIDDLE</c> for literal text, <c>OP</c> <c>{</c> / <c>!</c> / <c>:</c> / <c>}</c> around
    /// each replacement field with the expression's own tokens in between (nested f-strings split too), and
    /// <c>FSTRING_END</c>. Literal text keeps its source form (<c>{{</c> stays two characters).
    /// </summary>
    private static void SplitFString(LexToken token, List<LexToken> output)
    {
        var cps = SplitLines(token.Text).SelectMany(l => l).ToArray();
        var n = cps.Length;
        var lines = new int[n + 1];
        var cols = new int[n + 1];
        int line = token.Line, col = token.Column;
        for (var k = 0; k <= n; k++)
        {
            lines[k] = line;
            cols[k] = col;
            if (k < n && cps[k] == '\n')
            {
                line++;
                col = 0;
            }
            else
            {
                col++;
            }
        }

        var plen = 0;
        while (plen < n && cps[plen] is not ('\'' or '"')) plen++;
        if (plen >= n)
        {
            output.Add(token);
            return;
        }
        var raw = false;
        for (var k = 0; k < plen; k++) raw |= cps[k] is 'r' or 'R';
        var q = cps[plen];
        var qlen = n >= plen + 6 && At(cps, plen + 1) == q && At(cps, plen + 2) == q ? 3 : 1;
        var bodyEnd = n - qlen;
        if (bodyEnd < plen + qlen)
        {
            output.Add(token);
            return;
        }

        void Emit(string label, int from, int to) =>
            output.Add(new LexToken(Text(cps, from, to), label, lines[from], cols[from], lines[to], cols[to]));

        Emit("FSTRING_START", 0, plen + qlen);
        var i = plen + qlen;
        while (i < bodyEnd)
        {
            i = Literal(i, formatSpec: false);
            if (i < bodyEnd && cps[i] == '{') i = Field(i);
            else if (i < bodyEnd) i++; // unreachable for well-formed text
        }
        Emit("FSTRING_END", bodyEnd, n);

        int Literal(int from, bool formatSpec)
        {
            var k = from;
            while (k < bodyEnd)
            {
                var c = cps[k];
                if (c == '{' || c == '}')
                {
                    if (At(cps, k + 1) == c && k + 1 < bodyEnd)
                    {
                        k += 2;
                        continue;
                    }
                    if (c == '{' || formatSpec) break;
                    k++;
                }
                else if (c == '\\' && !raw && k + 1 < bodyEnd)
                {
                    if (cps[k + 1] == 'N' && At(cps, k + 2) == '{')
                    {
                        k += 3;
                        while (k < bodyEnd && cps[k] != '}') k++;
                        if (k < bodyEnd) k++;
                    }
                    else
                    {
                        k += 2;
                    }
                }
                else
                {
                    k++;
                }
            }
            if (k > from) Emit("FSTRING_MIDDLE", from, k);
            return k;
        }

        int Field(int open)
        {
            Emit("OP", open, open + 1);
            var k = open + 1;
            var depth = 0;
            while (k < bodyEnd)
            {
                var c = cps[k];
                if (c is '\'' or '"')
                {
                    k = SkipString(k);
                    continue;
                }
                if (c is '(' or '[' or '{') depth++;
                else if (c is ')' or ']' || (c == '}' && depth > 0)) depth--;
                else if (depth == 0 && (c is '}' or ':' || (c == '!' && At(cps, k + 1) != '='))) break;
                k++;
            }
            Expression(open + 1, k);
            if (k < bodyEnd && cps[k] == '!')
            {
                Emit("OP", k, k + 1);
                var e = k + 1;
                while (e < bodyEnd && IsWord(cps[e])) e++;
                if (e > k + 1) Emit("NAME", k + 1, e);
                k = e;
            }
            if (k < bodyEnd && cps[k] == ':')
            {
                Emit("OP", k, k + 1);
                k++;
                while (k < bodyEnd)
                {
                    k = Literal(k, formatSpec: true);
                    if (k < bodyEnd && cps[k] == '{') k = Field(k);
                    else break;
                }
            }
            if (k < bodyEnd && cps[k] == '}')
            {
                Emit("OP", k, k + 1);
                k++;
            }
            return k;
        }

        int SkipString(int k)
        {
            var quote = cps[k];
            var triple = At(cps, k + 1) == quote && At(cps, k + 2) == quote;
            var e = k + (triple ? 3 : 1);
            while (e < bodyEnd)
            {
                if (cps[e] == '\\') e += 2;
                else if (cps[e] == quote && (!triple || (At(cps, e + 1) == quote && At(cps, e + 2) == quote))) return e + (triple ? 3 : 1);
                else e++;
            }
            return bodyEnd;
        }

        void Expression(int from, int to)
        {
            if (to <= from) return;
            var inner = new List<LexToken>();
            new Scanner(SplitLines(Text(cps, from, to)), inner, []).Run();
            foreach (var t in inner)
            {
                if (t.Label is "NEWLINE" or "NL" or "INDENT" or "DEDENT" or "ENDMARKER" or "COMMENT") continue;
                if (t.Label == "ERRORTOKEN" && t.Text.Trim().Length == 0) continue;
                var moved = t with
                {
                    Line = lines[from] + t.Line - 1,
                    Column = t.Line == 1 ? cols[from] + t.Column : t.Column,
                    EndLine = lines[from] + t.EndLine - 1,
                    EndColumn = t.EndLine == 1 ? cols[from] + t.EndColumn : t.EndColumn,
                };
                if (moved.Label == "STRING" && IsFString(moved.Text)) SplitFString(moved, output);
                else output.Add(moved);
            }
        }
    }
}
