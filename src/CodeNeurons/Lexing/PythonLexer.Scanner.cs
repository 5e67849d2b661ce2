using System.Text;

namespace CodeNeurons.Lexing;

public sealed partial class PythonLexer
{
    /// <summary>The tail of a string that a string start needs: which quote, single or triple.</summary>
    private enum Tail
    {
        Single,
        Double,
        Single3,
        Double3,
    }

    /// <summary>Line-by-line state machine with <c>tokenize._tokenize</c>'s semantics.</summary>
    private sealed class Scanner(List<int[]> lines, List<LexToken> tokens, List<LexDiagnostic> diagnostics)
    {
        private static readonly string[] Ops3 = ["**=", "...", "//=", "<<=", ">>="];

        private static readonly string[] Ops2 =
            ["!=", "%=", "&=", "**", "*=", "+=", "-=", "->", "//", "/=", ":=", "<<", "<=", "==", ">=", ">>", "@=", "^=", "|="];

        private const string Ops1 = "%&()*+,-./:;<=>@[]^{|}~";

        private int _lnum;
        private int _parenlev;
        private bool _continued;
        private readonly List<int> _indents = [0];

        private StringBuilder? _contstr; // non-null while inside a multi-line string
        private bool _needcont;
        private Tail _endTail;
        private int _strLine;
        private int _strCol;

        private void Emit(string type, string text, int sl, int sc, int el, int ec) =>
            tokens.Add(new LexToken(text, type, sl, sc, el, ec));

        private void Error(string text, int sl, int sc, int el, int ec, string message)
        {
            Emit("ERRORTOKEN", text, sl, sc, el, ec);
            diagnostics.Add(new LexDiagnostic(sl, sc, message));
        }

        public void Run()
        {
            int[] line = [];
            int[] lastLine;
            var next = 0;
            while (true)
            {
                lastLine = line;
                line = next < lines.Count ? lines[next++] : [];
                _lnum++;
                var pos = 0;
                var max = line.Length;

                if (_contstr is not null)
                {
                    if (max == 0)
                    {
                        Error(_contstr.ToString(), _strLine, _strCol, _lnum - 1, lastLine.Length, "EOF in multi-line string");
                        _contstr = null;
                        break;
                    }
                    var end = MatchTail(_endTail, line, 0);
                    if (end >= 0)
                    {
                        pos = end;
                        AppendText(_contstr, line, 0, end);
                        Emit("STRING", _contstr.ToString(), _strLine, _strCol, _lnum, end);
                        _contstr = null;
                        _needcont = false;
                    }
                    else if (_needcont && !EndsWithBackslashNewline(line))
                    {
                        AppendText(_contstr, line, 0, max);
                        Error(_contstr.ToString(), _strLine, _strCol, _lnum, max, "unterminated string literal");
                        _contstr = null;
                        continue;
                    }
                    else
                    {
                        AppendText(_contstr, line, 0, max);
                        continue;
                    }
                }
                else if (_parenlev == 0 && !_continued)
                {
                    if (max == 0) break;
                    var column = 0;
                    for (; pos < max; pos++)
                    {
                        var c = line[pos];
                        if (c == ' ') column++;
                        else if (c == '\t') column = (column / TabSize + 1) * TabSize;
                        else if (c == '\f') column = 0;
                        else break;
                    }
                    if (pos == max) break;

                    if (line[pos] is '#' or '\r' or '\n')
                    {
                        if (line[pos] == '#')
                        {
                            var ce = max;
                            while (ce > pos && line[ce - 1] is '\r' or '\n') ce--;
                            Emit("COMMENT", Text(line, pos, ce), _lnum, pos, _lnum, ce);
                            pos = ce;
                        }
                        Emit("NL", Text(line, pos, max), _lnum, pos, _lnum, max);
                        continue;
                    }

                    if (column > _indents[^1])
                    {
                        _indents.Add(column);
                        Emit("INDENT", Text(line, 0, pos), _lnum, 0, _lnum, pos);
                    }
                    if (column < _indents[^1] && !_indents.Contains(column))
                    {
                        Error("", _lnum, pos, _lnum, pos, "unindent does not match any outer indentation level");
                        while (column < _indents[^1])
                        {
                            _indents.RemoveAt(_indents.Count - 1);
                            Emit("DEDENT", "", _lnum, pos, _lnum, pos);
                        }
                        if (column > _indents[^1]) _indents.Add(column);
                    }
                    while (column < _indents[^1])
                    {
                        _indents.RemoveAt(_indents.Count - 1);
                        Emit("DEDENT", "", _lnum, pos, _lnum, pos);
                    }
                }
                else
                {
                    if (max == 0)
                    {
                        Error("", _lnum, 0, _lnum, 0, "EOF in multi-line statement");
                        break;
                    }
                    _continued = false;
                }

                if (ScanLine(line, pos)) continue;
            }

            if (lastLine.Length > 0 && lastLine[^1] is not ('\r' or '\n') && !IsCommentLine(lastLine))
                Emit("NEWLINE", "", _lnum - 1, lastLine.Length, _lnum - 1, lastLine.Length + 1);
            for (var i = 1; i < _indents.Count; i++) Emit("DEDENT", "", _lnum, 0, _lnum, 0);
            Emit("ENDMARKER", "", _lnum, 0, _lnum, 0);
        }

