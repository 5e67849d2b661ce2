using CodeNeurons.Data;
using CodeNeurons.Redundancy;
using CsCheck;
using static CodeNeurons.Tests.Properties.PropertyRunner;

namespace CodeNeurons.Tests.Properties;

/// <summary>Properties of hierarchy cuts (nesting, counts) and of correlation clustering's representatives.</summary>
public sealed class HierarchyProperties
{
    /// <summary>Points on a small integer grid (many tied distances) or in general position; 2..30 items in 1..3 dimensions.</summary>
    private static readonly Gen<(double[][] Points, LinkageMethod Method, double[] Thresholds)> Hierarchies =
        Gen.Select(Gen.Int[2, 30], Gen.Int[1, 3], Gen.Bool, Gen.Int[0, 2], Gen.Int[0, int.MaxValue])
           .Select(t =>
           {
               var (n, dims, grid, method, seed) = t;
               var rng = new Random(seed);
               var points = Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, dims)
                   .Select(_ => grid ? rng.Next(4) : rng.NextDouble() * 10).ToArray()).ToArray();
               var thresholds = Enumerable.Range(0, 6).Select(_ => rng.NextDouble() * 12).Append(0).Order().ToArray();
               return (points, (LinkageMethod)method, thresholds);
           });

    private static Dendrogram Build(double[][] points, LinkageMethod method)
    {
        int n = points.Length;
        var d = new double[CondensedDistanceMatrix.LengthFor(n)];
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
                d[CondensedDistanceMatrix.IndexOf(n, i, j)] = Math.Sqrt(points[i].Zip(points[j], (a, b) => (a - b) * (a - b)).Sum());
        return HierarchicalClustering.Build(new CondensedDistanceMatrix(n, d), method);
    }

    [Test]
    public void PartitionsAreNestedAcrossThresholds() => ForAll(Hierarchies, h =>
    {
        var tree = Build(h.Points, h.Method);
        var cuts = tree.Cut(h.Thresholds);
        for (int k = 1; k < cuts.Length; k++)
            for (int i = 0; i < tree.Count; i++)
                for (int j = i + 1; j < tree.Count; j++)
                    if (cuts[k - 1][i] == cuts[k - 1][j])
                        Assert.That(cuts[k][j], Is.EqualTo(cuts[k][i]),
                            $"items {i} and {j} share a cluster at t = {h.Thresholds[k - 1]} but not at the larger t = {h.Thresholds[k]}");
    }, iterations: 150, stream: 1);

    [Test]
    public void CutsAgreeWithCountsAndSingleCuts() => ForAll(Hierarchies, h =>
    {
        var tree = Build(h.Points, h.Method);
        var cuts = tree.Cut(h.Thresholds);
        for (int k = 0; k < cuts.Length; k++)
        {
            int count = tree.ClusterCount(h.Thresholds[k]);
            Assert.That(cuts[k], Is.EqualTo(tree.Cut(h.Thresholds[k])));
            Assert.That(cuts[k].Distinct().Order(), Is.EqualTo(Enumerable.Range(1, count)), "ids are exactly 1..K");
            // Within a cluster every merge is ≤ t: the cophenetic distance never exceeds the threshold.
            double top = tree.Merges.Count == 0 ? 0 : tree.Merges.Max(m => m.Distance);
            if (h.Thresholds[k] >= top) Assert.That(count, Is.EqualTo(1));
        }
        // Counts never grow with the threshold.
        var counts = h.Thresholds.Select(tree.ClusterCount).ToArray();
        Assert.That(counts, Is.Ordered.Descending);
    }, iterations: 150, stream: 2);

    /// <summary>Activations whose columns come in correlated groups (copies, negations, scalings plus noise).</summary>
    private static readonly Gen<(ActivationSet Set, RepresentativeSelection Selection, int Seed, double[] Thresholds, bool Signed)> Clusterings =
        Gen.Select(Gen.Int[6, 40], Gen.Int[2, 14], Gen.Int[0, 1], Gen.Int[0, int.MaxValue], Gen.Bool)
           .Select(t =>
           {
               var (rows, neurons, selection, seed, signed) = t;
               var rng = new Random(seed);
               int bases = 1 + rng.Next(Math.Max(1, neurons / 2));
               var basis = Enumerable.Range(0, bases).Select(_ => Enumerable.Range(0, rows).Select(_ => TestData.Gaussian(rng)).ToArray()).ToArray();
               var values = new float[rows * neurons];
               for (int j = 0; j < neurons; j++)
               {
                   var b = basis[rng.Next(bases)];
                   double scale = (rng.Next(2) == 0 ? -1 : 1) * (0.5 + rng.NextDouble()), noise = rng.NextDouble() * 0.5;
                   for (int r = 0; r < rows; r++) values[r * neurons + j] = (float)(scale * b[r] + noise * TestData.Gaussian(rng) + rng.NextDouble() * 1e-3);
               }
               var thresholds = Enumerable.Range(0, 4).Select(_ => Math.Round(0.05 + rng.NextDouble() * 0.9, 3)).Distinct().Order().ToArray();
               var set = ActivationSet.Create(values, rows, LayerLayout.Flat(neurons));
               return (set, (RepresentativeSelection)selection, seed, thresholds, signed);
           });

    [Test]
    public void RepresentativesBelongToTheirClusters() => ForAll(Clusterings, c =>
    {
        var options = new CorrelationClusteringOptions { Thresholds = c.Thresholds, Representative = c.Selection, Seed = c.Seed, Signed = c.Signed };
        var result = new CorrelationClustering(options).Cluster(c.Set);
        int[]? previous = null;
        foreach (var cut in result.Cuts)
        {
            Assert.That(cut.Representatives, Has.Count.EqualTo(cut.ClusterCount));
            Assert.That(cut.Representatives, Is.Unique);
            for (int k = 1; k <= cut.ClusterCount; k++)
            {
                int column = result.NeuronIds.ToList().IndexOf(cut.Representatives[k - 1]);
                Assert.That(column, Is.GreaterThanOrEqualTo(0), $"representative {cut.Representatives[k - 1]} is not a clustered neuron");
                Assert.That(cut.Labels[column], Is.EqualTo(k), $"the representative of cluster {k} lies in cluster {cut.Labels[column]}");
            }
            var labels = cut.Labels.ToArray();
            if (previous is not null)
                for (int i = 0; i < labels.Length; i++)
                    for (int j = i + 1; j < labels.Length; j++)
                        if (previous[i] == previous[j]) Assert.That(labels[j], Is.EqualTo(labels[i]), "cuts are nested");
            previous = labels;
        }
    }, iterations: 60, stream: 3);
}
