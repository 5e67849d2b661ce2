using System.Text.Json;
using CodeNeurons.Data;
using CodeNeurons.Redundancy;

namespace CodeNeurons.Tests.Redundancy;

public class CorrelationClusteringTests
{
    private sealed record Reference(int rows, int neurons, double[] thresholds, float[][] X, Case[] cases);
    private sealed record Case(string method, bool signed, Dictionary<string, int[]> labels, double[] heights);

    private static Reference LoadReference()
    {
        var json = File.ReadAllText(TestData.Fixture("neurox-clustering", "clustering_reference.json"));
        return JsonSerializer.Deserialize<Reference>(json)!;
    }

    private static IEnumerable<TestCaseData> ReferenceCases()
    {
        foreach (var method in new[] { "average", "complete", "single" })
            foreach (var signed in new[] { false, true })
                foreach (int chunk in new[] { 50, 4096 })
                    yield return new TestCaseData(method, signed, chunk).SetArgDisplayNames(method, signed ? "signed" : "abs", $"chunk{chunk}");
    }

    [TestCaseSource(nameof(ReferenceCases))]
    public void PartitionsEqualNeuroxRecipeWithScipy(string method, bool signed, int chunkRows)
    {
        var reference = LoadReference();
        var values = reference.X.SelectMany(r => r).ToArray();
        var acts = ActivationSet.Create(values, reference.rows, LayerLayout.Flat(reference.neurons));
        var c = reference.cases.Single(x => x.method == method && x.signed == signed);
        var options = new CorrelationClusteringOptions
        {
            Thresholds = reference.thresholds,
            Linkage = Enum.Parse<LinkageMethod>(method, ignoreCase: true),
            Signed = signed,
            ChunkRows = chunkRows,
        };
        var result = new CorrelationClustering(options).Cluster(acts);
        var heights = result.Hierarchy.Merges.Select(m => m.Distance).ToArray();
        Assert.That(heights, Is.EqualTo(c.heights).AsCollection.Within(1e-5), "merge heights");
        for (int t = 0; t < reference.thresholds.Length; t++)
        {
            string key = reference.thresholds[t].ToString("0.0##", System.Globalization.CultureInfo.InvariantCulture);
            var expected = c.labels.Single(kv => Math.Abs(double.Parse(kv.Key, System.Globalization.CultureInfo.InvariantCulture) - reference.thresholds[t]) < 1e-12).Value;
            Assert.That(result.Cuts[t].Labels, Is.EqualTo(expected), $"labels at t = {key} (fcluster numbering)");
            Assert.That(result.Cuts[t].ClusterCount, Is.EqualTo(expected.Max()));
        }
    }

    [Test]
    public void PlantedGroupsAreRecoveredExactlyAtHalf()
    {
        var synthetic = SyntheticActivations.Create(new SyntheticActivationsOptions { Layers = 2, NeuronsPerLayer = 40, Rows = 800, Groups = 10, Seed = 9 });
        var result = new CorrelationClustering(new() { Thresholds = [0.5] }).Cluster(synthetic.Activations);
        var cut = result.Cuts[0];
        var clusters = Enumerable.Range(0, 80).GroupBy(i => cut.Labels[i]).Select(g => g.ToArray()).ToList();
        var groups = synthetic.Groups.Select(g => g.ToArray()).ToList();
        int inGroups = groups.Sum(g => g.Length);
        Assert.That(cut.ClusterCount, Is.EqualTo(80 - inGroups + groups.Count));
        foreach (var g in groups)
            Assert.That(clusters, Has.Some.EquivalentTo(g), $"group {string.Join(",", g)}");
        Assert.That(clusters.Count(c => c.Length > 1), Is.EqualTo(groups.Count));
    }

    [Test]
    public void RepresentativesAreMembersOnePerClusterAndSeeded()
    {
        var acts = SyntheticActivations.Create(new() { Layers = 2, NeuronsPerLayer = 30, Rows = 400, Groups = 8, Seed = 2 }).Activations;
        foreach (var selection in Enum.GetValues<RepresentativeSelection>())
        {
            var options = new CorrelationClusteringOptions { Thresholds = [0.3, 0.5, 0.9], Representative = selection, Seed = 42 };
            var a = new CorrelationClustering(options).Cluster(acts);
            var b = new CorrelationClustering(options).Cluster(acts);
            foreach (var (cut, other) in a.Cuts.Zip(b.Cuts))
            {
                Assert.That(cut.Representatives, Has.Count.EqualTo(cut.ClusterCount));
                Assert.That(other.Representatives, Is.EqualTo(cut.Representatives), $"{selection}: same seed, same choice");
                for (int k = 0; k < cut.ClusterCount; k++)
                {
                    int rep = cut.Representatives[k];
                    Assert.That(cut.Labels[rep], Is.EqualTo(k + 1), $"{selection}: representative {rep} of cluster {k + 1}");
                }
            }
        }
    }

