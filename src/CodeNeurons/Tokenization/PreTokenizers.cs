using System.Text.RegularExpressions;

namespace CodeNeurons.Tokenization;

/// <summary>How a <c>Split</c> pre-tokenizer treats the matched pieces (Hugging Face <c>SplitDelimiterBehavior</c>).</summary>
internal enum SplitBehavior { Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous }

/// <summary>
/// One step of a <c>tokenizer.json</c> pre-tokenizer (<c>Sequence</c> entries): each splits every current piece further,
/// keeping the alignment to the original text. <c>ByteLevel</c>, when present, is the last step.
/// </summary>
internal abstract class PreTokenizerStep
{
    public abstract void Split(Piece input, List<Piece> output);

    /// <summary>Runs <paramref name="steps"/> over <paramref name="input"/>, each over the pieces of the previous one.</summary>
    public static void Run(IReadOnlyList<PreTokenizerStep> steps, Piece input, List<Piece> output)
    {
        var current = new List<Piece> { input };
        var next = new List<Piece>();
        foreach (var step in steps)
        {
            next.Clear();
            foreach (var p in current) step.Split(p, next);
            (current, next) = (next, current);
        }
        foreach (var p in current)
            if (p.Text.Length > 0) output.Add(p);
    }

    /// <summary>The units [start, end) of a piece as a piece.</summary>
    internal static Piece Slice(Piece p, int start, int end) =>
        start == 0 && end == p.Text.Length ? p : new Piece(p.Text[start..end], p.Starts[start..end], p.Ends[start..end]);

    /// <summary>Cuts <paramref name="input"/> at the (unit) ranges flagged as matches, as <paramref name="behavior"/> says.</summary>
    internal static void Emit(Piece input, List<(int Start, int End, bool Match)> ranges, SplitBehavior behavior, List<Piece> output)
    {
        int n = input.Text.Length;
        switch (behavior)
        {
            case SplitBehavior.Isolated:
                foreach (var (s, e, _) in ranges) if (e > s) output.Add(Slice(input, s, e));
                break;
            case SplitBehavior.Removed:
                foreach (var (s, e, m) in ranges) if (!m && e > s) output.Add(Slice(input, s, e));
                break;
            case SplitBehavior.MergedWithPrevious:
            {
                int start = 0;
                foreach (var (s, e, m) in ranges)
                    if (m) { if (e > start) output.Add(Slice(input, start, e)); start = e; }
                if (n > start) output.Add(Slice(input, start, n));
                break;
            }
            case SplitBehavior.MergedWithNext:
            {
                int start = 0;
                foreach (var (s, _, m) in ranges)
                    if (m) { if (s > start) output.Add(Slice(input, start, s)); start = s; }
                if (n > start) output.Add(Slice(input, start, n));
                break;
            }
            case SplitBehavior.Contiguous:
            {
                int i = 0;
                while (i < ranges.Count)
                {
                    int j = i;
                    while (j + 1 < ranges.Count && ranges[j + 1].Match == ranges[i].Match) j++;
                    if (ranges[j].End > ranges[i].Start) output.Add(Slice(input, ranges[i].Start, ranges[j].End));
                    i = j + 1;
                }
                break;
            }
        }
    }

    /// <summary>Covers [0, n) with the given matches (sorted, non-overlapping) and the gaps between them.</summary>
    internal static List<(int, int, bool)> WithGaps(IEnumerable<(int Start, int End)> matches, int n, bool invert)
    {
        var r = new List<(int, int, bool)>();
        int at = 0;
        foreach (var (s, e) in matches)
        {
            if (s > at) r.Add((at, s, invert));
            if (e > s) r.Add((s, e, !invert));
            at = e;
        }
        if (n > at) r.Add((at, n, invert));
        return r;
    }

    /// <summary>GPT-2 byte-level step: the GPT-2 regex (optional), then each piece as byte-level characters.</summary>
    public sealed class ByteLevelStep(bool addPrefixSpace, bool useRegex) : PreTokenizerStep
    {
        public override void Split(Piece input, List<Piece> output) => ByteLevel.PreTokenize(input, addPrefixSpace, useRegex, output);
    }

