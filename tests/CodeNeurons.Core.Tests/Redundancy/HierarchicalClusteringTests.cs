using CodeNeurons.Redundancy;

namespace CodeNeurons.Tests.Redundancy;

[TestFixture]
public class ScipyEquivalenceTests
{
    private static IEnumerable<TestCaseData> Pairs() => ScipyLinkageFixtures.CaseMethodPairs();

    [Test]
    public void FixturesWereMadeWithScipy()
    {
        Assert.That(ScipyLinkageFixtures.ScipyVersion, Does.StartWith("1."));
        Assert.That(ScipyLinkageFixtures.Cases, Has.Count.GreaterThanOrEqualTo(15));
    }

    [TestCaseSource(nameof(Pairs))]
    public void BuildGivesScipyLinkageMatrix(string caseName, LinkageMethod method)
    {
        var c = ScipyLinkageFixtures.Get(caseName);
        var expected = c.Methods[method].Z;
        var input = (double[])c.Distances.Clone();
        var dendrogram = HierarchicalClustering.Build(new CondensedDistanceMatrix(c.Count, input), method);

        Assert.That(input, Is.EqualTo(c.Distances), "Build must not modify its input");
        Assert.That(dendrogram.Count, Is.EqualTo(c.Count));
        Assert.That(dendrogram.Method, Is.EqualTo(method));
        AssertSameMerges(dendrogram.Merges, expected);
    }

    [TestCaseSource(nameof(Pairs))]
    public void BuildInPlaceGivesTheSameMatrix(string caseName, LinkageMethod method)
    {
        var c = ScipyLinkageFixtures.Get(caseName);
        var dendrogram = HierarchicalClustering.BuildInPlace(new CondensedDistanceMatrix(c.Count, (double[])c.Distances.Clone()), method);
        AssertSameMerges(dendrogram.Merges, c.Methods[method].Z);
    }

    [TestCaseSource(nameof(Pairs))]
    public void CutGivesFclusterLabels(string caseName, LinkageMethod method)
    {
        var c = ScipyLinkageFixtures.Get(caseName);
        var expected = c.Methods[method];
        var built = HierarchicalClustering.Build(new CondensedDistanceMatrix(c.Count, c.Distances), method);
        // Also cut SciPy's own Z, so that a Cut bug cannot hide behind a Build bug or vice versa.
        var fromScipy = new Dendrogram(c.Count, expected.Z, method);
        var many = built.Cut(expected.Cuts.Select(x => x.Threshold).ToArray());

        for (int i = 0; i < expected.Cuts.Length; i++)
        {
            var cut = expected.Cuts[i];
            string at = $"t = {cut.Threshold:R}";
            Assert.That(built.Cut(cut.Threshold), Is.EqualTo(cut.Labels), at);
            Assert.That(fromScipy.Cut(cut.Threshold), Is.EqualTo(cut.Labels), at + " (SciPy's Z)");
            Assert.That(many[i], Is.EqualTo(cut.Labels), at + " (list overload)");
            Assert.That(built.ClusterCount(cut.Threshold), Is.EqualTo(cut.Labels.Max()), at + " (ClusterCount)");
        }
    }

    private static void AssertSameMerges(IReadOnlyList<MergeStep> actual, MergeStep[] expected)
    {
        Assert.That(actual, Has.Count.EqualTo(expected.Length));
        for (int k = 0; k < expected.Length; k++)
        {
            var a = actual[k];
            var e = expected[k];
            Assert.That((a.Left, a.Right, a.Size), Is.EqualTo((e.Left, e.Right, e.Size)), $"merge {k}");
            // Bit-identical: the same floating-point operations in the same order as SciPy.
            Assert.That(BitConverter.DoubleToInt64Bits(a.Distance), Is.EqualTo(BitConverter.DoubleToInt64Bits(e.Distance)),
                $"merge {k}: distance {a.Distance:R} vs SciPy {e.Distance:R}");
        }
    }
}

[TestFixture]
public class HierarchyPropertyTests
{
    private static readonly LinkageMethod[] Methods = [LinkageMethod.Average, LinkageMethod.Complete, LinkageMethod.Single];

    private static CondensedDistanceMatrix Random(int n, int seed, int decimals)
    {
        var rng = new Random(seed);
        var v = new double[CondensedDistanceMatrix.LengthFor(n)];
        for (int k = 0; k < v.Length; k++) v[k] = Math.Round(rng.NextDouble(), decimals);
        return new CondensedDistanceMatrix(n, v);
    }

