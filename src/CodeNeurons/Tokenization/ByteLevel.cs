using System.Text;

namespace CodeNeurons.Tokenization;

/// <summary>GPT-2's byte-to-unicode alphabet and its pre-tokenizer (the GPT-2 regex, evaluated by hand on code points).</summary>
internal static class ByteLevel
{
    /// <summary>Byte value → printable char (GPT-2 <c>bytes_to_unicode</c>).</summary>
    public static readonly char[] ByteToChar = BuildAlphabet();

    /// <summary>The byte-level char for a space: 'Ġ'.</summary>
    public const char SpaceChar = '\u0120';

    private static char[] BuildAlphabet()
    {
        var map = new char[256];
        var direct = new bool[256];
        for (int b = '!'; b <= '~'; b++) direct[b] = true;
        for (int b = 0xA1; b <= 0xAC; b++) direct[b] = true;
        for (int b = 0xAE; b <= 0xFF; b++) direct[b] = true;
        int n = 0;
        for (int b = 0; b < 256; b++)
            map[b] = direct[b] ? (char)b : (char)(256 + n++);
        return map;
    }

    /// <summary>
    /// Splits <paramref name="input"/> like the GPT-2 regex
    /// <c>'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+</c>
    /// and maps each split to byte-level chars, each carrying the alignment of the code point it came from.
    /// </summary>
    public static void PreTokenize(Piece input, bool addPrefixSpace, bool useRegex, List<Piece> output)
    {
        string text = input.Text;
        if (text.Length == 0) return;
        // Code points with their unit index.
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

        // add_prefix_space: a space aligned with the first character.
        bool prefix = addPrefixSpace && cps[0] != ' ';
        if (prefix)
        {
            cps.Insert(0, ' ');
            unit.Insert(0, -1);
        }

        int n = cps.Count;
        int pos = 0;
        var builder = new PieceBuilder();
        Span<byte> buf = stackalloc byte[4];
        while (pos < n)
        {
            int end = useRegex ? MatchAt(cps, pos) : n;
            builder.Clear();
            for (int k = pos; k < end; k++)
            {
                int start, stop;
                if (unit[k] < 0)
                {
                    // the prepended space takes the first real character's span
                    start = input.Starts[0];
                    stop = input.Ends[0];
                }
                else
                {
                    start = input.Starts[unit[k]];
                    stop = input.Ends[unit[k + 1] - 1];
                }
                int written = new Rune(cps[k]).EncodeToUtf8(buf);
                for (int b = 0; b < written; b++)
                    builder.Append(ByteToChar[buf[b]], start, stop);
            }
            output.Add(builder.Build());
            pos = end;
        }
    }

    private static bool IsOther(int cp) => !CodePoints.IsWhiteSpace(cp) && !CodePoints.IsLetter(cp) && !CodePoints.IsNumber(cp);

    /// <summary>End (exclusive) of the regex match that starts at <paramref name="i"/>; always &gt; i.</summary>
    internal static int MatchAt(List<int> cps, int i)
    {
        int n = cps.Count;
        int c = cps[i];
        // 's|'t|'re|'ve|'m|'ll|'d
        if (c == '\'' && i + 1 < n)
        {
            int c1 = cps[i + 1];
            if (c1 is 's' or 't' or 'm' or 'd') return i + 2;
            if (i + 2 < n)
            {
                int c2 = cps[i + 2];
                if ((c1 == 'r' && c2 == 'e') || (c1 == 'v' && c2 == 'e') || (c1 == 'l' && c2 == 'l')) return i + 3;
            }
        }
        int j = c == ' ' ? i + 1 : i;
        if (j < n)
        {
            // ' ?\p{L}+', ' ?\p{N}+', ' ?[^\s\p{L}\p{N}]+' (the optional space backtracks when the class does not follow)
            int cj = cps[j];
            Func<int, bool>? cls = CodePoints.IsLetter(cj) ? CodePoints.IsLetter
                : CodePoints.IsNumber(cj) ? CodePoints.IsNumber
                : IsOther(cj) ? IsOther
                : null;
            if (cls != null)
            {
                int k = j + 1;
                while (k < n && cls(cps[k])) k++;
                return k;
            }
        }
        // \s+(?!\S) | \s+
        if (CodePoints.IsWhiteSpace(c))
        {
            int k = i + 1;
            while (k < n && CodePoints.IsWhiteSpace(cps[k])) k++;
            if (k == n) return k;
            if (k - 1 > i) return k - 1;
            return k;
        }
        // unreachable in practice: every code point is whitespace, letter, number or other
        return i + 1;
    }

    /// <summary>RoBERTa / ByteLevel post-processing: trim leading and trailing 'Ġ' (or whitespace) from offsets.</summary>
    public static void TrimOffsets(List<Tok> toks, bool addPrefixSpace)
    {
        for (int t = 0; t < toks.Count; t++)
        {
            var tok = toks[t];
            string s = tok.Token;
            int lead = 0;
            while (lead < s.Length && (s[lead] == SpaceChar || char.IsWhiteSpace(s[lead]))) lead++;
            int trail = 0;
            while (trail < s.Length && (s[s.Length - 1 - trail] == SpaceChar || char.IsWhiteSpace(s[s.Length - 1 - trail]))) trail++;
            if (lead == 0 && trail == 0) continue;
            int start = tok.Start, end = tok.End;
            if (lead > 0)
            {
                bool isFirst = t == 0 || start == 0;
                if (isFirst && addPrefixSpace && lead == 1) lead = 0;
                start = Math.Min(start + lead, end);
            }
            if (trail > 0 && end >= trail)
                end = Math.Max(end - trail, start);
            toks[t] = tok with { Start = start, End = end };
        }
    }
}
