namespace CodeNeurons.Redundancy;

/// <summary>Correlation clustering of neurons: the hierarchy and its cuts at every requested threshold.</summary>
/// <param name="NeuronIds">Global id of each clustered neuron.</param>
/// <param name="Hierarchy">The agglomerative hierarchy (SciPy's Z), computed once.</param>
/// <param name="Cuts">One flat clustering per threshold, in the order requested.</param>
/// <param name="Rows">Number of rows (tokens) the correlations were computed over.</param>
/// <param name="TimingsSeconds">Wall time of each stage in seconds (e.g. "correlation", "linkage", "cuts").</param>
public sealed record CorrelationClusteringResult(
    IReadOnlyList<int> NeuronIds,
    Dendrogram Hierarchy,
    IReadOnlyList<ClusterCut> Cuts,
    long Rows,
    IReadOnlyDictionary<string, double> TimingsSeconds);
