using CodeNeurons.Analysis;
using CodeNeurons.Interpretation;
using CodeNeurons.Redundancy;

namespace CodeNeurons.Tests.Analysis;

public class CcfsLayerSelectorTests
{
    [Test]
    public void SignalInLayerTwoIndependentBestAtTwoIncrementalReachesOracleAtTwoLsPicksTwo()
    {
        var (train, yTrain) = CcfsTestData.Make(800, 1);
        var (dev, yDev) = CcfsTestData.Make(400, 2);
        var reports = new List<CcfsProgress>();
        var ls = new LayerSelector(options: new LayerSelectorOptions { DeltaPercent = 1, Probe = CcfsTestData.FastProbe });
        var r = ls.Select(train, yTrain, dev, yDev, progress: new SyncProgress(reports));

        Assert.That(r.OracleDevScore, Is.GreaterThan(0.95));
        Assert.That(r.Layers.Select(l => l.Layer), Is.EqualTo(new[] { 0, 1, 2, 3 }));
        var independent = r.Layers.Select(l => l.IndependentDevScore!.Value).ToArray();
        Assert.That(Array.IndexOf(independent, independent.Max()), Is.EqualTo(2));
        Assert.That(independent[0], Is.LessThan(0.4));
        Assert.That(r.Layers[1].IncrementalDevScore, Is.LessThan(0.4));
        Assert.That(r.Layers[2].IncrementalDevScore, Is.GreaterThanOrEqualTo(r.Threshold));
        Assert.That(r.Layers[3].IncrementalDevScore, Is.EqualTo(r.OracleDevScore));
        Assert.That(r.SelectedLayer, Is.EqualTo(2));
        Assert.That(r.KeptNeurons, Is.EqualTo(Enumerable.Range(0, 30)));
        Assert.That(r.ChooseLayer(3), Is.EqualTo(2));
        // 1 oracle + 4 independent + 3 incremental (the last incremental is the oracle).
        Assert.That(reports, Has.Count.EqualTo(8));
        Assert.That(reports.Select(p => p.Step), Is.EqualTo(Enumerable.Range(1, 8)));

        var red = ls.AsFilter().Filter(PositionalShims.Data(train, yTrain, dev, yDev));
        Assert.That(red.KeptNeurons, Is.EqualTo(r.KeptNeurons));
        Assert.That(red.Kept.Task!.Dev.NeuronIds, Is.EqualTo(r.KeptNeurons), "the dev split follows the kept neurons");
        Assert.That(red.Reduction, Is.EqualTo(0.25).Within(1e-12));
        Assert.That(red.DetailsAs<LayerSelectionResult>().SelectedLayer, Is.EqualTo(2));
    }

    [Test]
    public void AsFilterKeepsLayersUpToTheChoice()
    {
        var (train, yTrain) = CcfsTestData.Make(600, 3);
        var (dev, yDev) = CcfsTestData.Make(300, 4);
        IRedundancyFilter f = new LayerSelector(new ManagedElasticNetProbe(CcfsTestData.FastProbe), new LayerSelectorOptions { IndependentProbes = false }).AsFilter();
        var red = f.Filter(PositionalShims.Data(train, yTrain, dev, yDev));
        var details = red.DetailsAs<LayerSelectionResult>();
        Assert.That(details.SelectedLayer, Is.EqualTo(2));
        Assert.That(details.Layers.All(l => l.IndependentDevScore is null));
        Assert.That(red.Kept.Neurons, Is.EqualTo(30));
        var ex = Assert.Throws<ArgumentException>(() => f.Filter(train));
        Assert.That(ex!.Message, Does.Contain("task-specific").And.Contain("labels"));
        Assert.That(red.OriginalNeurons, Is.EqualTo(40));
    }

    [Test]
    public void ChoiceFollowsDevNotTest()
    {
        // Train: the label is in layer 1 (neurons 13, 15) and in layer 2 (23, 25). Dev keeps only layer 2's copy,
        // test only layer 1's. On test layers 0..1 would suffice; on dev they score chance, so LS must pick 2.
        (int, int)[] both = [(13, 15), (23, 25)];
        var (train, yTrain) = CcfsTestData.Make(800, 5, both);
        var (dev, yDev) = CcfsTestData.Make(400, 6, [(23, 25)]);
        var (test, yTest) = CcfsTestData.Make(400, 7, [(13, 15)]);
        var probe = new ManagedElasticNetProbe(CcfsTestData.FastProbe);
        var r = new LayerSelector(probe, new LayerSelectorOptions { DeltaPercent = 3, IndependentProbes = false }).Select(train, yTrain, dev, yDev);
        Assert.That(r.Layers[1].IncrementalDevScore, Is.LessThan(0.4));
        Assert.That(r.SelectedLayer, Is.EqualTo(2));

        // A test-driven choice would have stopped at layer 1.
        int[] upTo1 = Enumerable.Range(0, 20).ToArray();
        var p1 = probe.Fit(train.SelectNeurons(upTo1), yTrain).Probe;
        Assert.That(Metrics.Accuracy(p1.Predict(test.SelectNeurons(upTo1)), yTest), Is.GreaterThan(0.9));
    }

    [TestCase(0.0)]
    [TestCase(-1.0)]
    [TestCase(100.0)]
    [TestCase(double.NaN)]
    public void BadDeltaThrows(double delta)
    {
        var (train, y) = CcfsTestData.Make(40, 1);
        var ls = new LayerSelector(options: new LayerSelectorOptions { DeltaPercent = delta });
        Assert.Throws<ArgumentOutOfRangeException>(() => ls.Select(train, y, train, y));
    }

    [Test]
    public void DevMissingAClassThrowsNamingIt()
    {
        var (train, y) = CcfsTestData.Make(40, 1);
        var (dev, yDev) = CcfsTestData.Make(40, 2, labelsOverride: r => r % 3); // no class 3
        var ex = Assert.Throws<ArgumentException>(() => new LayerSelector().Select(train, y, dev, yDev));
        Assert.That(ex!.Message, Does.Contain("class 3"));
    }

    [Test]
    public void MismatchedNeuronsOrLabelsThrow()
    {
        var (train, y) = CcfsTestData.Make(40, 1);
        var ls = new LayerSelector();
        Assert.Throws<ArgumentException>(() => ls.Select(train, y, train.SelectLayers(0, 1), y));
        Assert.Throws<ArgumentException>(() => ls.Select(train, y.Take(39).ToArray(), train, y));
    }

    [Test]
    public void CancellationThrows()
    {
        var (train, y) = CcfsTestData.Make(40, 1);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Catch<OperationCanceledException>(() => new LayerSelector().Select(train, y, train, y, cancellationToken: cts.Token));
    }

    internal sealed class SyncProgress(List<CcfsProgress> sink) : IProgress<CcfsProgress>
    {
        public void Report(CcfsProgress value) => sink.Add(value);
    }
}
