namespace CodeNeurons.Redundancy;

/// <summary>The argument checks every <see cref="IGramKernel"/> implementation shares (for implementers of a kernel).</summary>
public static class GramArguments
{
    /// <summary>Checks the shapes of one <see cref="IGramKernel"/> accumulation call.</summary>
    /// <param name="chunk">Row-major values [rows, n].</param>
    /// <param name="rows">Rows in the chunk (≥ 0).</param>
    /// <param name="n">Neurons (≥ 1).</param>
    /// <param name="condensed">The condensed upper triangle, n·(n−1)/2 entries.</param>
    /// <param name="diagonal">The diagonal, n entries.</param>
    /// <exception cref="ArgumentException">A length that does not fit the shape (the message gives both).</exception>
    public static void Check(ReadOnlySpan<float> chunk, int rows, int n, Span<double> condensed, Span<double> diagonal)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        if ((long)rows * n > chunk.Length)
            throw new ArgumentException($"chunk has {chunk.Length} values but {rows} rows × {n} neurons need {(long)rows * n}.", nameof(chunk));
        long c = (long)n * (n - 1) / 2;
        if (condensed.Length != c)
            throw new ArgumentException($"condensed has {condensed.Length} entries but {n} neurons need {c}.", nameof(condensed));
        if (diagonal.Length != n)
            throw new ArgumentException($"diagonal has {diagonal.Length} entries but there are {n} neurons.", nameof(diagonal));
    }
}
