namespace CodeNeurons.Clustering;

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
