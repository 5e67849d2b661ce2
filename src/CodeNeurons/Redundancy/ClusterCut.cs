namespace CodeNeurons.Redundancy;

/// <summary>The flat clustering at one threshold.</summary>
/// <param name="Threshold">The distance threshold t.</param>
/// <param name="ClusterCount">Number of clusters K.</param>
/// <param name="Labels">Cluster id in 1..K of each neuron (column order of <see cref="CorrelationClusteringResult.NeuronIds"/>), numbered as SciPy's fcluster.</param>
/// <param name="Representatives">One global neuron id per cluster, ordered by cluster id (entry k − 1 represents cluster k).</param>
public sealed record ClusterCut(double Threshold, int ClusterCount, IReadOnlyList<int> Labels, IReadOnlyList<int> Representatives);
