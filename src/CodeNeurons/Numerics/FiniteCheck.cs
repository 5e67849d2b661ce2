using System.Numerics;
using System.Runtime.InteropServices;

namespace CodeNeurons.Numerics;

/// <summary>Vectorised search for NaN and ±Inf.</summary>
internal static class FiniteCheck
{
    /// <summary>Index of the first NaN or infinite value, or -1.</summary>
    public static int IndexOfNonFinite(ReadOnlySpan<float> values)
    {
        var ints = MemoryMarshal.Cast<float, int>(values);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var mask = new Vector<int>(0x7F800000);
            int w = Vector<int>.Count;
            for (; i <= ints.Length - w; i += w)
            {
                var v = new Vector<int>(ints.Slice(i, w)) & mask;
                if (Vector.EqualsAny(v, mask)) break;
            }
        }
        for (; i < ints.Length; i++)
        {
            if ((ints[i] & 0x7F800000) == 0x7F800000) return i;
        }
        return -1;
    }
}
