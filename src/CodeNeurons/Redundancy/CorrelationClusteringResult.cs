namespace CodeNeurons.Redundancy;

/// <summary>The flat clustering at one threshold.</summary>
/// <param name="Threshold">The distance threshold t.</param>
/// <param name="ClusterCount">Number of clusters K.</param>
/// <param name="Labels">Cluster id in 1..K of each neuron (column order of <see cref="CorrelationClusteringResult.NeuronIds"/>), numbered as SciPy's fcluster.</param>
/// <param name="Representatives">One global neuron id per cluster, ordered by cluster id (entry k − 1 represents cluster k).</param>
public sealed record ClusterCut(double Threshold, int ClusterCount, IReadOnlyList<int> Labels, IReadOnlyList<int> Representatives);

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

/// <summary>Progress of a correlation clustering run.</summary>
/// <param name="Stage">The stage running ("correlation", "distances", "linkage", "cuts").</param>
/// <param name="RowsProcessed">Rows accumulated so far.</param>
/// <param name="TotalRows">Total rows when known.</param>
public sealed record ClusteringProgress(string Stage, long RowsProcessed, long? TotalRows);
