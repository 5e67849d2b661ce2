using CodeNeurons.Data;
using CodeNeurons.Interpretation;
using CodeNeurons.Torch.Interpretation;

namespace CodeNeurons.Tests.Interpretation;

/// <summary>Contract tests run against both implementations, plus parity between them.</summary>
[TestFixture]
public sealed class ProbeTests : TempDirectoryTest
{
    public enum Impl { Managed, Torch }

    private static IConceptProbe Make(Impl impl, ProbeOptions options) =>
        impl == Impl.Managed ? new ManagedElasticNetProbe(options) : new TorchElasticNetProbe(options, "cpu");

    private static readonly ProbeOptions Base = new() { L1 = 1e-3, L2 = 1e-3, Epochs = 5, LearningRate = 0.01, Seed = 3, Standardize = true };

    [Test]
    public void Learns_the_informative_neurons([Values] Impl impl)
    {
        var (train, y) = ProbeTestData.Classification(600, 16, 3, seed: 1);
        var (test, yt) = ProbeTestData.Classification(300, 16, 3, seed: 2);
        var result = Make(impl, Base).Fit(train, y);
        var pred = result.Probe.Predict(test);
        Assert.That(Metrics.Accuracy(pred, yt), Is.GreaterThan(0.8));
        Assert.That(result.Probe.TopNeuronsByWeight(3), Is.EquivalentTo(new[] { 0, 1, 2 }));
        Assert.That(result.EpochsRun, Is.EqualTo(5));
        Assert.That(result.TrainLosses[^1], Is.LessThan(result.TrainLosses[0]));
        var p = result.Probe.PredictProbabilities(test);
        Assert.That(p.Take(3).Sum(), Is.EqualTo(1).Within(1e-9));
    }

    [Test]
    public void Standardizing_a_constant_neuron_gives_no_nan([Values] Impl impl)
    {
        var (train, y) = ProbeTestData.Classification(200, 10, 2, seed: 4);
        var probe = Make(impl, Base).Fit(train, y).Probe;
        Assert.That(probe.Scales![ProbeTestData.ConstantNeuron], Is.EqualTo(1f));
        Assert.That(probe.Weights.ToArray().All(float.IsFinite), Is.True);
        Assert.That(probe.Scores(train).All(double.IsFinite), Is.True);
    }

    [Test]
    public void Same_seed_gives_bit_identical_results([Values] Impl impl)
    {
        var (train, y) = ProbeTestData.Classification(200, 10, 3, seed: 5);
        // libtorch's CPU reductions split work across intra-op threads, so bit-identity holds with one thread.
        int threads = TorchSharp.torch.get_num_threads();
        TorchSharp.torch.set_num_threads(1);
        LinearProbe a, b, c;
        try
        {
            a = Make(impl, Base).Fit(train, y).Probe;
            b = Make(impl, Base).Fit(train, y).Probe;
            c = Make(impl, Base with { Seed = 4 }).Fit(train, y).Probe;
        }
        finally
        {
            TorchSharp.torch.set_num_threads(threads);
        }
        Assert.That(a.Weights.ToArray(), Is.EqualTo(b.Weights.ToArray()));
        Assert.That(a.Bias, Is.EqualTo(b.Bias));
        Assert.That(c.Weights.ToArray(), Is.Not.EqualTo(a.Weights.ToArray()));
    }

