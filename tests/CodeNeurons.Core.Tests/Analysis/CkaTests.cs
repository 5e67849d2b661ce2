using System.Text.Json;
using CodeNeurons.Analysis;
using CodeNeurons.Data;

namespace CodeNeurons.Tests.Analysis;

[TestFixture]
public class CkaTests
{
    private static JsonElement[] Cases() =>
        JsonDocument.Parse(File.ReadAllText(TestData.Fixture("cka", "cka_fixture.json"))).RootElement.GetProperty("cases").EnumerateArray().ToArray();

    private static ActivationSet FromCase(JsonElement c)
    {
        var values = c.GetProperty("values").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
        var layout = LayerLayout.Create(c.GetProperty("layers").GetInt32(), c.GetProperty("neurons_per_layer").GetInt32());
        return ActivationSet.Create(values, c.GetProperty("rows").GetInt32(), layout);
    }

    private static void AssertMatrix(CkaResult result, JsonElement expected, string what)
    {
        var rows = expected.EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        Assert.That(result.Count, Is.EqualTo(rows.Length), what);
        for (int i = 0; i < rows.Length; i++)
            for (int j = 0; j < rows.Length; j++)
                Assert.That(result[i, j], Is.EqualTo(rows[i][j]).Within(1e-9), $"{what} [{i},{j}]");
    }

    [Test]
    public void MatchesNumpyReference()
    {
        foreach (var c in Cases())
        {
            string name = c.GetProperty("name").GetString()!;
            var set = FromCase(c);
            var batches = c.GetProperty("minibatches").EnumerateArray()
                .Select(b => (IReadOnlyList<int>)b.EnumerateArray().Select(v => v.GetInt32()).ToArray()).ToArray();
            var unbiased = Cka.Compute(set, batches);
            Assert.That(unbiased.Method, Is.EqualTo(CkaMethod.MinibatchUnbiased));
            Assert.That(unbiased.Minibatches, Is.EqualTo(batches.Length));
            Assert.That(unbiased.Seed, Is.Null);
            AssertMatrix(unbiased, c.GetProperty("minibatch_cka_unbiased"), $"{name} unbiased");
            AssertMatrix(Cka.Compute(set, batches, unbiased: false), c.GetProperty("minibatch_cka_biased"), $"{name} biased minibatch");
            var full = Cka.ComputeFull(set);
            Assert.That(full.Method, Is.EqualTo(CkaMethod.FullBiased));
            AssertMatrix(full, c.GetProperty("linear_cka_biased"), $"{name} full");
            Assert.That(full.Layers, Is.EqualTo(Enumerable.Range(0, set.Layout.Layers)));
        }
    }

