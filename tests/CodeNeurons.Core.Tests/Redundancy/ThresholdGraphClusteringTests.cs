using CodeNeurons.Data;
using CodeNeurons.Redundancy;

namespace CodeNeurons.Tests.Redundancy;

/// <summary>
/// <see cref="ThresholdGraphClustering"/> claims the partitions of one global <see cref="CorrelationClustering"/> run at every
/// threshold (average, complete and single linkage); checked on random data with planted correlated groups.
/// </summary>
public class ThresholdGraphClusteringTests
{
    /// <summary>rows × n values: groups of 1–5 neurons sharing a random factor with varying noise (so merge heights spread over [0, 1]), some anti-correlated, one constant.</summary>
    private static ActivationSet Planted(int seed, int rows, int n)
    {
        var rng = new Random(seed);
        var values = new float[rows * n];
        int j = 0;
        while (j < n)
        {
            int size = Math.Min(n - j, rng.Next(1, 6));
            var factor = Enumerable.Range(0, rows).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
            for (int m = 0; m < size; m++, j++)
            {
                double noise = rng.NextDouble() * 1.5, sign = rng.Next(4) == 0 ? -1 : 1;
                for (int r = 0; r < rows; r++)
                    values[r * n + j] = j == n / 2 ? 3f : (float)(sign * factor[r] + noise * (rng.NextDouble() * 2 - 1));
            }
        }
        return ActivationSet.Create(values, rows, LayerLayout.Flat(n));
    }

    /// <summary>Labels renumbered by first appearance, so two partitions compare equal whatever their numbering.</summary>
    private static int[] Canonical(IReadOnlyList<int> labels)
    {
        var map = new Dictionary<int, int>();
        return [.. labels.Select(l => map.TryGetValue(l, out int v) ? v : map[l] = map.Count + 1)];
    }

    private static IEnumerable<TestCaseData> Cases()
    {
        foreach (var linkage in Enum.GetValues<LinkageMethod>())
            foreach (bool signed in new[] { false, true })
                foreach (int seed in new[] { 1, 2 })
                    yield return new TestCaseData(linkage, signed, seed);
    }

    [TestCaseSource(nameof(Cases))]
    public void PartitionsEqualTheGlobalRun(LinkageMethod linkage, bool signed, int seed)
    {
        var acts = Planted(seed, rows: 40, n: 90);
        var options = new CorrelationClusteringOptions { Thresholds = [0.05, 0.2, 0.35, 0.5], Linkage = linkage, Signed = signed };
        var global = new CorrelationClustering(options).Cluster(acts);
        // Small blocks, so that pairs cross block boundaries and the 4-wide and remainder kernels both run.
        var graph = new ThresholdGraphClustering(options, new ThresholdGraphOptions { BlockColumns = 7 }).Cluster(acts);
        Assert.That(graph.Components, Is.GreaterThan(1).And.LessThan(acts.Neurons), "the graph splits the neurons (the test would be vacuous otherwise)");
        for (int t = 0; t < options.Thresholds.Count; t++)
        {
            var g = global.Cuts[t];
            var c = graph.Cuts[t];
            Assert.That(Canonical(c.Labels), Is.EqualTo(Canonical(g.Labels)), $"partition at {options.Thresholds[t]}");
            Assert.That(c.ClusterCount, Is.EqualTo(g.ClusterCount));
            Assert.That(c.Labels.Max(), Is.EqualTo(c.ClusterCount));
            // Medoids depend only on a cluster's members: the same set of representatives.
            Assert.That(c.Representatives.Order(), Is.EqualTo(g.Representatives.Order()), $"representatives at {options.Thresholds[t]}");
        }
        Assert.That(global.Cuts[^1].ClusterCount, Is.LessThan(acts.Neurons), "some neurons cluster at the largest threshold");
    }

    /// <summary>
    /// The graph pass looks at every pair of columns exactly once, whatever the blocking (one block, blocks that divide N,
    /// a ragged last block, blocks of one column): its edge count equals a brute-force count of the pairs whose
    /// double-precision distance is within the largest threshold + slack (the data are checked to have no pair within 1e-4
    /// of that boundary, so float rounding cannot move a pair across it).
    /// </summary>
    [TestCase(1000)]
    [TestCase(45)]
    [TestCase(13)]
    [TestCase(1)]
    public void EveryPairIsCountedOnceForAnyBlocking(int blockColumns)
    {
        var acts = Planted(5, rows: 50, n: 90);
        var options = new CorrelationClusteringOptions { Thresholds = [0.1, 0.4] };
        var graphOptions = new ThresholdGraphOptions { BlockColumns = blockColumns };
        double cut = 0.4 + graphOptions.EdgeSlack;
        int n = acts.Neurons, rows = acts.Rows;
        var z = new double[n][];
        for (int j = 0; j < n; j++)
        {
            var col = Enumerable.Range(0, rows).Select(r => (double)acts.Values[r * n + j]).ToArray();
            double mean = col.Average(), norm = Math.Sqrt(col.Sum(v => (v - mean) * (v - mean)));
            z[j] = [.. col.Select(v => norm > 0 ? (v - mean) / norm : 0)];
        }
        long expected = 0;
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
            {
                double d = 1 - Math.Abs(z[i].Zip(z[j], (a, b) => a * b).Sum());
                Assert.That(Math.Abs(d - cut), Is.GreaterThan(1e-4), $"pair ({i}, {j}) lies on the boundary; pick another seed");
                if (d <= cut) expected++;
            }
        Assume.That(expected, Is.GreaterThan(n / 2), "enough edges for the count to mean something");
        var graph = new ThresholdGraphClustering(options, graphOptions).Cluster(acts);
        Assert.That(graph.Edges, Is.EqualTo(expected));
    }

    [Test]
    public void AComponentAboveTheBoundIsRefusedWithItsSize()
    {
        var acts = Planted(3, rows: 30, n: 40);
        var options = new CorrelationClusteringOptions { Thresholds = [1.0] };
        var ex = Assert.Throws<InvalidOperationException>(() => new ThresholdGraphClustering(options, new ThresholdGraphOptions { MaxComponent = 10 }).Cluster(acts));
        Assert.That(ex!.Message, Does.Contain("40 neurons").And.Contain("MaxComponent = 10"));
    }

    [Test]
    public void OptionsAreValidated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ThresholdGraphClustering(graph: new ThresholdGraphOptions { BlockColumns = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ThresholdGraphClustering(graph: new ThresholdGraphOptions { MaxComponent = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ThresholdGraphClustering(graph: new ThresholdGraphOptions { EdgeSlack = double.NaN }));
    }
}