        /// <summary>Scans tokens from <paramref name="pos"/>; true when a multi-line string took the rest of the line.</summary>
        private bool ScanLine(int[] line, int pos)
        {
            var max = line.Length;
            while (pos < max)
            {
                if (!Pseudo(line, pos, out var start, out var end))
                {
                    var text = Text(line, pos, pos + 1);
                    Error(text, _lnum, pos, _lnum, pos + 1, $"unexpected character {Describe(line[pos])}");
                    pos++;
                    continue;
                }
                pos = end;
                if (start == end) continue;
                var initial = line[start];
                var len = end - start;

                if (initial is >= '0' and <= '9' || (initial == '.' && len != 1 && !(len == 3 && line[start + 1] == '.')))
                {
                    Emit("NUMBER", Text(line, start, end), _lnum, start, _lnum, end);
                }
                else if (initial is '\r' or '\n')
                {
                    Emit(_parenlev > 0 ? "NL" : "NEWLINE", Text(line, start, end), _lnum, start, _lnum, end);
                }
                else if (initial == '#')
                {
                    Emit("COMMENT", Text(line, start, end), _lnum, start, _lnum, end);
                }
                else if (len >= 3 && line[end - 1] is '\'' or '"' && line[end - 2] == line[end - 1] && line[end - 3] == line[end - 1]
                         && IsTripleStart(line, start, end))
                {
                    var tail = line[end - 1] == '\'' ? Tail.Single3 : Tail.Double3;
                    var close = MatchTail(tail, line, end);
                    if (close >= 0)
                    {
                        pos = close;
                        Emit("STRING", Text(line, start, close), _lnum, start, _lnum, close);
                    }
                    else
                    {
                        _strLine = _lnum;
                        _strCol = start;
                        _endTail = tail;
                        _contstr = new StringBuilder();
                        AppendText(_contstr, line, start, max);
                        return true;
                    }
                }
                else if (QuoteWithinFirst3(line, start, end, out var quote))
                {
                    if (line[end - 1] == '\n')
                    {
                        _strLine = _lnum;
                        _strCol = start;
                        _endTail = quote == '\'' ? Tail.Single : Tail.Double;
                        _needcont = true;
                        _contstr = new StringBuilder();
                        AppendText(_contstr, line, start, max);
                        return true;
                    }
                    Emit("STRING", Text(line, start, end), _lnum, start, _lnum, end);
                }
                else if (IsIdentifierStart(initial))
                {
                    Emit("NAME", Text(line, start, end), _lnum, start, _lnum, end);
                }
                else if (initial == '\\')
                {
                    _continued = true;
                }
                else
                {
                    if (initial is '(' or '[' or '{') _parenlev++;
                    else if (initial is ')' or ']' or '}') _parenlev--;
                    Emit("OP", Text(line, start, end), _lnum, start, _lnum, end);
                }
            }
            return false;
        }

        private static string Describe(int cp) => cp switch
        {
            '\'' or '"' => "quote (unterminated string?)",
            < 32 or 127 => $"U+{cp:X4}",
            _ => $"'{Text([cp], 0, 1)}'",
        };

        /// <summary>Is line[start..end) exactly a string prefix followed by three quotes?</summary>
        private static bool IsTripleStart(int[] line, int start, int end)
        {
            var plen = end - start - 3;
            return plen <= 2 && PrefixBeforeQuote(line, start) == plen;
        }

