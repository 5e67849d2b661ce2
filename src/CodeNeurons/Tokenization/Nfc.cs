using System.Globalization;

namespace CodeNeurons.Tokenization;

/// <summary>
/// Managed Unicode NFC (canonical decomposition, canonical ordering, canonical composition; UAX #15) that keeps each
/// character's span in the original text: a composed character covers the spans of all its parts. Works under invariant
/// globalization, where <c>string.Normalize</c> does nothing.
/// </summary>
internal static partial class Nfc
{
    private static readonly Lazy<Dictionary<int, byte>> Classes = new(() =>
    {
        var map = new Dictionary<int, byte>(1000);
        foreach (var entry in CombiningClassData.Split(';'))
        {
            int colon = entry.IndexOf(':');
            map[int.Parse(entry.AsSpan(0, colon), NumberStyles.HexNumber, CultureInfo.InvariantCulture)] =
                byte.Parse(entry.AsSpan(colon + 1), CultureInfo.InvariantCulture);
        }
        return map;
    });

    private static readonly Lazy<Dictionary<long, int>> Compositions = new(() =>
    {
        var map = new Dictionary<long, int>(1000);
        foreach (var entry in CompositionData.Split(';'))
        {
            var p = entry.Split(' ');
            int a = int.Parse(p[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            int b = int.Parse(p[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            map[Key(a, b)] = int.Parse(p[2], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }
        return map;
    });

    private static long Key(int a, int b) => ((long)a << 21) | (uint)b;

    /// <summary>The canonical combining class of <paramref name="cp"/> (0 for starters and lone surrogates).</summary>
    public static int CombiningClass(int cp) => cp >= 0x300 && Classes.Value.TryGetValue(cp, out byte c) ? c : 0;

    private const int SBase = 0xAC00, LBase = 0x1100, VBase = 0x1161, TBase = 0x11A7, LCount = 19, VCount = 21, TCount = 28, SCount = 11172;

    /// <summary>The primary composite of <paramref name="a"/> + <paramref name="b"/>, or −1.</summary>
    public static int Compose(int a, int b)
    {
        if (a >= LBase && a < LBase + LCount && b >= VBase && b < VBase + VCount)
            return SBase + ((a - LBase) * VCount + (b - VBase)) * TCount;
        if (a >= SBase && a < SBase + SCount && (a - SBase) % TCount == 0 && b > TBase && b < TBase + TCount)
            return a + (b - TBase);
        return Compositions.Value.TryGetValue(Key(a, b), out int c) ? c : -1;
    }

    /// <summary>NFC of <paramref name="input"/>, each output unit aligned to the original span(s) it came from.</summary>
    public static Piece Normalize(Piece input)
    {
        string text = input.Text;
        bool simple = true;
        foreach (char ch in text)
            if (ch >= 0x300) { simple = false; break; }
        if (simple) return input;

        // 1. full canonical decomposition, each code point carrying its source span
        var cps = new List<int>(text.Length);
        var starts = new List<int>(text.Length);
        var ends = new List<int>(text.Length);
        var parts = new List<int>(4);
        for (int i = 0; i < text.Length;)
        {
            int cp = CodePoints.At(text, i, out int len);
            int s = input.Starts[i], e = input.Ends[i + len - 1];
            parts.Clear();
            if (cp < 0) parts.Add(-text[i]); // lone surrogate: kept as is (negative marks it), class 0
            else Nfd.Decompose(cp, parts);
            foreach (int p in parts)
            {
                cps.Add(p);
                starts.Add(s);
                ends.Add(e);
            }
            i += len;
        }

        // 2. canonical ordering: stable sort of each run of non-starters by combining class
        for (int i = 0; i < cps.Count; i++)
        {
            if (Class(cps[i]) == 0) continue;
            int j = i;
            while (j < cps.Count && Class(cps[j]) != 0) j++;
            if (j - i > 1)
            {
                var run = Enumerable.Range(i, j - i).Select(k => (Cp: cps[k], S: starts[k], E: ends[k])).OrderBy(x => Class(x.Cp)).ToList();
                for (int k = 0; k < run.Count; k++) (cps[i + k], starts[i + k], ends[i + k]) = run[k];
            }
            i = j;
        }

        // 3. canonical composition
        int n = cps.Count;
        int outCount = 0, starter = -1, lastClass = -1;
        for (int i = 0; i < n; i++)
        {
            int cp = cps[i], cc = Class(cp);
            if (starter >= 0 && cp >= 0 && cps[starter] >= 0 && (lastClass < cc || lastClass == 0 && outCount - 1 == starter)
                && Compose(cps[starter], cp) is int composite and >= 0)
            {
                cps[starter] = composite;
                starts[starter] = Math.Min(starts[starter], starts[i]);
                ends[starter] = Math.Max(ends[starter], ends[i]);
                continue;
            }
            if (cc == 0)
            {
                starter = outCount;
                lastClass = 0;
            }
            else
            {
                lastClass = cc;
            }
            cps[outCount] = cp;
            starts[outCount] = starts[i];
            ends[outCount] = ends[i];
            outCount++;
        }

        var builder = new PieceBuilder();
        for (int i = 0; i < outCount; i++)
        {
            if (cps[i] < 0) builder.Append((char)-cps[i], starts[i], ends[i]);
            else builder.Append(cps[i], starts[i], ends[i]);
        }
        return builder.Build();
    }

    private static int Class(int cp) => cp < 0 ? 0 : CombiningClass(cp);
}
