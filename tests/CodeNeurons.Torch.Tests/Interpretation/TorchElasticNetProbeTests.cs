using CodeNeurons.Interpretation;
using CodeNeurons.Tests.Contracts;
using CodeNeurons.Torch.Interpretation;

namespace CodeNeurons.Tests.Interpretation;

/// <summary>The probe contract on <see cref="TorchElasticNetProbe"/> (CPU), plus its parity with the managed probe.</summary>
[TestFixture]
public sealed class TorchElasticNetProbeTests : ProbeContract
{
    protected override IConceptProbe Make(ProbeOptions options) => new TorchElasticNetProbe(options, "cpu");

    /// <summary>libtorch's CPU reductions split work across intra-op threads, so bit-identity holds with one thread.</summary>
    protected override T Deterministic<T>(Func<T> body)
    {
        int threads = TorchSharp.torch.get_num_threads();
        TorchSharp.torch.set_num_threads(1);
        try
        {
            return body();
        }
        finally
        {
            TorchSharp.torch.set_num_threads(threads);
        }
    }

    /// <summary>
    /// Same data, seed and options: the managed (float64) and Torch (float32) probes run the same algorithm, so their
    /// weights agree to 2e-3 absolute, test accuracy within 1 point and the top-5 neurons by |W| mass are the same set.
    /// </summary>
    [TestCase(ProbeOptimizer.Adam, ClassWeighting.None, true)]
    [TestCase(ProbeOptimizer.Sgd, ClassWeighting.Balanced, false)]
    public void ManagedAndTorchAgree(ProbeOptimizer optimizer, ClassWeighting weighting, bool shuffle)
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
}