    /// <summary>
    /// Same data, seed and options: the managed (float64) and Torch (float32) probes run the same algorithm, so their
    /// weights agree to 2e-3 absolute, test accuracy within 1 point and the top-5 neurons by |W| mass are the same set.
    /// </summary>
    [TestCase(ProbeOptimizer.Adam, ClassWeighting.None, true)]
    [TestCase(ProbeOptimizer.Sgd, ClassWeighting.Balanced, false)]
    public void Managed_and_torch_agree(ProbeOptimizer optimizer, ClassWeighting weighting, bool shuffle)
    {
        var (train, y) = ProbeTestData.Classification(500, 24, 4, seed: 6, signal: 2.5);
        var (test, yt) = ProbeTestData.Classification(300, 24, 4, seed: 7, signal: 2.5);
        var options = Base with { Optimizer = optimizer, ClassWeights = weighting, Shuffle = shuffle, LearningRate = optimizer == ProbeOptimizer.Sgd ? 0.05 : 0.01 };
        var m = new ManagedElasticNetProbe(options).Fit(train, y);
        var t = new TorchElasticNetProbe(options).Fit(train, y);
        double accM = Metrics.Accuracy(m.Probe.Predict(test), yt), accT = Metrics.Accuracy(t.Probe.Predict(test), yt);
        Assert.That(Math.Abs(accM - accT), Is.LessThanOrEqualTo(0.01), $"managed {accM:F4}, torch {accT:F4}");
        Assert.That(accM, Is.GreaterThan(0.8));
        Assert.That(t.Probe.TopNeuronsByWeight(5), Is.EquivalentTo(m.Probe.TopNeuronsByWeight(5)));
        double maxDiff = 0;
        for (int i = 0; i < m.Probe.Weights.Length; i++) maxDiff = Math.Max(maxDiff, Math.Abs(m.Probe.Weights[i] - t.Probe.Weights[i]));
        Assert.That(maxDiff, Is.LessThan(2e-3));
        for (int e = 0; e < m.TrainLosses.Count; e++) Assert.That(t.TrainLosses[e], Is.EqualTo(m.TrainLosses[e]).Within(1e-4 * (1 + m.TrainLosses[e])));
        TestContext.Out.WriteLine($"{optimizer}/{weighting}: acc managed {accM:F4} torch {accT:F4} (train {Metrics.Accuracy(m.Probe.Predict(train), y):F4}); max |ΔW| {maxDiff:E2}");
    }

    [Test]
    public void Regression_recovers_the_linear_map([Values] Impl impl)
    {
        var (train, t) = ProbeTestData.Regression(400, 6, seed: 8);
        var r = Make(impl, new ProbeOptions { Epochs = 20, LearningRate = 0.02, Seed = 1 }).FitRegression(train, t);
        var pred = r.Probe.PredictValues(train);
        Assert.That(Metrics.Pearson(pred, t), Is.GreaterThan(0.99));
        Assert.That(r.Probe.Weight(0, 0), Is.EqualTo(2).Within(0.1));
        Assert.That(r.Probe.Weight(0, 1), Is.EqualTo(-1).Within(0.1));
        Assert.That(r.Probe.Classes, Is.Zero);
        Assert.Throws<InvalidOperationException>(() => r.Probe.Predict(train));
    }

    [Test]
    public void Early_stopping_keeps_the_best_dev_epoch([Values] Impl impl)
    {
        var (train, y) = ProbeTestData.Classification(300, 12, 3, seed: 9);
        var (dev, dy) = ProbeTestData.Classification(150, 12, 3, seed: 10);
        // A large learning rate makes the dev loss bounce, so patience 1 stops well before 40 epochs.
        var r = Make(impl, Base with { Epochs = 40, Patience = 1, LearningRate = 0.5, Optimizer = ProbeOptimizer.Sgd }).Fit(train, y, dev, dy);
        Assert.That(r.DevLosses, Has.Count.EqualTo(r.EpochsRun));
        Assert.That(r.DevLosses![r.BestEpoch - 1], Is.EqualTo(r.DevLosses.Min()));
        if (r.StoppedEarly) Assert.That(r.EpochsRun, Is.EqualTo(r.BestEpoch + 1));
        var reports = new List<ProbeProgress>();
        Make(impl, Base with { Epochs = 2 }).Fit(train, y, dev, dy, new SyncProgress<ProbeProgress>(reports.Add));
        Assert.That(reports.Select(p => p.Epoch), Is.EqualTo(new[] { 1, 2 }));
        Assert.That(reports.All(p => p.DevLoss is > 0), Is.True);
    }

