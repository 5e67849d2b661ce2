using CodeNeurons.Interpretation;
using CodeNeurons.Tests.Interpretation;

namespace CodeNeurons.Tests.Contracts;

/// <summary>
/// The <see cref="IConceptProbe"/> contract: every implementation (the managed probe in the core tests, the TorchSharp
/// probe in the Torch tests, a user's own) must pass these tests. A derived fixture supplies <see cref="Make"/>.
/// </summary>
public abstract class ProbeContract : TempDirectoryTest
{
    /// <summary>The implementation under test with <paramref name="options"/>.</summary>
    protected abstract IConceptProbe Make(ProbeOptions options);

    /// <summary>Runs <paramref name="body"/> under whatever makes the implementation deterministic (e.g. one libtorch thread).</summary>
    protected virtual T Deterministic<T>(Func<T> body) => body();

    protected static readonly ProbeOptions Base = new() { L1 = 1e-3, L2 = 1e-3, Epochs = 5, LearningRate = 0.01, Seed = 3, Standardize = true };

    [Test]
    public void LearnsTheInformativeNeurons()
    {
        var (train, y) = ProbeTestData.Classification(600, 16, 3, seed: 1);
        var (test, yt) = ProbeTestData.Classification(300, 16, 3, seed: 2);
        var result = Make(Base).Fit(train, y);
        var pred = result.Probe.Predict(test);
        Assert.That(Metrics.Accuracy(pred, yt), Is.GreaterThan(0.8));
        Assert.That(result.Probe.TopNeuronsByWeight(3), Is.EquivalentTo(new[] { 0, 1, 2 }));
        Assert.That(result.EpochsRun, Is.EqualTo(5));
        Assert.That(result.TrainLosses[^1], Is.LessThan(result.TrainLosses[0]));
        var p = result.Probe.PredictProbabilities(test);
        Assert.That(p.Take(3).Sum(), Is.EqualTo(1).Within(1e-9));
    }

    [Test]
    public void StandardizingAConstantNeuronGivesNoNan()
    {
        var (train, y) = ProbeTestData.Classification(200, 10, 2, seed: 4);
        var probe = Make(Base).Fit(train, y).Probe;
        Assert.That(probe.Scales![ProbeTestData.ConstantNeuron], Is.EqualTo(1f));
        Assert.That(probe.Weights.ToArray().All(float.IsFinite), Is.True);
        Assert.That(probe.Scores(train).All(double.IsFinite), Is.True);
    }

    [Test]
    public void SameSeedGivesBitIdenticalResults()
    {
        var (train, y) = ProbeTestData.Classification(200, 10, 3, seed: 5);
        var (a, b, c) = Deterministic(() => (Make(Base).Fit(train, y).Probe, Make(Base).Fit(train, y).Probe, Make(Base with { Seed = 4 }).Fit(train, y).Probe));
        Assert.That(a.Weights.ToArray(), Is.EqualTo(b.Weights.ToArray()));
        Assert.That(a.Bias, Is.EqualTo(b.Bias));
        Assert.That(c.Weights.ToArray(), Is.Not.EqualTo(a.Weights.ToArray()));
    }

    [Test]
    public void RegressionRecoversTheLinearMap()
    {
        var (train, t) = ProbeTestData.Regression(400, 6, seed: 8);
        var r = Make(new ProbeOptions { Epochs = 20, LearningRate = 0.02, Seed = 1 }).FitRegression(train, t);
        var pred = r.Probe.PredictValues(train);
        Assert.That(Metrics.Pearson(pred, t), Is.GreaterThan(0.99));
        Assert.That(r.Probe.Weight(0, 0), Is.EqualTo(2).Within(0.1));
        Assert.That(r.Probe.Weight(0, 1), Is.EqualTo(-1).Within(0.1));
        Assert.That(r.Probe.Classes, Is.Zero);
        Assert.Throws<InvalidOperationException>(() => r.Probe.Predict(train));
    }

    [Test]
    public void EarlyStoppingKeepsTheBestDevEpoch()
    {
        var (train, y) = ProbeTestData.Classification(300, 12, 3, seed: 9);
        var (dev, dy) = ProbeTestData.Classification(150, 12, 3, seed: 10);
        // A large learning rate makes the dev loss bounce, so patience 1 stops well before 40 epochs.
        var r = Make(Base with { Epochs = 40, Patience = 1, LearningRate = 0.5, Optimizer = ProbeOptimizer.Sgd }).Fit(train, y, dev, dy);
        Assert.That(r.DevLosses, Has.Count.EqualTo(r.EpochsRun));
        Assert.That(r.DevLosses![r.BestEpoch - 1], Is.EqualTo(r.DevLosses.Min()));
        if (r.StoppedEarly) Assert.That(r.EpochsRun, Is.EqualTo(r.BestEpoch + 1));
        var reports = new List<ProbeProgress>();
        Make(Base with { Epochs = 2 }).Fit(train, y, dev, dy, new SyncProgress<ProbeProgress>(reports.Add));
        Assert.That(reports.Select(p => p.Epoch), Is.EqualTo(new[] { 1, 2 }));
        Assert.That(reports.All(p => p.DevLoss is > 0), Is.True);
    }

    [Test]
    public void BadInputsGiveClearErrors()
    {
        var (train, y) = ProbeTestData.Classification(30, 8, 3, seed: 12);
        var p = Make(Base);
        Assert.That(Assert.Throws<ArgumentException>(() => p.Fit(train, y.Take(29).ToArray()))!.Message, Does.Contain("29 labels").And.Contain("30"));
        Assert.That(Assert.Throws<ArgumentException>(() => p.Fit(train, y.Select(v => v == 1 ? 2 : v).ToArray()))!.Message, Does.Contain("Class 1 has no training rows"));
        Assert.That(Assert.Throws<ArgumentException>(() => p.Fit(train, new int[30]))!.Message, Does.Contain("only class 0"));
        var (dev, dy) = ProbeTestData.Classification(9, 8, 3, seed: 13);
        dy[4] = 3;
        Assert.That(Assert.Throws<ArgumentException>(() => p.Fit(train, y, dev, dy))!.Message, Does.Contain("Label 4 is class 3"));
        Assert.Throws<ArgumentException>(() => p.Fit(train, y, dev, null));
        Assert.Throws<ArgumentOutOfRangeException>(() => Make(Base with { L1 = -1 }).Fit(train, y));
        Assert.Throws<ArgumentOutOfRangeException>(() => Make(Base with { L2 = -0.1 }).Fit(train, y));
        Assert.Throws<ArgumentOutOfRangeException>(() => Make(Base with { Epochs = 0 }).Fit(train, y));
        Assert.Throws<ArgumentOutOfRangeException>(() => Make(Base with { BatchSize = 0 }).Fit(train, y));
        Assert.Throws<ArgumentException>(() => Make(Base with { ClassWeights = ClassWeighting.Explicit, ExplicitClassWeights = [1, 2] }).Fit(train, y));
        Assert.Throws<ArgumentException>(() => p.FitRegression(train, Enumerable.Repeat(double.NaN, 30).ToArray()));
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => p.Fit(train, y, cancellationToken: cts.Token));
    }

    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
