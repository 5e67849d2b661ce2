using System.Text;
using CodeNeurons.Lexing;

namespace CodeNeurons.Tasks;

/// <summary>
/// Token-level edits of Python functions for the generated tasks (see <c>docs/tasks.md</c>): the docstring split of
/// CodeSearchNet, semantics-preserving rewrites (clones) and single mutations (defects). Every method is deterministic for
/// its seed and returns null when the function offers no place for the edit. Results always lex without problems.
/// </summary>
public static class PythonRewrites
{
    private static readonly string[] FreshNames =
        ["value", "item", "result", "tmp", "data", "obj", "elem", "node", "key", "entry", "cur", "acc", "buf", "res", "out", "arg", "val", "part", "current", "target"];

    private static readonly HashSet<string> Boundary = new(StringComparer.Ordinal) { "(", ",", "=", "[", ":", "return", "if", "while", "and", "or", "not", "elif", "assert", "in", "+=", "-=" };

    /// <summary>
    /// The function's docstring summary and its code without the docstring (CodeSearchNet's construction): the docstring's
    /// first paragraph with whitespace collapsed, and the function with the docstring statement's lines removed.
    /// </summary>
    /// <param name="code">A function (<c>def</c> at column 0).</param>
    /// <returns>Null when there is no docstring, its summary has fewer than 3 words, or nothing but the docstring is in the body.</returns>
    public static (string Doc, string Code)? SplitDocstring(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        var lex = PythonCode.Lexer.Tokenize(code);
        if (lex.Diagnostics.Count > 0) return null;
        var t = lex.Tokens;
        int i = 0;
        while (i < t.Count && t[i].Label != "INDENT") i++;
        i++;
        if (i + 1 >= t.Count || t[i].Label != "STRING" || t[i + 1].Label != "NEWLINE") return null;
        var s = t[i];
        string doc = Summary(s.Text);
        if (doc.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length < 3) return null;
        var lines = code.Split('\n').ToList();
        lines.RemoveRange(s.Line - 1, s.EndLine - s.Line + 1);
        string rest = string.Join('\n', lines);
        // The body must still have a statement (an indented block) and lex cleanly.
        var body = PythonCode.Lexer.Tokenize(rest);
        if (body.Diagnostics.Count > 0 || !body.Tokens.Any(x => x.Label == "INDENT")) return null;
        return (doc, rest);
    }

