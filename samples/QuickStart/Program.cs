// Quick start: general redundancy of neurons by correlation clustering (Dalvi et al. 2020), with the managed
// core only (no TorchSharp). Run: dotnet run --project samples/QuickStart [-- path/to/activations.hdf5]
using CodeNeurons.Data;
using CodeNeurons.Formats;
using CodeNeurons.Redundancy;

ActivationSet acts = args.Length > 0
    ? ActivationFile.Load(args[0])                                              // NeuroX .json / .hdf5, or a raw folder
    : SyntheticActivations.Create().Activations;                                // 3 layers × 64 neurons, planted groups
Console.WriteLine($"{acts.Rows} tokens × {acts.Neurons} neurons ({acts.Layout.Layers} layers × {acts.Layout.NeuronsPerLayer})");

var clustering = new CorrelationClustering(new() { Thresholds = [0.3, 0.5, 0.7], Seed = 7 });
var progress = new Progress<ClusteringProgress>(p => Console.WriteLine($"  {p.Stage}: {p.RowsProcessed} rows"));
CorrelationClusteringResult result = clustering.Cluster(acts, progress);
foreach (ClusterCut cut in result.Cuts)
    Console.WriteLine($"t = {cut.Threshold}: {cut.ClusterCount} clusters, first representatives {string.Join(", ", cut.Representatives.Take(5))}");

// Any IRedundancyFilter composes the same way: here, keep one neuron per cluster of the last layer only.
IRedundancyFilter filter = clustering;
RedundancyResult kept = filter.Filter(acts.SelectLayers(acts.Layout.Layers - 1));
Console.WriteLine($"last layer: kept {kept.KeptNeurons.Count} of {kept.OriginalNeurons} neurons ({kept.Reduction:P1} removed)");
