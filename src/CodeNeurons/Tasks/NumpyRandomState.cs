namespace CodeNeurons.Tasks;

/// <summary>
/// The part of NumPy's legacy <c>np.random.RandomState</c> that Dalvi et al.'s split needs: MT19937 seeded by
/// <c>np.random.seed(n)</c> (Matsumoto and Nishimura's <c>init_genrand</c>) and <c>shuffle</c> of a 1-D array (Fisher–Yates from
/// the end, each index drawn by <c>random_interval</c>: the smallest all-ones mask ≥ max, redrawn until ≤ max). The same
/// seed gives the same permutation as NumPy (checked against NumPy 1.24 in the tests).
/// </summary>
internal sealed class NumpyRandomState
{
    private const int N = 624, M = 397;
    private readonly uint[] _mt = new uint[N];
    private int _index;

    public NumpyRandomState(uint seed)
    {
        _mt[0] = seed;
        for (int i = 1; i < N; i++) _mt[i] = unchecked(1812433253u * (_mt[i - 1] ^ (_mt[i - 1] >> 30)) + (uint)i);
        _index = N;
    }

    public uint NextUInt32()
    {
        if (_index >= N)
        {
            for (int k = 0; k < N; k++)
            {
                uint y = (_mt[k] & 0x80000000u) | (_mt[(k + 1) % N] & 0x7fffffffu);
                _mt[k] = _mt[(k + M) % N] ^ (y >> 1) ^ ((y & 1u) != 0 ? 0x9908b0dfu : 0u);
            }
            _index = 0;
        }
        uint x = _mt[_index++];
        x ^= x >> 11;
        x ^= (x << 7) & 0x9d2c5680u;
        x ^= (x << 15) & 0xefc60000u;
        x ^= x >> 18;
        return x;
    }

    /// <summary>NumPy's <c>random_interval(max)</c> for max &lt; 2³²: a uniform integer in [0, max].</summary>
    public uint Interval(uint max)
    {
        if (max == 0) return 0;
        uint mask = max;
        mask |= mask >> 1; mask |= mask >> 2; mask |= mask >> 4; mask |= mask >> 8; mask |= mask >> 16;
        uint value;
        while ((value = NextUInt32() & mask) > max) { }
        return value;
    }

    /// <summary><c>RandomState.shuffle</c> of a 1-D array, in place.</summary>
    public void Shuffle<T>(T[] items)
    {
        for (int i = items.Length - 1; i >= 1; i--)
        {
            int j = (int)Interval((uint)i);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
