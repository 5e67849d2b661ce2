namespace CodeNeurons.Clustering;

public sealed partial class Dendrogram
{
    /// <summary>
    /// Flat clusters such that items in one cluster have cophenetic distance ≤ <paramref name="threshold"/>:
    /// SciPy's <c>fcluster(Z, threshold, criterion="distance")</c>, including its numbering of clusters.
    /// </summary>
    /// <param name="threshold">Distance threshold t (finite, ≥ 0).</param>
    /// <returns>Cluster id in 1..K for each item.</returns>
    public int[] Cut(double threshold) => throw new NotImplementedException("TODO(linkage helper)");
}