    [Test]
    public void HeightsAreMonotoneAndCutsAreNestedAndNumbered([Values] LinkageMethod method, [Values(1, 2, 3, 17, 60)] int n)
    {
        for (int seed = 0; seed < 3; seed++)
        {
            var d = Random(n, seed, decimals: 1);
            var tree = HierarchicalClustering.Build(d, method);
            Assert.That(tree.Merges, Has.Count.EqualTo(n - 1));
            for (int k = 1; k < tree.Merges.Count; k++)
                Assert.That(tree.Merges[k].Distance, Is.GreaterThanOrEqualTo(tree.Merges[k - 1].Distance));
            if (n > 1) Assert.That(tree.Merges[^1].Size, Is.EqualTo(n));

            int[]? previous = null;
            for (int step = 0; step <= 12; step++)
            {
                double t = step / 10.0;
                int[] labels = tree.Cut(t);
                int k = labels.Max();
                Assert.That(labels.Distinct().Order(), Is.EqualTo(Enumerable.Range(1, k)), $"labels 1..K at t = {t}");
                Assert.That(tree.ClusterCount(t), Is.EqualTo(k));
                if (previous is not null)
                {
                    // Coarser: items together at a smaller threshold stay together.
                    var map = new Dictionary<int, int>();
                    for (int i = 0; i < n; i++)
                    {
                        if (map.TryGetValue(previous[i], out int to)) Assert.That(labels[i], Is.EqualTo(to), $"nested at t = {t}");
                        else map[previous[i]] = labels[i];
                    }
                }
                previous = labels;
            }
        }
    }

    [Test]
    public void SingleLinkageCutsAreThresholdGraphComponents([Values(2, 9, 40)] int n, [Values(0.0, 0.05, 0.1, 0.2, 0.3)] double t)
    {
        var d = Random(n, seed: n, decimals: 2);
        int[] labels = HierarchicalClustering.Build(d, LinkageMethod.Single).Cut(t);
        // Union-find over edges d ≤ t.
        var parent = Enumerable.Range(0, n).ToArray();
        int Find(int x) { while (parent[x] != x) x = parent[x] = parent[parent[x]]; return x; }
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
                if (d[i, j] <= t) parent[Find(i)] = Find(j);
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
                Assert.That(labels[i] == labels[j], Is.EqualTo(Find(i) == Find(j)), $"items {i}, {j}");
    }

    [Test]
    public void CompleteLinkageClustersHaveDiameterAtMostThreshold([Values(0.1, 0.3, 0.5, 0.8)] double t)
    {
        var d = Random(50, seed: 7, decimals: 2);
        int[] labels = HierarchicalClustering.Build(d, LinkageMethod.Complete).Cut(t);
        for (int i = 0; i < 50; i++)
            for (int j = i + 1; j < 50; j++)
                if (labels[i] == labels[j]) Assert.That(d[i, j], Is.LessThanOrEqualTo(t));
    }

    [Test]
    public void AverageLinkageHeightIsMeanPairwiseDistance()
    {
        var d = Random(12, seed: 3, decimals: 3);
        var tree = HierarchicalClustering.Build(d, LinkageMethod.Average);
        int n = d.Count;
        var members = new List<int>[2 * n - 1];
        for (int i = 0; i < n; i++) members[i] = [i];
        for (int k = 0; k < n - 1; k++)
        {
            var m = tree.Merges[k];
            double sum = 0;
            foreach (int i in members[m.Left]) foreach (int j in members[m.Right]) sum += d[i, j];
            double mean = sum / (members[m.Left].Count * members[m.Right].Count);
            Assert.That(m.Distance, Is.EqualTo(mean).Within(1e-12));
            members[n + k] = [.. members[m.Left], .. members[m.Right]];
            Assert.That(m.Size, Is.EqualTo(members[n + k].Count));
        }
    }

    [Test]
    public void SingleItem([Values] LinkageMethod method)
    {
        var tree = HierarchicalClustering.Build(new CondensedDistanceMatrix(1, []), method);
        Assert.That(tree.Merges, Is.Empty);
        Assert.That(tree.Cut(0), Is.EqualTo(new[] { 1 }));
        Assert.That(tree.Cut(5), Is.EqualTo(new[] { 1 }));
        Assert.That(tree.ClusterCount(0), Is.EqualTo(1));
        Assert.That(tree.Cut([0.0, 1.0]), Has.Length.EqualTo(2));
    }

    [Test]
    public void TwoItems([Values] LinkageMethod method)
    {
        var tree = HierarchicalClustering.Build(new CondensedDistanceMatrix(2, [0.25]), method);
        Assert.That(tree.Merges, Is.EqualTo(new[] { new MergeStep(0, 1, 0.25, 2) }));
        Assert.That(tree.Cut(0), Is.EqualTo(new[] { 1, 2 }));
        Assert.That(tree.Cut(0.2499), Is.EqualTo(new[] { 1, 2 }));
        Assert.That(tree.Cut(0.25), Is.EqualTo(new[] { 1, 1 }));
        Assert.That(tree.Cut(100), Is.EqualTo(new[] { 1, 1 }));
    }

