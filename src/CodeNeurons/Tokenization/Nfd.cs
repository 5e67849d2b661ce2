using System.Globalization;

namespace CodeNeurons.Tokenization;

/// <summary>Managed canonical decomposition (works under invariant globalization, unlike <c>string.Normalize</c>).</summary>
internal static partial class Nfd
{
    private static readonly Lazy<Dictionary<int, int[]>> Table = new(Parse);

    private static Dictionary<int, int[]> Parse()
    {
        var map = new Dictionary<int, int[]>(2100);
        foreach (var entry in Data.Split(';'))
        {
            int colon = entry.IndexOf(':');
            int key = int.Parse(entry.AsSpan(0, colon), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            map[key] = entry[(colon + 1)..].Split(' ')
                .Select(h => int.Parse(h, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray();
        }
        return map;
    }

    /// <summary>Appends the full canonical decomposition of <paramref name="cp"/> (itself when it has none).</summary>
    public static void Decompose(int cp, List<int> output)
    {
        const int SBase = 0xAC00, LBase = 0x1100, VBase = 0x1161, TBase = 0x11A7, TCount = 28, NCount = 588, SCount = 11172;
        int s = cp - SBase;
        if (s is >= 0 and < SCount)
        {
            output.Add(LBase + s / NCount);
            output.Add(VBase + s % NCount / TCount);
            if (s % TCount != 0) output.Add(TBase + s % TCount);
            return;
        }
        if (cp >= 0xC0 && Table.Value.TryGetValue(cp, out var d)) output.AddRange(d);
        else output.Add(cp);
    }
}
