// The program that PackagingTests builds in a fresh console project against the packed CodeNeurons and
// CodeNeurons.Torch packages (not compiled into the test assembly). It prints key=value lines that the test checks.
// Arguments: the seed of the synthetic activations; "torch-check" to only load TorchSharp.
using System.Globalization;
using CodeNeurons;
using CodeNeurons.Redundancy;
using CodeNeurons.Data;
using CodeNeurons.Interpretation;
using CodeNeurons.Torch.Extraction;
using static TorchSharp.torch;

int seed = int.Parse(args[0], CultureInfo.InvariantCulture);
void Print(string key, object value) => Console.WriteLine(FormattableString.Invariant($"{key}={value}"));

// "torch-check": only load TorchSharp through CodeNeurons.Torch and print its diagnosis when that fails.
if (args.Length > 1 && args[1] == "torch-check")
{
    try
    {
        CodeNeurons.Torch.TorchNative.EnsureLoaded();
        Print("torch_loaded", true);
    }
    catch (InvalidOperationException ex)
    {
        Print("torch_error", ex.Message.ReplaceLineEndings(" "));
    }
    return;
}

// Managed core: planted groups of near-duplicate neurons, recovered by correlation clustering at t = 0.5.
var synthetic = SyntheticActivations.Create(new() { Layers = 2, NeuronsPerLayer = 32, Rows = 1500, Groups = 6, Seed = seed });
ActivationSet acts = synthetic.Activations;
IRedundancyFilter clustering = new CorrelationClustering(new() { Thresholds = [0.5], Seed = seed });
ClusterCut cut = ((CorrelationClustering)clustering).Cluster(acts).Cuts[0];
int recovered = synthetic.Groups.Count(g =>
{
    int label = cut.Labels[g[0]];
    return g.All(m => cut.Labels[m] == label) && cut.Labels.Count(l => l == label) == g.Count;
});
Print("neurons", acts.Neurons);
Print("planted_groups", synthetic.Groups.Count);
Print("planted_members", synthetic.Groups.Sum(g => g.Count));
Print("recovered_groups", recovered);
Print("clusters", cut.ClusterCount);
Print("kept_neurons", clustering.Filter(acts).KeptNeurons.Count);

// A probe for a concept carried by the first planted group: "its first member is above its mean".
IReadOnlyList<int> group = synthetic.Groups[0];
double mean = Enumerable.Range(0, acts.Rows).Average(r => acts[r, group[0]]);
int[] labels = Enumerable.Range(0, acts.Rows).Select(r => acts[r, group[0]] > mean ? 1 : 0).ToArray();
int trainRows = acts.Rows * 4 / 5;
var probe = new ManagedElasticNetProbe(new() { Epochs = 20, LearningRate = 0.01, Standardize = true, Seed = seed })
    .Fit(acts.SelectRows(0, trainRows), labels[..trainRows]).Probe;
ActivationSet test = acts.SelectRows(trainRows, acts.Rows - trainRows);
Print("probe_accuracy", Metrics.Accuracy(probe.Predict(test), labels[trainRows..]).ToString("F4", CultureInfo.InvariantCulture));
Print("probe_group", string.Join(",", group));
Print("probe_top_neuron", probe.TopNeuronsByWeight(1)[0]);

// CodeNeurons.Torch: a TorchSharp op, then the embedded all-MiniLM-L6-v2 model over two snippets.
Print("torch_sum", ones(3, 4).sum().item<float>());
using var source = TransformerActivationSource.LoadMiniLm(new() { Aggregation = TokenAggregation.Average });
ActivationSet code = source.Extract([CodeSnippet.FromTokens(["int", "x", "=", "1", ";"]), CodeSnippet.FromTokens(["return", "x", ";"])]);
Print("minilm_rows", code.Rows);
Print("minilm_layers", code.Layout.Layers);
Print("minilm_neurons_per_layer", code.Layout.NeuronsPerLayer);