        /// <summary><c>tokenize</c>'s test that the token starts with (prefix +) a quote: a quote within its first 3 chars
        /// after a valid prefix.</summary>
        private static bool QuoteWithinFirst3(int[] line, int start, int end, out int quote)
        {
            quote = 0;
            var plen = PrefixBeforeQuote(line, start);
            if (plen < 0 || start + plen >= end) return false;
            quote = line[start + plen];
            return true;
        }

        private static bool IsCommentLine(int[] line)
        {
            foreach (var c in line)
            {
                if (c == '#') return true;
                if (!IsPyWhitespace(c)) return false;
            }
            return false;
        }

        /// <summary>Whitespace for <c>str.strip()</c>.</summary>
        private static bool IsPyWhitespace(int c) =>
            c is ' ' or '\t' or '\n' or '\r' or '\v' or '\f' or 0x1C or 0x1D or 0x1E or 0x1F or 0x85
            || (c > 127 && c < 0x10000 && char.IsWhiteSpace((char)c));

        private static bool EndsWithBackslashNewline(int[] line)
        {
            var n = line.Length;
            return (n >= 2 && line[n - 2] == '\\' && line[n - 1] == '\n')
                || (n >= 3 && line[n - 3] == '\\' && line[n - 2] == '\r' && line[n - 1] == '\n');
        }

        /// <summary>The end of the remainder of a string (its closing quote included) from <paramref name="p"/>, or -1.</summary>
        private static int MatchTail(Tail tail, int[] s, int p)
        {
            var q = tail is Tail.Single or Tail.Single3 ? '\'' : '"';
            var triple = tail is Tail.Single3 or Tail.Double3;
            var i = p;
            while (i < s.Length)
            {
                var c = s[i];
                if (c == '\\')
                {
                    if (i + 1 >= s.Length || s[i + 1] == '\n') return -1;
                    i += 2;
                }
                else if (c == q)
                {
                    if (!triple) return i + 1;
                    if (At(s, i + 1) == q && At(s, i + 2) == q) return i + 3;
                    i++;
                }
                else
                {
                    i++;
                }
            }
            return -1;
        }

        /// <summary><c>tokenize</c>'s PseudoToken: whitespace, then the first alternative that matches.</summary>
        private static bool Pseudo(int[] s, int pos, out int start, out int end)
        {
            var p = pos;
            while (p < s.Length && s[p] is ' ' or '\f' or '\t') p++;
            start = p;
            end = MatchAt(s, p);
            return end >= 0;
        }

        private static int MatchAt(int[] s, int p)
        {
            var n = s.Length;
            if (p == n) return p; // \Z
            var c = s[p];
            // line continuation
            if (c == '\\')
            {
                if (At(s, p + 1) == '\n') return p + 2;
                if (At(s, p + 1) == '\r' && At(s, p + 2) == '\n') return p + 3;
            }
            // comment
            if (c == '#')
            {
                var e = p + 1;
                while (e < n && s[e] is not ('\r' or '\n')) e++;
                return e;
            }
            // triple-quoted string start
            var plen = PrefixBeforeQuote(s, p);
            if (plen >= 0)
            {
                var q = s[p + plen];
                if (At(s, p + plen + 1) == q && At(s, p + plen + 2) == q) return p + plen + 3;
            }
            // number
            var num = MatchNumber(s, p);
            if (num >= 0) return num;
            // newline and operators
            if (c == '\n') return p + 1;
            if (c == '\r' && At(s, p + 1) == '\n') return p + 2;
            var op = MatchOperator(s, p);
            if (op >= 0) return op;
            // single-quoted string (or its first line)
            if (plen >= 0)
            {
                var cs = MatchContStr(s, p + plen);
                if (cs >= 0) return cs;
            }
            // name
            if (IsWord(c))
            {
                var e = p + 1;
                while (e < n && IsWord(s[e])) e++;
                return e;
            }
            return -1;
        }

        private static int MatchOperator(int[] s, int p)
        {
            foreach (var op in Ops3)
                if (At(s, p) == op[0] && At(s, p + 1) == op[1] && At(s, p + 2) == op[2]) return p + 3;
            foreach (var op in Ops2)
                if (At(s, p) == op[0] && At(s, p + 1) == op[1]) return p + 2;
            var c = s[p];
            return c < 128 && Ops1.Contains((char)c, StringComparison.Ordinal) ? p + 1 : -1;
        }