    /// <summary>
    /// <c>Digits</c>: numeric characters (Rust <c>char::is_numeric</c>: Unicode Nd, Nl, No) isolated one by one
    /// (<c>individual_digits</c>, StarCoder2) or as runs.
    /// </summary>
    public sealed class DigitsStep(bool individual) : PreTokenizerStep
    {
        public override void Split(Piece input, List<Piece> output)
        {
            string t = input.Text;
            var matches = new List<(int, int)>();
            for (int i = 0; i < t.Length;)
            {
                int cp = CodePoints.At(t, i, out int len);
                if (CodePoints.IsNumber(cp)) matches.Add((i, i + len));
                i += len;
            }
            Emit(input, WithGaps(matches, t.Length, false), individual ? SplitBehavior.Isolated : SplitBehavior.Contiguous, output);
        }
    }

    /// <summary>
    /// <c>Metaspace</c>: spaces become <paramref name="replacement"/>, which is also prepended (scheme <c>always</c>, or
    /// <c>first</c> = only to text that starts the input) unless the text already starts with it; with <paramref name="split"/> the
    /// text is cut before each replacement character.
    /// </summary>
    public sealed class MetaspaceStep(char replacement, MetaspacePrepend prepend, bool split) : PreTokenizerStep
    {
        public override void Split(Piece input, List<Piece> output)
        {
            var p = new PieceNormalizer.ReplaceNormalizer(" ", replacement.ToString()).Apply(input);
            bool add = p.Text.Length > 0 && p.Text[0] != replacement && prepend switch
            {
                MetaspacePrepend.Always => true,
                MetaspacePrepend.First => p.Starts[0] == 0,
                _ => false,
            };
            if (add) p = PieceNormalizer.PrependNormalizer.Prepend(p, replacement.ToString());
            if (!split)
            {
                output.Add(p);
                return;
            }
            var matches = new List<(int, int)>();
            for (int i = 0; i < p.Text.Length; i++)
                if (p.Text[i] == replacement) matches.Add((i, i + 1));
            Emit(p, WithGaps(matches, p.Text.Length, false), SplitBehavior.MergedWithNext, output);
        }
    }

    /// <summary>
    /// <c>Split</c> with a regex or a literal string. The Qwen2 regex is evaluated by hand on code points (<see cref="Qwen2Split"/>);
    /// other regexes run on .NET's engine over UTF-16, where a letter or digit outside the BMP does not match <c>\p{L}</c>/<c>\p{N}</c>.
    /// </summary>
    public sealed class SplitStep : PreTokenizerStep
    {
        private readonly Regex? _regex;
        private readonly string? _literal;
        private readonly bool _qwen2;
        private readonly SplitBehavior _behavior;
        private readonly bool _invert;

        public SplitStep(string? regex, string? literal, SplitBehavior behavior, bool invert)
        {
            _behavior = behavior;
            _invert = invert;
            if (regex == Qwen2Split.Pattern) _qwen2 = true;
            else if (regex != null) _regex = new Regex(regex, RegexOptions.CultureInvariant);
            else _literal = literal;
        }

        public override void Split(Piece input, List<Piece> output)
        {
            string t = input.Text;
            IEnumerable<(int, int)> matches;
            if (_qwen2) matches = Qwen2Split.Matches(t);
            else if (_regex != null) matches = _regex.Matches(t).Where(m => m.Length > 0).Select(m => (m.Index, m.Index + m.Length));
            else
            {
                var list = new List<(int, int)>();
                if (_literal!.Length > 0)
                    for (int i = t.IndexOf(_literal, StringComparison.Ordinal); i >= 0; i = t.IndexOf(_literal, i + _literal.Length, StringComparison.Ordinal))
                        list.Add((i, i + _literal.Length));
                matches = list;
            }
            Emit(input, WithGaps(matches, t.Length, _invert), _behavior, output);
        }
    }
}

