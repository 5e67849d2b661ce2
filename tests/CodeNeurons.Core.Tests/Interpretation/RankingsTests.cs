using CodeNeurons.Data;
using CodeNeurons.Interpretation;

namespace CodeNeurons.Tests.Interpretation;

[TestFixture]
public class RankingsTests
{
    private static readonly int[] Ids4 = [10, 11, 12, 13];

    [Test]
    public void TopNeuronsTakesUntilTheMassIsReachedIncludingTheCrossingNeuron()
    {
        double[,] w = { { 3, -1, 0.5, 0.5 } };
        var half = WeightMassRanking.TopNeurons(w, Ids4, 0.5);
        Assert.That(half.PerClass[0].NeuronIds, Is.EqualTo(new[] { 10 }));
        Assert.That(half.PerClass[0].MassReached, Is.EqualTo(0.6).Within(1e-12));
        var more = WeightMassRanking.TopNeurons(w, Ids4, 0.7, ["only"]);
        Assert.That(more["only"].NeuronIds, Is.EqualTo(new[] { 10, 11 }));
        Assert.That(WeightMassRanking.TopNeurons(w, Ids4, 1.0).Union, Is.EqualTo(Ids4));
    }

    [Test]
    public void TiesAreBrokenByIdAscending()
    {
        double[,] w = { { 1, -1, 1, 1 } };
        int[] ids = [7, 5, 6, 4];
        Assert.That(WeightMassRanking.TopNeurons(w, ids, 0.5).PerClass[0].NeuronIds, Is.EqualTo(new[] { 4, 5 }));
        Assert.That(WeightMassRanking.BottomNeurons(w, ids, 0.5).PerClass[0].NeuronIds, Is.EqualTo(new[] { 4, 5 }));
        var r = WeightMassRanking.Ordering(w, ids, 4);
        Assert.That(r.NeuronIds, Is.EqualTo(new[] { 4, 5, 6, 7 }));
    }

    [Test]
    public void BottomNeuronsStartFromTheSmallestWeights()
    {
        double[,] w = { { 3, -1, 0.5, 0.5 } };
        var b = WeightMassRanking.BottomNeurons(w, Ids4, 0.2);
        Assert.That(b.PerClass[0].NeuronIds, Is.EqualTo(new[] { 12, 13 }));
        Assert.That(b.PerClass[0].MassReached, Is.EqualTo(0.2).Within(1e-12));
    }

    [Test]
    public void HardThresholdDividesTheMaximumByTheFraction()
    {
        double[,] w = { { 3, -1, 0.5, 2 }, { 0, 0, 1, 0 } };
        var h = WeightMassRanking.HardThreshold(w, Ids4, 2.0, ["a", "b"]);
        Assert.That(h["a"].NeuronIds, Is.EqualTo(new[] { 10, 13 }));
        Assert.That(h["b"].NeuronIds, Is.EqualTo(new[] { 12 }));
        Assert.That(h.Union, Is.EqualTo(new[] { 10, 12, 13 }));
        Assert.That(WeightMassRanking.HardThreshold(w, Ids4, 1.0).Union, Is.Empty);
    }

    [Test]
    public void OrderingAppendsNewNeuronsPerStrideOrderedByLargestWeight()
    {
        double[,] w = { { 4, 3, 2, 1 }, { 1, 2, 3, 4 } };
        var r = WeightMassRanking.Ordering(w, [0, 1, 2, 3], 2);
        Assert.Multiple(() =>
        {
            Assert.That(r.Method, Is.EqualTo(RankingMethod.WeightMass));
            Assert.That(r.NeuronIds, Is.EqualTo(new[] { 0, 3, 1, 2 }));
            Assert.That(r.Cutoffs, Is.EqualTo(new[] { 2, 4, 4 }));
            Assert.That(r.Scores, Is.EqualTo(new[] { 4.0, 4, 3, 3 }));
            Assert.That(r.Top(2), Is.EqualTo(new[] { 0, 3 }));
            Assert.That(r.Bottom(1), Is.EqualTo(new[] { 2 }));
        });
    }