    [Test]
    public void ZeroDistancesJoinAtThresholdZero([Values] LinkageMethod method)
    {
        // Items 0, 2, 3 coincide; 1 is apart.
        var d = CondensedDistanceMatrix.FromSquare(new double[,]
        {
            { 0, 1, 0, 0 },
            { 1, 0, 1, 1 },
            { 0, 1, 0, 0 },
            { 0, 1, 0, 0 },
        });
        var tree = HierarchicalClustering.Build(d, method);
        int[] labels = tree.Cut(0);
        Assert.That(labels[0], Is.EqualTo(labels[2]).And.EqualTo(labels[3]));
        Assert.That(labels[1], Is.Not.EqualTo(labels[0]));
        Assert.That(tree.Cut(1), Is.All.EqualTo(1));
    }

    [Test]
    public void BadThresholdsAreRejected([Values(-1e-300, -1.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity)] double t)
    {
        var tree = HierarchicalClustering.Build(Random(5, 1, 1), LinkageMethod.Average);
        Assert.That(() => tree.Cut(t), Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("threshold"));
        Assert.That(() => tree.ClusterCount(t), Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("threshold"));
        Assert.That(() => tree.Cut([0.5, t]), Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("thresholds")
            .And.Message.Contains("thresholds[1]"));
    }

    [Test]
    public void ThresholdMessagesNameTheThresholdOrItsPosition()
    {
        var tree = HierarchicalClustering.Build(Random(5, 1, 1), LinkageMethod.Average);
        Assert.That(() => tree.Cut(-1.0), Throws.TypeOf<ArgumentOutOfRangeException>()
            .With.Message.StartsWith("threshold = -1; a distance threshold must be finite and ≥ 0."));
        Assert.That(() => tree.Cut([-1.0, 0.5]), Throws.TypeOf<ArgumentOutOfRangeException>()
            .With.Message.StartsWith("thresholds[0] = -1; a distance threshold must be finite and ≥ 0."));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void AnInversionInsideASubtreeCountsAsItsLargestMergeDistance(bool firstMergeOnTheLeft)
    {
        // SciPy's Z with an inversion (centroid/median linkage can give one): items 0 and 1 merge at 2.0 into
        // cluster 3, which merges with item 2 at 1.0. The root's subtree holds a merge at 2.0, so below 2.0 no two items
        // share a cluster (fcluster's max-distance criterion); at 2.0 all three do. Worked by hand from that rule.
        var root = firstMergeOnTheLeft ? new MergeStep(3, 2, 1.0, 3) : new MergeStep(2, 3, 1.0, 3);
        var tree = new Dendrogram(3, [new MergeStep(0, 1, 2.0, 2), root], LinkageMethod.Average);
        Assert.That(tree.ClusterCount(1.5), Is.EqualTo(3));
        Assert.That(tree.Cut(1.5), Is.EquivalentTo(new[] { 1, 2, 3 }));
        Assert.That(tree.Cut([1.5, 2.0])[0], Is.EquivalentTo(new[] { 1, 2, 3 }));
        Assert.That(tree.ClusterCount(2.0), Is.EqualTo(1));
        Assert.That(tree.Cut(2.0), Is.EqualTo(new[] { 1, 1, 1 }));
    }

    [Test]
    public void BadArgumentsAreRejected()
    {
        var d = Random(4, 1, 1);
        Assert.That(() => HierarchicalClustering.Build(null!, LinkageMethod.Average), Throws.ArgumentNullException);
        Assert.That(() => HierarchicalClustering.Build(d, (LinkageMethod)42),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("method"));
        var tree = HierarchicalClustering.Build(d, LinkageMethod.Single);
        Assert.That(() => tree.Cut(null!), Throws.ArgumentNullException);
    }

    [Test]
    public void CancellationIsObserved([Values] LinkageMethod method)
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.That(() => HierarchicalClustering.Build(Random(30, 1, 1), method, cts.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    [Explicit("Timing for the report; N = 9984 needs ~400 MB and a few seconds.")]
    public void TimeLargeAverageLinkage()
    {
        const int n = 9984;
        var rng = new Random(1);
        var v = new double[CondensedDistanceMatrix.LengthFor(n)];
        for (long k = 0; k < v.LongLength; k++) v[k] = rng.NextDouble();
        var d = new CondensedDistanceMatrix(n, v);
        HierarchicalClustering.Build(Random(500, 2, 3), LinkageMethod.Average); // warm up the JIT
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var tree = HierarchicalClustering.BuildInPlace(d, LinkageMethod.Average);
        double build = sw.Elapsed.TotalSeconds;
        sw.Restart();
        var cuts = tree.Cut(Enumerable.Range(0, 11).Select(i => i / 10.0).ToArray());
        double cut = sw.Elapsed.TotalSeconds;
        TestContext.Out.WriteLine($"N = {n}: BuildInPlace(Average) {build:F2} s; 11 cuts {cut * 1000:F1} ms; K(0.5) = {cuts[5].Max()}");
    }
}
