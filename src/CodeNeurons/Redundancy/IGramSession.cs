namespace CodeNeurons.Redundancy;

/// <summary>A running sum Σ CᵀC over chunks, held by the kernel (for example in GPU memory).</summary>
public interface IGramSession : IDisposable
{
    /// <summary>Adds CᵀC of a row-major chunk [rows, n] to the running sum.</summary>
    /// <param name="chunk">Row-major values (already centred by the caller).</param>
    /// <param name="rows">Number of rows.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    void Add(ReadOnlySpan<float> chunk, int rows, CancellationToken cancellationToken = default);

    /// <summary>Adds the off-diagonal sums accumulated so far into <paramref name="condensed"/> (SciPy order, i &lt; j) and resets them to zero.</summary>
    /// <param name="condensed">Accumulator of length n·(n−1)/2.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    void DrainTo(Span<double> condensed, CancellationToken cancellationToken = default);
}