    [Test]
    public void OrderingAppendsNeuronsWithoutMassAfterTheLastCutoff()
    {
        float[,] w = { { 1, 0, 0 } };
        var r = WeightMassRanking.Ordering(w, [0, 1, 2], 1);
        Assert.That(r.NeuronIds, Is.EqualTo(new[] { 0, 1, 2 }));
        Assert.That(r.Cutoffs, Is.EqualTo(new[] { 1, 1 }));
    }

    [Test]
    public void MatchesNeuroXReferenceOnRandomWeights()
    {
        var doc = RankingsFixture.Load().GetProperty("weights");
        var w = RankingsFixture.Matrix(doc.GetProperty("weights"));
        int n = w.GetLength(1);
        var ids = Enumerable.Range(0, n).ToArray();
        foreach (var p in doc.GetProperty("top").EnumerateObject())
        {
            double pct = double.Parse(p.Name, System.Globalization.CultureInfo.InvariantCulture);
            var top = WeightMassRanking.TopNeurons(w, ids, pct);
            var bottom = WeightMassRanking.BottomNeurons(w, ids, pct);
            for (int c = 0; c < 4; c++)
            {
                Assert.That(top.PerClass[c].NeuronIds, Is.EqualTo(RankingsFixture.Ints(p.Value[c])), $"top {p.Name} class {c}");
                Assert.That(bottom.PerClass[c].NeuronIds, Is.EqualTo(RankingsFixture.Ints(doc.GetProperty("bottom").GetProperty(p.Name)[c])), $"bottom {p.Name} class {c}");
            }
        }
        foreach (var f in doc.GetProperty("hard").EnumerateObject())
        {
            var h = WeightMassRanking.HardThreshold(w, ids, double.Parse(f.Name, System.Globalization.CultureInfo.InvariantCulture));
            for (int c = 0; c < 4; c++)
                Assert.That(h.PerClass[c].NeuronIds.Order(), Is.EqualTo(RankingsFixture.Ints(f.Value[c])), $"hard {f.Name} class {c}");
        }
        foreach (var s in doc.GetProperty("ordering").EnumerateObject())
        {
            var r = WeightMassRanking.Ordering(w, ids, int.Parse(s.Name, System.Globalization.CultureInfo.InvariantCulture));
            var cutoffs = RankingsFixture.Ints(s.Value.GetProperty("cutoffs"));
            Assert.That(r.Cutoffs, Is.EqualTo(cutoffs), $"stride {s.Name}");
            int start = 0, k = 0;
            foreach (var chunk in s.Value.GetProperty("chunks").EnumerateArray())
            {
                var got = r.NeuronIds.Skip(start).Take(cutoffs[k] - start).ToArray();
                Assert.That(got.Order(), Is.EqualTo(RankingsFixture.Ints(chunk)), $"stride {s.Name} chunk {k}");
                var scores = r.Scores.Skip(start).Take(got.Length).ToArray();
                Assert.That(scores, Is.Ordered.Descending);
                start = cutoffs[k++];
            }
            Assert.That(r.NeuronIds.Order(), Is.EqualTo(ids));
        }
        var g = WeightMassRanking.OrderingGranular(w, ids, 7, 20);
        Assert.That(g.Cutoffs, Is.EqualTo(RankingsFixture.Ints(doc.GetProperty("granular_7_20"))));
        Assert.That(g.NeuronIds, Is.EqualTo(WeightMassRanking.Ordering(w, ids, 20).NeuronIds));
        Assert.That(g.Method, Is.EqualTo(RankingMethod.WeightMassGranular));
    }

