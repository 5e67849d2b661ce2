namespace CodeNeurons.Redundancy;

/// <summary>
/// A complete agglomerative hierarchy over N items: N − 1 merges in SciPy's linkage-matrix order.
/// Computed once, it can be cut at any number of thresholds (<see cref="Cut(double)"/>).
/// </summary>
public sealed partial class Dendrogram
{
    private readonly MergeStep[] _merges;

    /// <summary>Creates a dendrogram from N − 1 merges in SciPy's Z format.</summary>
    /// <param name="count">Number of items N (≥ 1).</param>
    /// <param name="merges">The N − 1 merges.</param>
    /// <param name="method">The linkage that produced them.</param>
    /// <exception cref="ArgumentException">The merges do not form a valid hierarchy over N items.</exception>
    public Dendrogram(int count, IReadOnlyList<MergeStep> merges, LinkageMethod method)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentNullException.ThrowIfNull(merges);
        if (merges.Count != count - 1)
            throw new ArgumentException($"A hierarchy over {count} items has {count - 1} merges, not {merges.Count}.", nameof(merges));
        _merges = merges.ToArray();
        var used = new bool[2 * count - 1];
        for (int k = 0; k < _merges.Length; k++)
        {
            var m = _merges[k];
            int limit = count + k;
            if (m.Left < 0 || m.Left >= limit || m.Right < 0 || m.Right >= limit || m.Left == m.Right || used[m.Left] || used[m.Right])
                throw new ArgumentException($"Merge {k} joins {m.Left} and {m.Right}, which are not two distinct unmerged clusters among the first {limit}.", nameof(merges));
            if (!(m.Distance >= 0) || double.IsInfinity(m.Distance))
                throw new ArgumentException($"Merge {k} has distance {m.Distance}; it must be finite and non-negative.", nameof(merges));
            used[m.Left] = used[m.Right] = true;
        }
        Count = count;
        Method = method;
    }

    /// <summary>Number of items N (leaves).</summary>
    public int Count { get; }

    /// <summary>The linkage method that produced the hierarchy.</summary>
    public LinkageMethod Method { get; }

    /// <summary>The N − 1 merges (rows of SciPy's Z).</summary>
    public IReadOnlyList<MergeStep> Merges => _merges;

    /// <summary>SciPy's linkage matrix Z, shape [N − 1, 4]: left, right, distance, size.</summary>
    /// <returns>A new array.</returns>
    public double[,] ToLinkageMatrix()
    {
        var z = new double[_merges.Length, 4];
        for (int k = 0; k < _merges.Length; k++)
        {
            z[k, 0] = _merges[k].Left;
            z[k, 1] = _merges[k].Right;
            z[k, 2] = _merges[k].Distance;
            z[k, 3] = _merges[k].Size;
        }
        return z;
    }
}
