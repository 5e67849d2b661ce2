// A custom analysis through the interfaces: a user-written IRedundancyFilter (drop dead neurons) composed with the
// library's CorrelationClustering (one neuron per group of correlated neurons), then a probe on what is left.
// Run: dotnet run --project samples/CustomFilter
using CodeNeurons.Data;
using CodeNeurons.Interpretation;
using CodeNeurons.Redundancy;
using CustomFilter;

// Synthetic activations with planted groups of near-duplicate neurons; then every 16th neuron is made "dead"
// (a constant plus tiny noise), as ReLU-like units often are on a narrow corpus.
var synthetic = SyntheticActivations.Create();
ActivationSet original = synthetic.Activations;
float[] values = original.Values.ToArray();
var rng = new Random(42);
int[] dead = Enumerable.Range(0, original.Neurons).Where(j => j % 16 == 15).ToArray();
for (int r = 0; r < original.Rows; r++)
    foreach (int j in dead) values[r * original.Neurons + j] = 1f + 1e-4f * (float)(rng.NextDouble() - 0.5);
ActivationSet acts = ActivationSet.Create(values, original.Rows, original.Layout, original.Tokens, original.SentenceIndices);
Console.WriteLine($"{acts.Rows} rows × {acts.Neurons} neurons; {synthetic.Groups.Count} planted groups, {dead.Length} dead neurons");

// The chain is itself an IRedundancyFilter, so anything that takes one takes it. Filters keep no state: what each
// found is in the result (the chain's Details hold every filter's own result, in order).
IRedundancyFilter pipeline = new RedundancyChain(new VarianceThresholdFilter(minVariance: 1e-3), new CorrelationClustering(new() { Thresholds = [0.5] }));
RedundancyResult result = pipeline.Filter(acts);
var afterVariance = result.DetailsAs<IReadOnlyList<RedundancyResult>>()[0];
int removedDead = dead.Count(j => !afterVariance.KeptNeurons.Contains(j));
Console.WriteLine($"variance filter: removed {removedDead} of {dead.Length} dead neurons");
Console.WriteLine($"pipeline: kept {result.KeptNeurons.Count} of {result.OriginalNeurons} neurons ({result.Reduction:P1} removed)");

// A probe on the kept neurons for a concept carried by the first planted group.
IReadOnlyList<int> group = synthetic.Groups[0];
double mean = Enumerable.Range(0, acts.Rows).Average(r => acts[r, group[0]]);
int[] labels = Enumerable.Range(0, acts.Rows).Select(r => acts[r, group[0]] > mean ? 1 : 0).ToArray();
int train = acts.Rows * 4 / 5;
ActivationSet kept = result.KeptActivations;
LinearProbe probe = new ManagedElasticNetProbe(new() { Epochs = 20, LearningRate = 0.01, Standardize = true })
    .Fit(kept.SelectRows(0, train), labels[..train]).Probe;
double accuracy = Metrics.Accuracy(probe.Predict(kept.SelectRows(train, acts.Rows - train)), labels[train..]);
int top = probe.TopNeuronsByWeight(1)[0];
Console.WriteLine($"probe on the kept neurons: accuracy {accuracy:P1}; top neuron {top} ({(group.Contains(top) ? "the group's representative" : "outside the group")})");