    /// <summary>Layer 0 random, layer 1 = s · layer0 · Q (Q orthogonal), layer 2 = layer 0 copied, layer 3 independent.</summary>
    private static ActivationSet Transformed(int rows, int d, int seed, double scale)
    {
        var rng = new Random(seed);
        var x = TestData.RandomMatrix(rows, d, seed);
        var g = MathNet.Numerics.LinearAlgebra.Double.DenseMatrix.Create(d, d, (_, _) => TestData.Gaussian(rng));
        var q = g.QR().Q;
        var indep = TestData.RandomMatrix(rows, d, seed + 1);
        var values = new float[rows * 4 * d];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < d; c++)
            {
                double rot = 0;
                for (int k = 0; k < d; k++) rot += x[r * d + k] * q[k, c];
                values[r * 4 * d + c] = x[r * d + c];
                values[r * 4 * d + d + c] = (float)(scale * rot);
                values[r * 4 * d + 2 * d + c] = x[r * d + c];
                values[r * 4 * d + 3 * d + c] = indep[r * d + c];
            }
        }
        return ActivationSet.Create(values, rows, LayerLayout.Create(4, d));
    }

    [Test]
    public void IdentityOrthogonalAndScaleInvariance()
    {
        var set = Transformed(600, 12, 7, 3.5);
        foreach (var result in new[]
                 {
                     Cka.Compute(set, new CkaOptions { MinibatchSize = 64, Minibatches = 4, Seed = 1 }),
                     Cka.Compute(set, new CkaOptions { MinibatchSize = 64, Minibatches = 4, Seed = 1, Unbiased = false }),
                     Cka.ComputeFull(set),
                 })
        {
            string m = result.Method.ToString();
            for (int i = 0; i < 4; i++) Assert.That(result[i, i], Is.EqualTo(1.0).Within(1e-12), $"{m} diagonal {i}");
            Assert.That(result.Between(0, 2), Is.EqualTo(1.0).Within(1e-12), $"{m} CKA(X, X)");
            Assert.That(result.Between(0, 1), Is.EqualTo(1.0).Within(1e-5), $"{m} CKA(X, sXQ)");
            Assert.That(result.Between(1, 3), Is.EqualTo(result.Between(0, 3)).Within(1e-5), $"{m} invariance vs a third layer");
            for (int i = 0; i < 4; i++)
                for (int j = 0; j < 4; j++) Assert.That(result[i, j], Is.EqualTo(result[j, i]), $"{m} symmetric [{i},{j}]");
        }
    }

    [Test]
    public void IndependentLayerIsNearZeroWithUnbiasedEstimator()
    {
        var set = Transformed(2560, 16, 11, 1);
        var options = new CkaOptions { MinibatchSize = 256, Minibatches = 10, Seed = 3 };
        var unbiased = Cka.Compute(set, options);
        var biased = Cka.Compute(set, options with { Unbiased = false });
        Assert.That(Math.Abs(unbiased.Between(0, 3)), Is.LessThan(0.02));
        Assert.That(biased.Between(0, 3), Is.GreaterThan(Math.Abs(unbiased.Between(0, 3))), "the biased estimator is pulled up by the dimension/n ratio");
    }

    [Test]
    public void SeededSamplingIsReproducible()
    {
        var set = Transformed(300, 8, 5, 1);
        var options = new CkaOptions { MinibatchSize = 32, Minibatches = 5, Seed = 42 };
        var a = Cka.Compute(set, options);
        var b = Cka.Compute(set, options);
        var c = Cka.Compute(set, options with { Seed = 43 });
        Assert.That(a.ToArray(), Is.EqualTo(b.ToArray()));
        Assert.That(a.Between(0, 3), Is.Not.EqualTo(c.Between(0, 3)));
        Assert.That(a.Seed, Is.EqualTo(42));
        Assert.That(a.MinibatchSize, Is.EqualTo(32));
        var explicitBatches = Cka.Compute(set, Cka.SampleMinibatches(set.Rows, options).Select(x => (IReadOnlyList<int>)x).ToArray());
        Assert.That(explicitBatches.ToArray(), Is.EqualTo(a.ToArray()));
    }

    [Test]
    public void MinibatchesOfAnEpochDoNotOverlap()
    {
        var batches = Cka.SampleMinibatches(100, new CkaOptions { MinibatchSize = 30, Minibatches = 7, Seed = 1 });
        Assert.That(batches, Has.Length.EqualTo(7));
        Assert.That(batches.All(b => b.Length == 30 && b.Distinct().Count() == 30 && b.SequenceEqual(b.Order())));
        Assert.That(batches.Take(3).SelectMany(b => b).Distinct().Count(), Is.EqualTo(90), "first epoch");
        Assert.That(batches.Skip(3).Take(3).SelectMany(b => b).Distinct().Count(), Is.EqualTo(90), "second epoch");
    }

    [Test]
    public void SlicedLayersKeepTheirNumbers()
    {
        var set = Transformed(200, 6, 9, 2);
        var batches = Cka.SampleMinibatches(200, new CkaOptions { MinibatchSize = 40, Minibatches = 3 }).Select(x => (IReadOnlyList<int>)x).ToArray();
        var all = Cka.Compute(set, batches);
        var slice = Cka.Compute(set.SelectLayers(1, 3), batches);
        Assert.That(slice.Layers, Is.EqualTo(new[] { 1, 3 }));
        Assert.That(slice.Between(1, 3), Is.EqualTo(all.Between(1, 3)).Within(1e-12));
        Assert.That(() => slice.Between(0, 1), Throws.ArgumentException.With.Message.Contains("Layer 0 was not compared"));
    }

    [Test]
    public void ReportsProgressAndCancels()
    {
        var set = Transformed(200, 6, 9, 2);
        var reports = new List<CkaProgress>();
        Cka.Compute(set, new CkaOptions { MinibatchSize = 20, Minibatches = 6 }, new SyncProgress(reports.Add));
        Assert.That(reports.Select(r => r.Completed), Is.EqualTo(new[] { 1, 2, 3, 4, 5, 6 }));
        Assert.That(reports.All(r => r.Total == 6));
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.That(() => Cka.Compute(set, new CkaOptions { MinibatchSize = 20 }, cancellationToken: cts.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(() => Cka.ComputeFull(set, cts.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void RejectsBadInputs()
    {
        var set = Transformed(50, 4, 1, 1);
        Assert.That(() => Cka.Compute(set, new CkaOptions { MinibatchSize = 3 }),
            Throws.ArgumentException.With.Message.Contains("at least 4 rows"));
        Assert.That(() => Cka.Compute(set, new CkaOptions { MinibatchSize = 3, Unbiased = false }), Throws.Nothing);
        Assert.That(() => Cka.Compute(set, new CkaOptions { MinibatchSize = 1, Unbiased = false }), Throws.ArgumentException);
        Assert.That(() => Cka.Compute(set, new CkaOptions { MinibatchSize = 51 }),
            Throws.ArgumentException.With.Message.Contains("larger than the 50 rows"));
        Assert.That(() => Cka.Compute(set, new CkaOptions { MinibatchSize = 10, Minibatches = 0 }), Throws.ArgumentException);
        Assert.That(() => Cka.Compute(set.SelectLayers(2), new CkaOptions { MinibatchSize = 10 }),
            Throws.ArgumentException.With.Message.Contains("only layer 2"));
        Assert.That(() => Cka.ComputeFull(set.SelectLayers(0)), Throws.ArgumentException);
        Assert.That(() => Cka.Compute(set, Array.Empty<IReadOnlyList<int>>()), Throws.ArgumentException);
        Assert.That(() => Cka.Compute(set, [new[] { 0, 1, 2, 2, 4 }]), Throws.ArgumentException.With.Message.Contains("repeats row 2"));
        Assert.That(() => Cka.Compute(set, [new[] { 0, 1, 2, 3, 50 }]), Throws.ArgumentException.With.Message.Contains("outside"));
        Assert.That(() => Cka.Compute(set, [new[] { 0, 1, 2, 3, 4 }, new[] { 0, 1, 2, 3 }]), Throws.ArgumentException.With.Message.Contains("same size"));
        Assert.That(() => Cka.Compute(set, [new[] { 0, 1, 2 }]), Throws.ArgumentException.With.Message.Contains("n − 3"));
    }

    private sealed class SyncProgress(Action<CkaProgress> report) : IProgress<CkaProgress>
    {
        public void Report(CkaProgress value) => report(value);
    }
}
