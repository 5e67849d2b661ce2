namespace CodeNeurons.Redundancy;

/// <summary>
/// One merge of agglomerative clustering, as a row of SciPy's linkage matrix Z: clusters
/// <see cref="Left"/> and <see cref="Right"/> (ids &lt; N are items, id N + k is the cluster formed by merge k)
/// join at <see cref="Distance"/> into a cluster of <see cref="Size"/> items.
/// </summary>
/// <param name="Left">Smaller id of the two merged clusters.</param>
/// <param name="Right">Larger id of the two merged clusters.</param>
/// <param name="Distance">Merge distance (non-decreasing along the dendrogram for average, complete and single linkage).</param>
/// <param name="Size">Number of items in the new cluster.</param>
public readonly record struct MergeStep(int Left, int Right, double Distance, int Size);