        /// <summary>ContStr from the opening quote at <paramref name="p"/>: up to the closing quote or a backslash-newline.</summary>
        private static int MatchContStr(int[] s, int p)
        {
            var q = s[p];
            var i = p + 1;
            while (i < s.Length)
            {
                var c = s[i];
                if (c == q) return i + 1;
                if (c == '\n') return -1;
                if (c == '\\')
                {
                    if (At(s, i + 1) == '\n') return i + 2;
                    if (At(s, i + 1) == '\r' && At(s, i + 2) == '\n') return i + 3;
                    if (i + 1 >= s.Length) return -1;
                    i += 2;
                    continue;
                }
                i++;
            }
            return -1;
        }

        // ---- numbers (ASCII only, as tokenize's regexes) ----

        private static int DigitPart(int[] s, int p)
        {
            if (!IsDigit(s, p)) return -1;
            var q = p + 1;
            while (true)
            {
                if (IsDigit(s, q)) q++;
                else if (At(s, q) == '_' && IsDigit(s, q + 1)) q += 2;
                else return q;
            }
        }

        private static int Exponent(int[] s, int p)
        {
            if (At(s, p) is not ('e' or 'E')) return -1;
            var q = p + 1;
            if (At(s, q) is '+' or '-') q++;
            return DigitPart(s, q);
        }

        private static int PointFloat(int[] s, int p)
        {
            int q;
            var a = DigitPart(s, p);
            if (a >= 0 && At(s, a) == '.')
            {
                q = a + 1;
                var d = DigitPart(s, q);
                if (d >= 0) q = d;
            }
            else if (At(s, p) == '.' && DigitPart(s, p + 1) is var f and >= 0)
            {
                q = f;
            }
            else
            {
                return -1;
            }
            var e = Exponent(s, q);
            return e >= 0 ? e : q;
        }

        private static int ExpFloat(int[] s, int p)
        {
            var a = DigitPart(s, p);
            return a < 0 ? -1 : Exponent(s, a);
        }

        private static int Float(int[] s, int p)
        {
            var f = PointFloat(s, p);
            return f >= 0 ? f : ExpFloat(s, p);
        }

        private static bool IsJ(int[] s, int i) => At(s, i) is 'j' or 'J';

        private static int Radix(int[] s, int p, char lower, Func<int, bool> digit)
        {
            if (At(s, p) != '0' || (At(s, p + 1) | 0x20) != lower) return -1;
            var q = p + 2;
            var any = false;
            while (true)
            {
                if (q < s.Length && digit(s[q])) q++;
                else if (At(s, q) == '_' && q + 1 < s.Length && digit(s[q + 1])) q += 2;
                else break;
                any = true;
            }
            return any ? q : -1;
        }

        private static bool IsHex(int c) => c is >= '0' and <= '9' or >= 'a' and <= 'f' or >= 'A' and <= 'F';

        private static int MatchNumber(int[] s, int p)
        {
            var c = s[p];
            if (c is not (>= '0' and <= '9' or '.')) return -1;
            // imaginary
            var d = DigitPart(s, p);
            if (d >= 0 && IsJ(s, d)) return d + 1;
            var f = PointFloat(s, p);
            if (f >= 0 && IsJ(s, f)) return f + 1;
            var ef = f >= 0 ? -1 : ExpFloat(s, p);
            if (ef >= 0 && IsJ(s, ef)) return ef + 1;
            // float
            if (f >= 0) return f;
            if (ef >= 0) return ef;
            // integer
            var r = Radix(s, p, 'x', IsHex);
            if (r >= 0) return r;
            r = Radix(s, p, 'b', x => x is '0' or '1');
            if (r >= 0) return r;
            r = Radix(s, p, 'o', x => x is >= '0' and <= '7');
            if (r >= 0) return r;
            if (c == '0')
            {
                var q = p + 1;
                while (true)
                {
                    if (At(s, q) == '0') q++;
                    else if (At(s, q) == '_' && At(s, q + 1) == '0') q += 2;
                    else return q;
                }
            }
            return c is >= '1' and <= '9' ? DigitPart(s, p) : -1;
        }
    }
}
