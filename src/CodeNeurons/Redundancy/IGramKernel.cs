namespace CodeNeurons.Redundancy;

/// <summary>
/// Computes the Gram matrix CᵀC of a chunk of rows and adds its upper half into double-precision
/// accumulators. Implementations: <see cref="ManagedGramKernel"/> (SIMD, multi-threaded) here and a TorchSharp
/// kernel (CPU or CUDA) in CodeNeurons.Torch.
/// </summary>
/// <remarks>
/// Only one half of the symmetric product is computed. The caller centres the chunk; the kernel only multiplies.
/// </remarks>
public interface IGramKernel
{
    /// <summary>A short name for logs and timings (e.g. "managed", "torch-cpu").</summary>
    string Name { get; }

    /// <summary>
    /// Adds Σ_r c[r, i]·c[r, j] to <c>condensed[CondensedDistanceMatrix.IndexOf(n, i, j)]</c> for every i &lt; j,
    /// and Σ_r c[r, i]² to <c>diagonal[i]</c>.
    /// </summary>
    /// <param name="chunk">Row-major values, shape [rows, n].</param>
    /// <param name="rows">Number of rows in the chunk (≥ 0).</param>
    /// <param name="n">Number of columns (neurons).</param>
    /// <param name="condensed">Accumulator of length n·(n−1)/2, SciPy's condensed order.</param>
    /// <param name="diagonal">Accumulator of length n.</param>
    /// <param name="cancellationToken">Cancels the computation.</param>
    void AddGram(ReadOnlySpan<float> chunk, int rows, int n, Span<double> condensed, Span<double> diagonal, CancellationToken cancellationToken = default);
}
