namespace CodeNeurons.Numerics;

/// <summary>
/// Derives seeds for sub-steps (an epoch, a threshold) from a user seed. Unlike <see cref="HashCode"/>, which .NET
/// randomises per process, the result is the same in every process, so a seed gives the same result run after run.
/// </summary>
internal static class Seeds
{
    /// <summary>A stable 32-bit mix of the parts (SplitMix64 finaliser over a running combination).</summary>
    public static int Mix(params int[] parts)
    {
        ulong h = 0x9E3779B97F4A7C15UL;
        foreach (int p in parts)
        {
            h ^= (uint)p;
            h += 0x9E3779B97F4A7C15UL;
            h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9UL;
            h = (h ^ (h >> 27)) * 0x94D049BB133111EBUL;
            h ^= h >> 31;
        }
        return (int)(h & 0x7FFFFFFF);
    }
}
