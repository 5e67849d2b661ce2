namespace CodeNeurons.Redundancy;

/// <summary>
/// A Gram kernel that can keep the running sum of chunk products where it computes them (e.g. on a GPU), so
/// that the N×N result crosses to the host once rather than once per chunk.
/// </summary>
public interface IGramSessionKernel : IGramKernel
{
    /// <summary>Opens a session over <paramref name="n"/> columns, or returns <see langword="null"/> when per-call accumulation is the better choice on this device.</summary>
    /// <param name="n">Number of columns (neurons).</param>
    /// <returns>A session the caller disposes, or <see langword="null"/>.</returns>
    IGramSession? OpenSession(int n);
}
