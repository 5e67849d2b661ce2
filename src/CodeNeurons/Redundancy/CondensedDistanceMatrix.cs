namespace CodeNeurons.Redundancy;

/// <summary>
/// A symmetric distance matrix with zero diagonal stored as SciPy's condensed vector: the upper triangle
/// without the diagonal, row by row, so d(i, j) for i &lt; j is at index <c>N·i − i·(i+1)/2 + (j − i − 1)</c>.
/// </summary>
public sealed class CondensedDistanceMatrix
{
    /// <summary>Wraps <paramref name="values"/> (taken, not copied).</summary>
    /// <param name="count">Number of items N (≥ 1).</param>
    /// <param name="values">Condensed distances, length N·(N−1)/2; each finite and ≥ 0.</param>
    /// <exception cref="ArgumentException">The length does not match N, or a distance is negative or not finite (the message names i and j).</exception>
    public CondensedDistanceMatrix(int count, double[] values)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentNullException.ThrowIfNull(values);
        long expected = LengthFor(count);
        if (values.LongLength != expected)
            throw new ArgumentException($"A condensed matrix of {count} items has {expected} entries, but values has {values.LongLength}.", nameof(values));
        for (long k = 0; k < values.LongLength; k++)
        {
            double v = values[k];
            if (!(v >= 0) || double.IsInfinity(v))
            {
                var (i, j) = PairOf(count, k);
                throw new ArgumentException($"Distance d({i}, {j}) = {v}; distances must be finite and non-negative.", nameof(values));
            }
        }
        Count = count;
        Values = values;
    }

    /// <summary>Number of items N.</summary>
    public int Count { get; }

    /// <summary>The condensed distances (length N·(N−1)/2), in SciPy's order.</summary>
    public double[] Values { get; }

    /// <summary>Distance between items <paramref name="i"/> and <paramref name="j"/> (0 when equal).</summary>
    /// <param name="i">First item.</param>
    /// <param name="j">Second item.</param>
    public double this[int i, int j]
    {
        get
        {
            if ((uint)i >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(i));
            if ((uint)j >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(j));
            if (i == j) return 0;
            return Values[IndexOf(Count, i, j)];
        }
    }

    /// <summary>
    /// The block of this matrix on a subset of the items (the distances among them only, e.g. the neurons of the
    /// layers a layer selector kept), without recomputing anything.
    /// </summary>
    /// <param name="items">Item indices, strictly ascending, each in [0, <see cref="Count"/>).</param>
    /// <returns>A new matrix over <paramref name="items"/>, in that order.</returns>
    /// <exception cref="ArgumentException">No items, an index out of range, or indices not strictly ascending.</exception>
    public CondensedDistanceMatrix Select(IReadOnlyList<int> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0) throw new ArgumentException("Select at least one item.", nameof(items));
        for (int a = 0; a < items.Count; a++)
        {
            if ((uint)items[a] >= (uint)Count)
                throw new ArgumentException($"Item {items[a]} (index {a}) is outside [0, {Count}).", nameof(items));
            if (a > 0 && items[a] <= items[a - 1])
                throw new ArgumentException($"Items must ascend strictly: {items[a]} (index {a}) follows {items[a - 1]}.", nameof(items));
        }
        int m = items.Count;
        var values = new double[LengthFor(m)];
        var source = Values;
        int n = Count;
        Parallel.For(0, Math.Max(0, m - 1), a =>
        {
            int i = items[a];
            long rowBase = (long)n * i - (long)i * (i + 1) / 2 - i - 1;
            long target = IndexOf(m, a, a + 1);
            for (int b = a + 1; b < m; b++) values[target++] = source[rowBase + items[b]];
        });
        return new CondensedDistanceMatrix(m, values, validated: true);
    }

    private CondensedDistanceMatrix(int count, double[] values, bool validated)
    {
        _ = validated;
        Count = count;
        Values = values;
    }

    /// <summary>Number of condensed entries for <paramref name="count"/> items.</summary>
    /// <param name="count">Number of items.</param>
    /// <returns>N·(N−1)/2.</returns>
    public static long LengthFor(int count) => (long)count * (count - 1) / 2;

    /// <summary>Condensed index of the pair (i, j), i ≠ j, in either order.</summary>
    /// <param name="count">Number of items N.</param>
    /// <param name="i">First item.</param>
    /// <param name="j">Second item.</param>
    /// <returns>The index into <see cref="Values"/>.</returns>
    public static long IndexOf(int count, int i, int j)
    {
        if (i > j) (i, j) = (j, i);
        return (long)count * i - (long)i * (i + 1) / 2 + (j - i - 1);
    }

    /// <summary>The pair (i, j), i &lt; j, stored at condensed index <paramref name="k"/>.</summary>
    /// <param name="count">Number of items N.</param>
    /// <param name="k">Condensed index.</param>
    /// <returns>The pair.</returns>
    public static (int I, int J) PairOf(int count, long k)
    {
        int i = 0;
        long rowStart = 0;
        while (true)
        {
            long rowLength = count - i - 1;
            if (k < rowStart + rowLength) return (i, (int)(i + 1 + (k - rowStart)));
            rowStart += rowLength;
            i++;
        }
    }

    /// <summary>Builds a condensed matrix from a full square one (only the upper triangle is read).</summary>
    /// <param name="square">An N×N matrix.</param>
    /// <returns>The condensed matrix.</returns>
    public static CondensedDistanceMatrix FromSquare(double[,] square)
    {
        ArgumentNullException.ThrowIfNull(square);
        int n = square.GetLength(0);
        if (square.GetLength(1) != n) throw new ArgumentException($"square is {n}×{square.GetLength(1)}; it must be square.", nameof(square));
        var v = new double[LengthFor(n)];
        long k = 0;
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
                v[k++] = square[i, j];
        return new CondensedDistanceMatrix(n, v);
    }
}
