using CodeNeurons.Analysis;
using CodeNeurons.Interpretation;
using CodeNeurons.Redundancy;

namespace CodeNeurons.Tests.Analysis;

public class CcfsMinimalNeuronSetTests
{
    // Fractions of 40 neurons: k = 1, 2, 3, 4, 8, 20.
    private static readonly double[] Grid = [0.025, 0.05, 0.075, 0.1, 0.2, 0.5];

    [TestCase(MinimalSetRanking.WeightMass)]
    [TestCase(MinimalSetRanking.Probeless)]
    public void SignalInTwoNeuronsFindsKTwo(MinimalSetRanking ranking)
    {
        var (train, yTrain) = CcfsTestData.Make(800, 1);
        var (dev, yDev) = CcfsTestData.Make(400, 2);
        var reports = new List<CcfsProgress>();
        var m = new MinimalNeuronSet(options: new MinimalNeuronSetOptions { Ranking = ranking, Grid = Grid, Probe = CcfsTestData.FastProbe, Seed = 3 });
        var r = m.Select(train, yTrain, dev, yDev, new CcfsLayerSelectorTests.SyncProgress(reports));

        Assert.That(r.Ranking.Top(2).Order(), Is.EqualTo(CcfsTestData.SignalNeurons));
        Assert.That(r.BaseDevScore, Is.GreaterThan(0.95));
        Assert.That(r.Found, Is.True);
        Assert.That(r.SelectedK, Is.EqualTo(2));
        Assert.That(r.SelectedFraction, Is.EqualTo(0.05));
        Assert.That(r.KeptNeurons, Is.EqualTo(CcfsTestData.SignalNeurons));
        Assert.That(r.Points.Select(p => p.K), Is.EqualTo(new[] { 1, 2, 3, 4, 8, 20 }));
        Assert.That(r.Points[0].DevScore, Is.LessThan(0.6));
        Assert.That(r.Points[1].DevScore, Is.GreaterThanOrEqualTo(r.Threshold));
        Assert.That(r.Points.Skip(2).All(p => p.DevScore is null), "stops at the first qualifying k");
        Assert.That(reports, Has.Count.EqualTo(3)); // base + k=1 + k=2
        Assert.That(r.KeptNeurons, Has.Count.EqualTo(2));
    }

    [Test]
    public void EvaluateFullGridScoresEveryPointSameChoice()
    {
        var (train, yTrain) = CcfsTestData.Make(600, 11);
        var (dev, yDev) = CcfsTestData.Make(300, 12);
        var r = new MinimalNeuronSet(new ManagedElasticNetProbe(CcfsTestData.FastProbe),
            new MinimalNeuronSetOptions { Grid = Grid, EvaluateFullGrid = true }).Select(train, yTrain, dev, yDev);
        Assert.That(r.Points.All(p => p.DevScore is not null));
        Assert.That(r.SelectedK, Is.EqualTo(2));
    }

    [Test]
    public void AsFilterAfterLayerSelector()
    {
        var (train, yTrain) = CcfsTestData.Make(600, 13);
        var (dev, yDev) = CcfsTestData.Make(300, 14);
        var probe = new ManagedElasticNetProbe(CcfsTestData.FastProbe);
        var afterLs = new LayerSelector(probe, new LayerSelectorOptions { IndependentProbes = false }).AsFilter().Filter(PositionalShims.Data(train, yTrain, dev, yDev)).Kept;
        var red = new MinimalNeuronSet(probe, new MinimalNeuronSetOptions { Grid = [1.0 / 30, 2.0 / 30, 0.5] }).AsFilter().Filter(afterLs);
        Assert.That(red.KeptNeurons, Is.EqualTo(CcfsTestData.SignalNeurons));
        Assert.That(red.OriginalNeurons, Is.EqualTo(30));
    }