    [Test]
    public void Save_and_load_round_trip()
    {
        var (train, y) = ProbeTestData.Classification(200, 10, 3, seed: 11);
        var probe = new ManagedElasticNetProbe(Base).Fit(train, y).Probe;
        string path = Path.Combine(TempDir, "probe.json");
        probe.Save(path);
        var back = LinearProbe.Load(path, expectedNeurons: 10);
        Assert.That(back.Weights.ToArray(), Is.EqualTo(probe.Weights.ToArray()));
        Assert.That(back.Bias, Is.EqualTo(probe.Bias));
        Assert.That(back.Means, Is.EqualTo(probe.Means));
        Assert.That(back.NeuronIds, Is.EqualTo(probe.NeuronIds));
        Assert.That(back.Predict(train), Is.EqualTo(probe.Predict(train)));
        var e = Assert.Throws<ArgumentException>(() => LinearProbe.Load(path, expectedNeurons: 12));
        Assert.That(e!.Message, Does.Contain("10 neurons").And.Contain("12"));
        var (other, _) = ProbeTestData.Classification(5, 12, 3, seed: 1);
        var e2 = Assert.Throws<ArgumentException>(() => back.Predict(other));
        Assert.That(e2!.Message, Does.Contain("10 neurons").And.Contain("12"));
        File.WriteAllText(path, "{\"format\":\"something-else\"}");
        Assert.Throws<InvalidDataException>(() => LinearProbe.Load(path));
    }

    [Test]
    public void Bad_inputs_give_clear_errors([Values] Impl impl)
    {
        var (train, y) = ProbeTestData.Classification(30, 8, 3, seed: 12);
        var p = Make(impl, Base);
        Assert.That(Assert.Throws<ArgumentException>(() => p.Fit(train, y.Take(29).ToArray()))!.Message, Does.Contain("29 rows").And.Contain("30"));
        Assert.That(Assert.Throws<ArgumentException>(() => p.Fit(train, y.Select(v => v == 1 ? 2 : v).ToArray()))!.Message, Does.Contain("Class 1 has no training rows"));
        Assert.That(Assert.Throws<ArgumentException>(() => p.Fit(train, new int[30]))!.Message, Does.Contain("only class 0"));
        var (dev, dy) = ProbeTestData.Classification(9, 8, 3, seed: 13);
        dy[4] = 3;
        Assert.That(Assert.Throws<ArgumentException>(() => p.Fit(train, y, dev, dy))!.Message, Does.Contain("devLabels[4] = 3"));
        Assert.Throws<ArgumentException>(() => p.Fit(train, y, dev, null));
        Assert.Throws<ArgumentOutOfRangeException>(() => Make(impl, Base with { L1 = -1 }).Fit(train, y));
        Assert.Throws<ArgumentOutOfRangeException>(() => Make(impl, Base with { L2 = -0.1 }).Fit(train, y));
        Assert.Throws<ArgumentOutOfRangeException>(() => Make(impl, Base with { Epochs = 0 }).Fit(train, y));
        Assert.Throws<ArgumentOutOfRangeException>(() => Make(impl, Base with { BatchSize = 0 }).Fit(train, y));
        Assert.Throws<ArgumentException>(() => Make(impl, Base with { ClassWeights = ClassWeighting.Explicit, ExplicitClassWeights = [1, 2] }).Fit(train, y));
        Assert.Throws<ArgumentException>(() => p.FitRegression(train, Enumerable.Repeat(double.NaN, 30).ToArray()));
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => p.Fit(train, y, cancellationToken: cts.Token));
    }

    [Test]
    public void Non_finite_activations_are_rejected_before_any_probe()
    {
        var e = Assert.Throws<ArgumentException>(() => ActivationSet.Create([1f, float.NaN], 1, LayerLayout.Flat(2)));
        Assert.That(e!.Message, Does.Contain("finite"));
    }

    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