/// <summary>Metaspace's <c>prepend_scheme</c>.</summary>
internal enum MetaspacePrepend { Always, First, Never }

/// <summary>
/// The Qwen2 / Qwen2.5 pre-tokenizer regex, matched by hand on code points (Unicode categories as .NET knows them), so that
/// letters and digits outside the BMP count as letters and digits, as in the Rust <c>tokenizers</c>' Oniguruma engine:
/// <c>(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+</c>.
/// </summary>
internal static class Qwen2Split
{
    public const string Pattern = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    /// <summary>The matches in <paramref name="text"/> as UTF-16 ranges (they cover the whole text).</summary>
    public static List<(int Start, int End)> Matches(string text)
    {
        var cps = new List<int>(text.Length);
        var unit = new List<int>(text.Length + 1);
        for (int i = 0; i < text.Length;)
        {
            int cp = CodePoints.At(text, i, out int len);
            cps.Add(cp < 0 ? CodePoints.Replacement : cp);
            unit.Add(i);
            i += len;
        }
        unit.Add(text.Length);
        var result = new List<(int, int)>();
        for (int i = 0; i < cps.Count;)
        {
            int end = MatchAt(cps, i);
            result.Add((unit[i], unit[end]));
            i = end;
        }
        return result;
    }

    private static bool IsLineBreak(int c) => c is '\r' or '\n';

    private static bool IsOther(int c) => !CodePoints.IsWhiteSpace(c) && !CodePoints.IsLetter(c) && !CodePoints.IsNumber(c);

    private static int Lower(int c) => c is >= 'A' and <= 'Z' ? c + 32 : c;

    /// <summary>End (exclusive) of the match at <paramref name="i"/>; always &gt; i.</summary>
    internal static int MatchAt(List<int> cps, int i)
    {
        int n = cps.Count, c = cps[i];
        // (?i:'s|'t|'re|'ve|'m|'ll|'d)
        if (c == '\'' && i + 1 < n)
        {
            int c1 = Lower(cps[i + 1]);
            if (c1 is 's' or 't' or 'm' or 'd') return i + 2;
            if (i + 2 < n)
            {
                int c2 = Lower(cps[i + 2]);
                if ((c1 == 'r' && c2 == 'e') || (c1 == 'v' && c2 == 'e') || (c1 == 'l' && c2 == 'l')) return i + 3;
            }
        }
        // [^\r\n\p{L}\p{N}]?\p{L}+
        int j = !IsLineBreak(c) && !CodePoints.IsLetter(c) && !CodePoints.IsNumber(c) && i + 1 < n && CodePoints.IsLetter(cps[i + 1]) ? i + 1 : i;
        if (CodePoints.IsLetter(cps[j]))
        {
            int k = j + 1;
            while (k < n && CodePoints.IsLetter(cps[k])) k++;
            return k;
        }
        // \p{N}
        if (CodePoints.IsNumber(c)) return i + 1;
        //  ?[^\s\p{L}\p{N}]+[\r\n]*
        j = c == ' ' && i + 1 < n && IsOther(cps[i + 1]) ? i + 1 : i;
        if (IsOther(cps[j]))
        {
            int k = j + 1;
            while (k < n && IsOther(cps[k])) k++;
            while (k < n && IsLineBreak(cps[k])) k++;
            return k;
        }
        // the remaining alternatives start with whitespace
        int w = i;
        while (w < n && CodePoints.IsWhiteSpace(cps[w])) w++;
        if (w == i) return i + 1; // unreachable: every code point is whitespace, letter, number or other
        // \s*[\r\n]+ : up to the last line break of the whitespace run
        for (int k = w - 1; k >= i; k--)
            if (IsLineBreak(cps[k])) return k + 1;
        // \s+(?!\S) : the run, less its last character when a non-space follows (if that leaves anything)
        if (w == n) return w;
        if (w - 1 > i) return w - 1;
        // \s+
        return w;
    }
}
