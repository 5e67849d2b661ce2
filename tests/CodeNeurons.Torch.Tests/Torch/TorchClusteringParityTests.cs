using CodeNeurons.Data;
using CodeNeurons.Redundancy;
using CodeNeurons.Torch;

namespace CodeNeurons.Tests.Torch;

/// <summary>The two correlation implementations (managed SIMD and TorchSharp) tested against each other end to end.</summary>
public class TorchClusteringParityTests
{
    private static IEnumerable<TestCaseData> Cases()
    {
        foreach (var method in Enum.GetValues<LinkageMethod>())
            foreach (bool signed in new[] { false, true })
                yield return new TestCaseData(method, signed);
    }

    [TestCaseSource(nameof(Cases))]
    public void ManagedAndTorchKernelsGiveTheSameDistancesAndPartitions(LinkageMethod method, bool signed)
    {
        var acts = SyntheticActivations.Create(new() { Layers = 3, NeuronsPerLayer = 24, Rows = 700, Groups = 9, Seed = 17 }).Activations;
        var options = new CorrelationClusteringOptions { Thresholds = [0.1, 0.3, 0.5, 0.7, 0.9], Linkage = method, Signed = signed, ChunkRows = 256 };
        var managed = new CorrelationClustering(options, new ManagedGramKernel()).Cluster(acts);
        var torch = new CorrelationClustering(options, new TorchGramKernel("cpu")).Cluster(acts);
        var hm = managed.Hierarchy.Merges.Select(m => m.Distance).ToArray();
        var ht = torch.Hierarchy.Merges.Select(m => m.Distance).ToArray();
        Assert.That(ht, Is.EqualTo(hm).AsCollection.Within(1e-5), "merge heights");
        for (int t = 0; t < options.Thresholds.Count; t++)
        {
            // Equal partitions are only guaranteed away from merge heights; the data keeps them ≥ 1e-5 away.
            double gap = hm.Min(h => Math.Abs(h - options.Thresholds[t]));
            Assume.That(gap, Is.GreaterThan(1e-5), $"a merge height is within 1e-5 of {options.Thresholds[t]}");
            Assert.That(torch.Cuts[t].Labels, Is.EqualTo(managed.Cuts[t].Labels), $"t = {options.Thresholds[t]}");
            Assert.That(torch.Cuts[t].Representatives, Is.EqualTo(managed.Cuts[t].Representatives));
        }
    }

    [Test]
    public void AccumulatorsFromDifferentKernelsMerge()
    {
        var acts = SyntheticActivations.Create(new() { Layers = 2, NeuronsPerLayer = 20, Rows = 300, Groups = 5, Seed = 5 }).Activations;
        int n = acts.Neurons;
        var a = new CorrelationAccumulator(n, new ManagedGramKernel());
        var b = new CorrelationAccumulator(n, new TorchGramKernel("cpu"));
        a.Add(acts.Values[..(100 * n)], 100);
        b.Add(acts.Values[(100 * n)..], 200);
        a.Merge(b);
        var whole = new CorrelationAccumulator(n, ReferenceGramKernel.Instance);
        whole.Add(acts.Values, acts.Rows);
        Assert.That(a.ToDistances().Values, Is.EqualTo(whole.ToDistances().Values).AsCollection.Within(1e-6));
    }
}
