namespace CodeNeurons.Redundancy;

/// <summary>The partitions of <see cref="ThresholdGraphClustering"/>, one per threshold, with the graph's statistics.</summary>
/// <param name="NeuronIds">Global id of each clustered neuron (the labels' order).</param>
/// <param name="Cuts">One cut per threshold, in the options' order. Cluster ids are 1..K numbered by each cluster's first neuron
/// (not fcluster's numbering); representatives are listed in cluster-id order.</param>
/// <param name="Rows">Rows (tokens) the correlations were computed over.</param>
/// <param name="Edges">Pairs found within the largest threshold (plus <see cref="ThresholdGraphOptions.EdgeSlack"/>).</param>
/// <param name="Components">Connected components of that graph (singletons included).</param>
/// <param name="LargestComponent">Neurons in the largest component: the hierarchy's memory is 8·C·(C−1)/2 bytes for it.</param>
/// <param name="TimingsSeconds">Seconds per stage (<c>standardise</c>, <c>graph</c>, <c>components</c>).</param>
public sealed record ThresholdGraphClusteringResult(
    IReadOnlyList<int> NeuronIds,
    IReadOnlyList<ClusterCut> Cuts,
    long Rows,
    long Edges,
    int Components,
    int LargestComponent,
    IReadOnlyDictionary<string, double> TimingsSeconds);