    [Test]
    public void MedoidIsTheMemberClosestToTheOthers()
    {
        // Three copies of a signal with growing noise: the least noisy one is the most central.
        var rng = new Random(4);
        int rows = 500;
        var x = new float[rows * 3];
        for (int r = 0; r < rows; r++)
        {
            double z = TestData.Gaussian(rng);
            x[r * 3 + 0] = (float)(z + 0.8 * TestData.Gaussian(rng));
            x[r * 3 + 1] = (float)(z + 0.05 * TestData.Gaussian(rng));
            x[r * 3 + 2] = (float)(z + 0.9 * TestData.Gaussian(rng));
        }
        var cut = new CorrelationClustering(new() { Thresholds = [0.9] }).Cluster(ActivationSet.Create(x, rows, LayerLayout.Flat(3))).Cuts[0];
        Assert.That(cut.ClusterCount, Is.EqualTo(1));
        Assert.That(cut.Representatives, Is.EqualTo(new[] { 1 }));
    }

    [Test]
    public void FilterKeepsRepresentativesOfTheFirstThresholdWithGlobalIds()
    {
        var acts = SyntheticActivations.Create(new() { Layers = 3, NeuronsPerLayer = 20, Rows = 300, Groups = 6, Seed = 8 }).Activations;
        var slice = acts.SelectLayers(1, 2);
        IRedundancyFilter filter = new CorrelationClustering(new() { Thresholds = [0.5, 0.9] });
        var kept = filter.Filter(slice);
        var cut = new CorrelationClustering(new() { Thresholds = [0.5] }).Cluster(slice).Cuts[0];
        Assert.That(kept.KeptNeurons, Is.EqualTo(cut.Representatives.Order().ToArray()));
        Assert.That(kept.KeptNeurons.All(id => id >= 20), Is.True, "ids stay global after slicing layers 1 and 2");
        Assert.That(kept.OriginalNeurons, Is.EqualTo(40));
        Assert.That(kept.Reduction, Is.EqualTo(1 - kept.Kept.Neurons / 40.0));
    }

    [Test]
    public void OneHierarchyCutAtManyThresholdsEqualsSeparateRuns()
    {
        var acts = SyntheticActivations.Create(new() { Layers = 2, NeuronsPerLayer = 25, Rows = 300, Groups = 7, Seed = 6 }).Activations;
        double[] thresholds = [0.1, 0.3, 0.5, 0.7, 0.9];
        var all = new CorrelationClustering(new() { Thresholds = thresholds }).Cluster(acts);
        for (int t = 0; t < thresholds.Length; t++)
        {
            var single = new CorrelationClustering(new() { Thresholds = [thresholds[t]] }).Cluster(acts).Cuts[0];
            Assert.That(all.Cuts[t].Labels, Is.EqualTo(single.Labels));
        }
        for (int t = 1; t < thresholds.Length; t++)
            Assert.That(all.Cuts[t].ClusterCount, Is.LessThanOrEqualTo(all.Cuts[t - 1].ClusterCount));
    }

    [Test]
    public void MergedAccumulatorsClusterLikeOnePass()
    {
        var acts = SyntheticActivations.Create(new() { Layers = 2, NeuronsPerLayer = 25, Rows = 400, Groups = 7, Seed = 12 }).Activations;
        var a = new CorrelationAccumulator(acts.Neurons);
        var b = new CorrelationAccumulator(acts.Neurons);
        a.Add(acts.Values[..(150 * acts.Neurons)], 150);
        b.Add(acts.Values[(150 * acts.Neurons)..], 250);
        a.Merge(b);
        var clustering = new CorrelationClustering(new() { Thresholds = [0.5, 0.8] });
        var merged = clustering.Cluster(a, acts.NeuronIds);
        var direct = clustering.Cluster(acts);
        Assert.That(merged.Cuts.Select(c => c.Labels), Is.EqualTo(direct.Cuts.Select(c => c.Labels)));
    }

    [Test]
    public void SingleNeuronIsOneCluster()
    {
        var acts = ActivationSet.Create([1f, 2f, 3f], 3, LayerLayout.Flat(1));
        var cut = new CorrelationClustering(new() { Thresholds = [0.5] }).Cluster(acts).Cuts[0];
        Assert.That(cut.Labels, Is.EqualTo(new[] { 1 }));
        Assert.That(cut.Representatives, Is.EqualTo(new[] { 0 }));
    }

    [Test]
    public void BadSettingsAndInputsAreRejectedClearly()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CorrelationClustering(new() { Thresholds = [0.5, 2.5] }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CorrelationClustering(new() { Thresholds = [-0.1] }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CorrelationClustering(new() { Thresholds = [double.NaN] }));
        Assert.Throws<ArgumentException>(() => new CorrelationClustering(new() { Thresholds = [] }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CorrelationClustering(new() { ChunkRows = 0 }));
        var empty = ActivationSet.Create([], 0, LayerLayout.Flat(4));
        var ex = Assert.Throws<ArgumentException>(() => new CorrelationClustering().Cluster(empty));
        Assert.That(ex!.Message, Does.Contain("no rows"));
    }

    [Test]
    public void CancellationIsHonoured()
    {
        var acts = SyntheticActivations.Create().Activations;
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.That(() => new CorrelationClustering().Cluster(acts, null, cts.Token), Throws.InstanceOf<OperationCanceledException>());
    }
}