    [Test]
    public void BadWeightInputsThrowClearly()
    {
        double[,] w = { { 1, 2 } };
        Assert.Multiple(() =>
        {
            Assert.That(() => WeightMassRanking.TopNeurons(new double[0, 0], [], 0.5), Throws.ArgumentException.With.Message.Contains("at least one class"));
            Assert.That(() => WeightMassRanking.TopNeurons(w, [1], 0.5), Throws.ArgumentException.With.Message.Contains("neuronIds has 1"));
            Assert.That(() => WeightMassRanking.TopNeurons(w, [1, 1], 0.5), Throws.ArgumentException.With.Message.Contains("distinct"));
            Assert.That(() => WeightMassRanking.TopNeurons(w, [0, 1], 0), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => WeightMassRanking.TopNeurons(w, [0, 1], 1.01), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => WeightMassRanking.BottomNeurons(w, [0, 1], double.NaN), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => WeightMassRanking.TopNeurons(w, [0, 1], 0.5, ["a", "b"]), Throws.ArgumentException.With.Message.Contains("classNames"));
            Assert.That(() => WeightMassRanking.TopNeurons(new[,] { { 1, double.NaN } }, [0, 1], 0.5), Throws.ArgumentException.With.Message.Contains("finite"));
            Assert.That(() => WeightMassRanking.HardThreshold(w, [0, 1], 0), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => WeightMassRanking.Ordering(w, [0, 1], 0), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => WeightMassRanking.OrderingGranular(w, [0, 1], 0), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => WeightMassRanking.TopNeurons(w, [0, 1], 0.5)["zzz"], Throws.InstanceOf<KeyNotFoundException>());
        });
    }

    [Test]
    public void RandomSelectionsAreSeeded()
    {
        var ids = Enumerable.Range(100, 200).ToArray();
        var a = WeightMassRanking.RandomNeurons(ids, 0.3, 5);
        Assert.That(WeightMassRanking.RandomNeurons(ids, 0.3, 5), Is.EqualTo(a));
        Assert.That(a.Length, Is.InRange(40, 80));
        Assert.That(WeightMassRanking.RandomNeurons(ids, 0, 5), Is.Empty);
        Assert.That(WeightMassRanking.RandomNeurons(ids, 1, 5), Is.EqualTo(ids));
        var s = WeightMassRanking.RandomSubset(ids, 17, 9);
        Assert.That(s, Has.Length.EqualTo(17).And.Unique.And.Ordered.And.SubsetOf(ids));
        Assert.That(WeightMassRanking.RandomSubset(ids, 17, 9), Is.EqualTo(s));
        Assert.That(() => WeightMassRanking.RandomSubset(ids, 201, 9), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => WeightMassRanking.RandomNeurons(ids, 1.5, 9), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void LayerDistributionCountsDistinctNeuronsPerLayer()
    {
        var d = LayerDistribution.Of([0, 1, 5, 11, 11], LayerLayout.Create(3, 4));
        Assert.That(d.Counts, Is.EqualTo(new[] { 2, 1, 1 }));
        Assert.That(d.Total, Is.EqualTo(4));
        Assert.That(d.Fraction(0), Is.EqualTo(0.5));
        Assert.That(LayerDistribution.Of([], LayerLayout.Create(2, 2)).Fraction(1), Is.Zero);
        Assert.That(() => LayerDistribution.Of([12], LayerLayout.Create(3, 4)), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void RankingValidatesItsParts()
    {
        Assert.That(() => new NeuronRanking(RankingMethod.Probeless, [1, 1], [0, 0]), Throws.ArgumentException);
        Assert.That(() => new NeuronRanking(RankingMethod.Probeless, [1, 2], [0]), Throws.ArgumentException);
        Assert.That(() => new NeuronRanking(RankingMethod.WeightMass, [1, 2], [0, 0], [3]), Throws.ArgumentException);
    }
}

internal static class RankingsFixture
{
    public static System.Text.Json.JsonElement Load() =>
        System.Text.Json.JsonDocument.Parse(File.ReadAllText(TestData.Fixture("rankings", "rankings.json"))).RootElement;

    public static double[,] Matrix(System.Text.Json.JsonElement e)
    {
        var rows = e.EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        var m = new double[rows.Length, rows[0].Length];
        for (int i = 0; i < rows.Length; i++)
            for (int j = 0; j < rows[0].Length; j++) m[i, j] = rows[i][j];
        return m;
    }

    public static int[] Ints(System.Text.Json.JsonElement e) => e.EnumerateArray().Select(v => v.GetInt32()).ToArray();

    public static double[] Doubles(System.Text.Json.JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();
}