    [Test]
    public void ChoiceFollowsDevNotTest()
    {
        // Train carries the label in 23/25 and in 13/15; dev only in 23/25, test only in 13/15. Probeless ranks on
        // train, so the grid decides: k = 2 with the wrong pair would suit test, dev needs 23 and 25 kept.
        (int, int)[] both = [(13, 15), (23, 25)];
        var (train, yTrain) = CcfsTestData.Make(800, 21, both);
        var (dev, yDev) = CcfsTestData.Make(400, 22, [(23, 25)]);
        var r = new MinimalNeuronSet(new ManagedElasticNetProbe(CcfsTestData.FastProbe),
            new MinimalNeuronSetOptions { Ranking = MinimalSetRanking.Probeless, Grid = [0.025, 0.05, 0.075, 0.1, 0.2, 0.5], DeltaPercent = 3, EvaluateFullGrid = true })
            .Select(train, yTrain, dev, yDev);
        Assert.That(r.KeptNeurons, Does.Contain(23).And.Contain(25));
        Assert.That(r.Ranking.Top(4).Order(), Is.EqualTo(new[] { 13, 15, 23, 25 }));
    }

    [Test]
    public void PaperGridShape()
    {
        var g = MinimalNeuronSet.PaperGrid;
        Assert.That(g, Has.Count.EqualTo(99 + 17));
        Assert.That(g[0], Is.EqualTo(0.001));
        Assert.That(g[98], Is.EqualTo(0.099));
        Assert.That(g[99], Is.EqualTo(0.10));
        Assert.That(g[^1], Is.EqualTo(0.90));
        Assert.That(g, Is.Ordered.Ascending);
        Assert.DoesNotThrow(() => new MinimalNeuronSetOptions().Validate());
        Assert.That(MinimalNeuronSet.NeuronsFor(0.001, 40), Is.EqualTo(1));
        Assert.That(MinimalNeuronSet.NeuronsFor(0.05, 40), Is.EqualTo(2));
        Assert.That(MinimalNeuronSet.NeuronsFor(1.0, 40), Is.EqualTo(40));
    }

    [TestCase(new[] { 0.1, 0.05 }, "ascend")]
    [TestCase(new[] { 0.1, 0.1 }, "repeated")]
    [TestCase(new[] { 0.0, 0.1 }, "outside")]
    [TestCase(new[] { 0.5, 1.5 }, "outside")]
    [TestCase(new double[0], "empty")]
    public void BadGridThrowsBeforeTraining(double[] grid, string message)
    {
        var (train, y) = CcfsTestData.Make(40, 1);
        var probe = new CountingProbe();
        var m = new MinimalNeuronSet(probe, new MinimalNeuronSetOptions { Grid = grid });
        var ex = Assert.Throws<ArgumentException>(() => m.Select(train, y, train, y));
        Assert.That(ex!.Message, Does.Contain(message));
        Assert.That(probe.Fits, Is.Zero);
    }

    [Test]
    public void BadDeltaOrDevThrowsBeforeTraining()
    {
        var (train, y) = CcfsTestData.Make(40, 1);
        var (dev, yDev) = CcfsTestData.Make(40, 2, labelsOverride: r => r % 2 == 0 ? 0 : 2); // no 1 or 3
        var probe = new CountingProbe();
        Assert.Throws<ArgumentOutOfRangeException>(() => new MinimalNeuronSet(probe, new MinimalNeuronSetOptions { DeltaPercent = 100 }).Select(train, y, train, y));
        var ex = Assert.Throws<ArgumentException>(() => new MinimalNeuronSet(probe).Select(train, y, dev, yDev));
        Assert.That(ex!.Message, Does.Contain("class 1, 3"));
        Assert.That(probe.Fits, Is.Zero);
    }

    private sealed class CountingProbe : IConceptProbe
    {
        public int Fits { get; private set; }

        public ProbeResult Fit(CodeNeurons.Data.LabeledActivations train, CodeNeurons.Data.LabeledActivations? dev = null,
            IProgress<ProbeProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            Fits++;
            return new ManagedElasticNetProbe(new ProbeOptions { Epochs = 1 }).Fit(train, dev, progress, cancellationToken);
        }

        public ProbeResult FitRegression(CodeNeurons.Data.ActivationSet train, IReadOnlyList<double> targets, CodeNeurons.Data.ActivationSet? dev = null, IReadOnlyList<double>? devTargets = null,
            IProgress<ProbeProgress>? progress = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
