using CodeNeurons.Data;

namespace CodeNeurons.Torch.Extraction;

/// <summary>
/// Assigns the subwords of a text to its code tokens from character offsets alone (no counting, so any tokenizer works).
/// </summary>
internal static class SubwordAligner
{
    /// <summary>The alignment of one snippet.</summary>
    /// <param name="Owner">Per subword: the code token it belongs to, or −1 (whitespace only, or outside every code token).</param>
    /// <param name="TokenSubwords">Per code token: its subwords in ascending order (never empty).</param>
    /// <param name="Borrowed">Code tokens that no subword belonged to and that took the nearest subword instead.</param>
    internal sealed record Result(int[] Owner, int[][] TokenSubwords, int Borrowed);

    /// <summary>
    /// A subword belongs to the code token its offset range overlaps most once leading and trailing whitespace is trimmed
    /// from the range (GPT-2's <c>Ġx</c> covers the space before x); ties go to the earlier token. A code token that no
    /// subword belongs to (its characters were merged into a neighbour's subword or dropped by the tokenizer's cleaning) takes
    /// the subword overlapping it most, else the nearest one by characters (the earlier on ties).
    /// </summary>
    /// <param name="text">The snippet text.</param>
    /// <param name="tokens">Code token spans, in order and non-overlapping.</param>
    /// <param name="offsets">Subword offsets [start, end) in UTF-16 units.</param>
    /// <param name="describe">Names the snippet in error messages.</param>
    /// <returns>The alignment.</returns>
    /// <exception cref="ArgumentException">A code token has no subword at all to take (the text produced no subwords).</exception>
    internal static Result Align(string text, IReadOnlyList<TokenSpan> tokens, IReadOnlyList<(int Start, int End)> offsets, Func<string> describe)
    {
        int n = offsets.Count;
        var owner = new int[n];
        var lists = new List<int>?[tokens.Count];
        for (int i = 0; i < n; i++)
        {
            int s = Math.Clamp(offsets[i].Start, 0, text.Length), e = Math.Clamp(offsets[i].End, s, text.Length);
            while (s < e && char.IsWhiteSpace(text[s])) s++;
            while (e > s && char.IsWhiteSpace(text[e - 1])) e--;
            owner[i] = s < e ? BestOverlap(tokens, s, e) : -1;
            if (owner[i] >= 0) (lists[owner[i]] ??= []).Add(i);
        }
        int borrowed = 0;
        var result = new int[tokens.Count][];
        for (int t = 0; t < tokens.Count; t++)
        {
            if (lists[t] is { } l) { result[t] = [.. l]; continue; }
            borrowed++;
            var span = tokens[t];
            int best = -1;
            long bestScore = long.MinValue;
            for (int i = 0; i < n; i++)
            {
                int s = Math.Clamp(offsets[i].Start, 0, text.Length), e = Math.Clamp(offsets[i].End, s, text.Length);
                if (e <= s) continue;
                int overlap = Math.Min(e, span.End) - Math.Max(s, span.Start);
                // Positive overlap beats any distance; otherwise the smaller gap wins.
                long score = overlap > 0 ? overlap : -(long)Math.Max(span.Start - e, s - span.End);
                if (score > bestScore) { bestScore = score; best = i; }
            }
            if (best < 0)
                throw new ArgumentException($"{describe()}: code token {t} ('{text.Substring(span.Start, span.Length)}') has no subword: the tokenizer produced no subword for the text.");
            result[t] = [best];
        }
        return new Result(owner, result, borrowed);
    }

    private static int BestOverlap(IReadOnlyList<TokenSpan> tokens, int s, int e)
    {
        // First token whose end is after s (tokens are sorted and non-overlapping).
        int lo = 0, hi = tokens.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (tokens[mid].End <= s) lo = mid + 1; else hi = mid;
        }
        int best = -1, bestOverlap = 0;
        for (int t = lo; t < tokens.Count && tokens[t].Start < e; t++)
        {
            int overlap = Math.Min(e, tokens[t].End) - Math.Max(s, tokens[t].Start);
            if (overlap > bestOverlap) { bestOverlap = overlap; best = t; }
        }
        return best;
    }
}
