namespace CodeNeurons.Clustering;

/// <summary>
/// Agglomerative clustering with SciPy's semantics (<c>scipy.cluster.hierarchy.linkage</c>): the same merges,
/// the same order of merges and the same tie-breaking, so that <see cref="Dendrogram.Cut"/> gives the
/// partitions of <c>fcluster(Z, t, criterion="distance")</c>.
/// </summary>
public static class HierarchicalClustering
{
    /// <summary>Builds the complete hierarchy over the items of <paramref name="distances"/>.</summary>
    /// <param name="distances">Condensed distances (not modified).</param>
    /// <param name="method">Linkage method.</param>
    /// <param name="cancellationToken">Cancels the computation.</param>
    /// <returns>The dendrogram (N − 1 merges).</returns>
    public static Dendrogram Build(CondensedDistanceMatrix distances, LinkageMethod method, CancellationToken cancellationToken = default)
        => throw new NotImplementedException("TODO(linkage helper)");
}