    private static string Summary(string literal)
    {
        int q = 0;
        while (q < literal.Length && literal[q] is not ('\'' or '"')) q++;
        string body = literal[q..];
        int quote = body.StartsWith("\"\"\"", StringComparison.Ordinal) || body.StartsWith("'''", StringComparison.Ordinal) ? 3 : 1;
        body = body.Length >= 2 * quote ? body[quote..^quote] : "";
        var paragraph = new List<string>();
        foreach (var line in body.Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.Length == 0) { if (paragraph.Count > 0) break; continue; }
            paragraph.Add(trimmed);
        }
        return string.Join(' ', string.Join(' ', paragraph).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>
    /// A semantics-preserving rewrite (a type-2/3 clone): parameters and locals renamed consistently to fresh names
    /// (not attributes, keyword-argument names, <c>self</c>/<c>cls</c>, <c>global</c>/<c>nonlocal</c> names, or names that
    /// appear inside f-strings; nothing is renamed in a function that calls <c>locals</c>, <c>vars</c>, <c>eval</c> or
    /// <c>exec</c>), one pair of adjacent independent assignments swapped where there is one, full-line comments dropped
    /// and the indentation changed from 4 to 2 spaces per level.
    /// </summary>
    /// <param name="code">A function (<c>def</c> at column 0).</param>
    /// <param name="seed">Seed of the choices (fresh names, which pair is swapped).</param>
    /// <returns>The rewrite, or null when nothing could be renamed or swapped.</returns>
    public static string? Rewrite(string code, int seed)
    {
        ArgumentNullException.ThrowIfNull(code);
        var rng = new Random(seed);
        var lex = PythonCode.Lexer.Tokenize(code);
        if (lex.Diagnostics.Count > 0) return null;
        var t = lex.Tokens;
        var renames = RenamePlan(t, rng);
        var edits = new List<(LexToken, string)>();
        for (int i = 0; i < t.Count; i++)
            if (t[i].Label == "NAME" && renames.TryGetValue(t[i].Text, out var to) && !IsAttributeOrKeywordArg(t, i)) edits.Add((t[i], to));
        string renamed = PythonCode.Replace(code, edits);
        string swapped = SwapIndependent(renamed, rng) ?? renamed;
        if (renames.Count == 0 && ReferenceEquals(swapped, renamed)) return null;
        string result = Reformat(swapped);
        var a = PythonCode.CodeTokens(code);
        var b = PythonCode.CodeTokens(result);
        if (a is null || b is null || a.Count != b.Count || result == code) return null;
        return result;
    }

    private static Dictionary<string, string> RenamePlan(IReadOnlyList<LexToken> t, Random rng)
    {
        var names = new HashSet<string>(t.Where(x => x.Label is "NAME" or "KEYWORD").Select(x => x.Text), StringComparer.Ordinal);
        if (t.Any(x => x.Label == "NAME" && x.Text is "locals" or "vars" or "eval" or "exec" or "globals")) return [];
        var excluded = new HashSet<string>(StringComparer.Ordinal) { "self", "cls", "_", "__class__" };
        for (int i = 0; i < t.Count; i++)
        {
            if (t[i].Text is "global" or "nonlocal")
                for (int j = i + 1; j < t.Count && t[j].Label != "NEWLINE"; j++) excluded.Add(t[j].Text);
            if (t[i].Label == "STRING" && IsFString(t[i].Text))
                foreach (var n in names) if (ContainsWord(t[i].Text, n)) excluded.Add(n);
        }
        var candidates = new List<string>();
        void Add(string n) { if (!excluded.Contains(n) && !candidates.Contains(n) && !n.StartsWith("__", StringComparison.Ordinal)) candidates.Add(n); }
        // Parameters of the outer def: NAMEs at depth 1 right after '(', ',', '*', '**'.
        int k = 2, depth = 0;
        for (; k < t.Count; k++)
        {
            var x = t[k];
            if (x.Text is "(" or "[" or "{") depth++;
            else if (x.Text is ")" or "]" or "}") { if (--depth == 0) break; }
            else if (depth == 1 && x.Label == "NAME" && t[k - 1].Text is "(" or "," or "*" or "**") Add(x.Text);
        }
        // Locals: `NAME =` / `NAME +=` at bracket depth 0 at a statement start, and `for NAME in` / `as NAME`.
        depth = 0;
        for (int i = k; i < t.Count; i++)
        {
            var x = t[i];
            if (x.Text is "(" or "[" or "{") depth++;
            else if (x.Text is ")" or "]" or "}") depth--;
            if (x.Label != "NAME" || i + 1 >= t.Count) continue;
            var prev = t[i - 1];
            bool start = prev.Label is "NEWLINE" or "INDENT" or "DEDENT" or "NL" || prev.Text == ";";
            if (depth == 0 && start && t[i + 1].Label == "OP" && t[i + 1].Text.EndsWith('=') && t[i + 1].Text is not ("==" or "<=" or ">=" or "!=")) Add(x.Text);
            else if ((prev.Text == "for" || prev.Text == "as") && prev.Label == "KEYWORD") Add(x.Text);
        }
        var plan = new Dictionary<string, string>(StringComparer.Ordinal);
        var pool = FreshNames.ToArray();
        rng.Shuffle(pool);
        int p = 0, suffix = 1;
        foreach (var n in candidates)
        {
            string fresh;
            do fresh = p < pool.Length ? pool[p++] : $"v{suffix++}";
            while (names.Contains(fresh));
            names.Add(fresh);
            plan[n] = fresh;
        }
        return plan;
    }

    private static bool IsFString(string literal)
    {
        int q = literal.IndexOfAny(['\'', '"']);
        return q > 0 && literal[..q].Contains('f', StringComparison.OrdinalIgnoreCase);
    }

    private static bool ContainsWord(string text, string word)
    {
        for (int at = text.IndexOf(word, StringComparison.Ordinal); at >= 0; at = text.IndexOf(word, at + 1, StringComparison.Ordinal))
        {
            bool left = at == 0 || !(char.IsLetterOrDigit(text[at - 1]) || text[at - 1] == '_');
            int e = at + word.Length;
            bool right = e >= text.Length || !(char.IsLetterOrDigit(text[e]) || text[e] == '_');
            if (left && right) return true;
        }
        return false;
    }

    /// <summary>Whether token i is an attribute (<c>x.name</c>) or a keyword argument's name (<c>f(name=…)</c>).</summary>
    private static bool IsAttributeOrKeywordArg(IReadOnlyList<LexToken> t, int i)
    {
        if (i > 0 && t[i - 1].Text == ".") return true;
        if (i + 1 < t.Count && t[i + 1].Text == "=" && i > 0 && t[i - 1].Text is "(" or ",")
        {
            // Inside brackets (a call or a def's parameter list)? Count depth from the start.
            int depth = 0;
            for (int j = 0; j < i; j++)
            {
                if (t[j].Text is "(" or "[" or "{") depth++;
                else if (t[j].Text is ")" or "]" or "}") depth--;
            }
            // A def's own parameter default (`def f(x=1)`) is a parameter, not a keyword argument.
            if (depth > 0) return !IsInDefHeader(t, i);
        }
        return false;
    }

    private static bool IsInDefHeader(IReadOnlyList<LexToken> t, int i)
    {
        for (int j = i - 1; j >= 0; j--)
        {
            if (t[j].Label is "NEWLINE" or "INDENT" or "DEDENT") return false;
            if (t[j].Text == "def" && t[j].Label == "KEYWORD") return true;
        }
        return false;
    }

    /// <summary>Logical lines that are `NAME = expr` on one physical line, with no call, yield, await or lambda.</summary>
    private static string? SwapIndependent(string code, Random rng)
    {
        var t = PythonCode.Lexer.Tokenize(code).Tokens;
        var stmts = new List<(int Line, int Column, string Target, HashSet<string> Names)>();
        int i = 0;
        while (i < t.Count)
        {
            int s = i;
            while (i < t.Count && t[i].Label != "NEWLINE") i++;
            int e = i; // NEWLINE index
            i++;
            while (s < e && t[s].Label is "INDENT" or "DEDENT" or "NL" or "COMMENT") s++;
            if (e - s < 3) continue;
            var stmt = t.Skip(s).Take(e - s).ToList();
            if (stmt[0].Label != "NAME" || stmt[1].Text != "=" || stmt[0].Line != stmt[^1].EndLine) continue;
            if (stmt.Any(x => x.Text is "(" or "yield" or "await" or "lambda" or ":=" or ";") || stmt.Skip(2).Any(x => x.Text == "=")) continue;
            var used = new HashSet<string>(stmt.Skip(2).Where(x => x.Label == "NAME").Select(x => x.Text), StringComparer.Ordinal);
            stmts.Add((stmt[0].Line, stmt[0].Column, stmt[0].Text, used));
        }
        var pairs = new List<(int A, int B)>();
        for (int k = 0; k + 1 < stmts.Count; k++)
        {
            var a = stmts[k];
            var b = stmts[k + 1];
            if (b.Line != a.Line + 1 || a.Column != b.Column || a.Target == b.Target) continue;
            if (b.Names.Contains(a.Target) || a.Names.Contains(b.Target)) continue;
            pairs.Add((a.Line, b.Line));
        }
        if (pairs.Count == 0) return null;
        var (la, lb) = pairs[rng.Next(pairs.Count)];
        var lines = code.Split('\n');
        (lines[la - 1], lines[lb - 1]) = (lines[lb - 1], lines[la - 1]);
        return string.Join('\n', lines);
    }

    /// <summary>Drops full-line comments and halves the indentation of every line that starts a statement (not lines inside strings or brackets).</summary>
    private static string Reformat(string code)
    {
        var t = PythonCode.Lexer.Tokenize(code).Tokens;
        var starts = new Dictionary<int, int>(); // line → column of a statement's first token
        var commentLines = new HashSet<int>();
        for (int i = 0; i < t.Count; i++)
        {
            if (t[i].Label == "COMMENT" && (i + 1 < t.Count && t[i + 1].Label == "NL") && (i == 0 || t[i - 1].Line != t[i].Line)) commentLines.Add(t[i].Line);
            if (PythonCode.IsCode(t[i]) && (i == 0 || t[i - 1].Label is "NEWLINE" or "INDENT" or "DEDENT" or "NL" or "COMMENT") && (i == 0 || t[i - 1].Label != "NL" || !InsideBrackets(t, i)))
                starts.TryAdd(t[i].Line, t[i].Column);
        }
        var lines = code.Split('\n');
        var sb = new StringBuilder(code.Length);
        for (int ln = 1; ln <= lines.Length; ln++)
        {
            var line = lines[ln - 1];
            if (commentLines.Contains(ln)) continue;
            if (starts.TryGetValue(ln, out int col) && col % 4 == 0 && line.Length >= col && line.AsSpan(0, col).Trim(' ').IsEmpty)
                line = new string(' ', col / 2) + line[col..];
            sb.Append(line);
            if (ln < lines.Length) sb.Append('\n');
        }
        return sb.ToString();
    }

    private static bool InsideBrackets(IReadOnlyList<LexToken> t, int i)
    {
        int depth = 0;
        for (int j = 0; j < i; j++)
        {
            if (t[j].Text is "(" or "[" or "{") depth++;
            else if (t[j].Text is ")" or "]" or "}") depth--;
        }
        return depth > 0;
    }

    /// <summary>
    /// One mutation of <paramref name="code"/>: a kind is chosen at random among those with a site in the function, then a
    /// site at random. The mutant differs from the original by one token edit (a replacement, a deletion of <c>not</c>, or the
    /// transposition of the two operands of one binary operator) and lexes without problems.
    /// </summary>
    /// <param name="code">A function (<c>def</c> at column 0).</param>
    /// <param name="seed">Seed of the choice.</param>
    /// <returns>The mutant, or null when the function has no site for any mutation.</returns>
    public static Mutation? Mutate(string code, int seed)
    {
        ArgumentNullException.ThrowIfNull(code);
        var lex = PythonCode.Lexer.Tokenize(code);
        if (lex.Diagnostics.Count > 0) return null;
        var t = lex.Tokens.Where(PythonCode.IsCode).ToList();
        var all = lex.Tokens;
        var rng = new Random(seed);
        var sites = new Dictionary<MutationKind, List<Func<Mutation?>>>();
        void Site(MutationKind k, Func<Mutation?> m) { if (!sites.TryGetValue(k, out var l)) sites[k] = l = []; l.Add(m); }
        int body = t.FindIndex(x => x.Text == ":" && Depth(t, t.IndexOf(x)) == 0);
        var locals = VariablesByLine(all);
        for (int i = Math.Max(body, 1); i + 1 < t.Count; i++)
        {
            var x = t[i];
            if (x.Label == "OP" && x.Text is "<" or "<=" or ">" or ">=")
            {
                string to = x.Text switch { "<" => "<=", "<=" => "<", ">" => ">=", _ => ">" };
                Site(MutationKind.OffByOneComparison, () => Make(code, MutationKind.OffByOneComparison, [(x, to)], x.Text, to, x.Line));
            }
            bool binary = IsOperand(t[i - 1]) && IsOperandStart(t[i + 1]);
            if (binary && x.Label == "OP" && x.Text is "+" or "-" or "*" or "/" or "==" or "!=")
            {
                string to = x.Text switch { "+" => "-", "-" => "+", "*" => "/", "/" => "*", "==" => "!=", _ => "==" };
                Site(MutationKind.WrongOperator, () => Make(code, MutationKind.WrongOperator, [(x, to)], x.Text, to, x.Line));
            }
            if (x.Label == "KEYWORD" && x.Text is "and" or "or")
            {
                string to = x.Text == "and" ? "or" : "and";
                Site(MutationKind.WrongOperator, () => Make(code, MutationKind.WrongOperator, [(x, to)], x.Text, to, x.Line));
            }
            if (x.Label == "KEYWORD" && x.Text == "not" && t[i - 1].Text != "is" && t[i + 1].Text != "in" && IsOperandStart(t[i + 1]))
            {
                // Delete `not` and the space after it.
                var next = t[i + 1];
                if (next.Line == x.Line)
                {
                    var span = x with { EndColumn = next.Column };
                    Site(MutationKind.DroppedNegation, () => Make(code, MutationKind.DroppedNegation, [(span, "")], "not", "", x.Line));
                }
            }
            if (i >= 2 && i + 2 < t.Count && x.Label == "OP" && x.Text is "-" or "/" or "//" or "%" or "<" or ">" or "<=" or ">=" or "**" or "<<" or ">>"
                && t[i - 1].Label is "NAME" or "NUMBER" && t[i + 1].Label is "NAME" or "NUMBER" && t[i - 1].Text != t[i + 1].Text)
            {
                var a = t[i - 1];
                var b = t[i + 1];
                bool left = Boundary.Contains(t[i - 2].Text) || t[i - 2].EndLine < a.Line;
                bool right = t[i + 2].Text is ")" or "," or ":" or "]" or "}" or "and" or "or" or "if" or "else" || t[i + 2].Line > b.EndLine;
                if (left && right)
                    Site(MutationKind.SwappedOperands, () => Make(code, MutationKind.SwappedOperands, [(a, b.Text), (b, a.Text)], $"{a.Text} {b.Text}", $"{b.Text} {a.Text}", x.Line));
            }
            if (x.Label == "NAME" && t[i - 1].Text != "." && !(t[i + 1].Text == "=" && Depth(t, i) > 0) && locals.TryGetValue(x.Text, out int defined) && defined < x.Line
                && !IsAssignmentTarget(t, i))
            {
                var others = locals.Where(kv => kv.Key != x.Text && kv.Value < x.Line).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();
                if (others.Count > 0)
                    Site(MutationKind.WrongVariable, () =>
                    {
                        string to = others[rng.Next(others.Count)];
                        return Make(code, MutationKind.WrongVariable, [(x, to)], x.Text, to, x.Line);
                    });
            }
        }
        var kinds = sites.Keys.Order().ToList();
        while (kinds.Count > 0)
        {
            var kind = kinds[rng.Next(kinds.Count)];
            var list = sites[kind];
            while (list.Count > 0)
            {
                int pick = rng.Next(list.Count);
                var m = list[pick]();
                if (m is not null) return m;
                list.RemoveAt(pick);
            }
            kinds.Remove(kind);
        }
        return null;
    }

    private static Mutation? Make(string code, MutationKind kind, (LexToken, string)[] edits, string before, string after, int line)
    {
        string mutant = PythonCode.Replace(code, edits);
        return mutant != code && PythonCode.CodeTokens(mutant) is not null ? new Mutation(mutant, kind, line, before, after) : null;
    }

    private static bool IsOperand(LexToken t) => t.Label is "NAME" or "NUMBER" or "STRING" || t.Text is ")" or "]" or "}";

    private static bool IsOperandStart(LexToken t) => t.Label is "NAME" or "NUMBER" or "STRING" || t.Text is "(" or "[" or "{" or "-" or "~" || t.Label == "KEYWORD" && t.Text is "None" or "True" or "False" or "not" or "lambda";

    private static int Depth(IReadOnlyList<LexToken> t, int i)
    {
        int depth = 0;
        for (int j = 0; j < i; j++)
        {
            if (t[j].Text is "(" or "[" or "{") depth++;
            else if (t[j].Text is ")" or "]" or "}") depth--;
        }
        return depth;
    }

    private static bool IsAssignmentTarget(IReadOnlyList<LexToken> t, int i) =>
        i + 1 < t.Count && t[i + 1].Label == "OP" && t[i + 1].Text.EndsWith('=') && t[i + 1].Text is not ("==" or "<=" or ">=" or "!=")
        || t[i - 1].Text is "for" or "as" or "def" or "class" or "import" or "global" or "nonlocal" or "del";

    /// <summary>Parameters (line of the def) and locals (line of their first assignment) of the function.</summary>
    private static Dictionary<string, int> VariablesByLine(IReadOnlyList<LexToken> t)
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        int depth = 0, k = 2;
        for (; k < t.Count; k++)
        {
            var x = t[k];
            if (x.Text is "(" or "[" or "{") depth++;
            else if (x.Text is ")" or "]" or "}") { if (--depth == 0) break; }
            else if (depth == 1 && x.Label == "NAME" && t[k - 1].Text is "(" or "," or "*" or "**" && x.Text is not ("self" or "cls")) result.TryAdd(x.Text, x.Line);
        }
        depth = 0;
        for (int i = k; i + 1 < t.Count; i++)
        {
            var x = t[i];
            if (x.Text is "(" or "[" or "{") depth++;
            else if (x.Text is ")" or "]" or "}") depth--;
            if (x.Label != "NAME" || depth != 0) continue;
            var prev = t[i - 1];
            if (prev.Label is "NEWLINE" or "INDENT" or "DEDENT" or "NL" && t[i + 1].Text == "=") result.TryAdd(x.Text, x.Line);
        }
        return result;
    }
}
