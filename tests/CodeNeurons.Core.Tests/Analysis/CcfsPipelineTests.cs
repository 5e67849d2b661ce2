using System.Text.Json;
using CodeNeurons.Analysis;
using CodeNeurons.Data;
using CodeNeurons.Interpretation;
using CodeNeurons.Redundancy;

namespace CodeNeurons.Tests.Analysis;

public class CcfsPipelineTests
{
    private static readonly IReadOnlyList<double> CoarseGrid = [0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9];

    private static CcfsOptions Fast(CcfsStage stages = CcfsStage.All) => new()
    {
        Stages = stages,
        Probe = CcfsTestData.FastProbe,
        MinimalSet = new() { Grid = CoarseGrid },
        Clustering = new() { Thresholds = [0.05, 0.3, 0.6, 0.9] },
        Seed = 3,
    };

    [Test]
    public void EndToEndOnAPlantedTaskFindsTheSignalNeuronsAndReportsEveryStage()
    {
        var (train, yTrain) = CcfsTestData.Planted(800, 1);
        var (dev, yDev) = CcfsTestData.Planted(400, 2);
        var (test, yTest) = CcfsTestData.Planted(400, 3);
        var progress = new List<CcfsProgress>();
        var report = new CcfsPipeline(Fast()).Run(train, yTrain, dev, yDev, test, yTest, ["A", "B", "C", "D"], new SyncProgress<CcfsProgress>(progress.Add));

        Assert.That(report.InputNeurons, Is.EqualTo(40));
        Assert.That(report.Oracle.TestScore, Is.GreaterThan(0.95));
        Assert.That(report.None!.TestScore, Is.EqualTo(0.25).Within(1e-12), "balanced classes: the majority rate is 1/4");
        Assert.That(report.None.Neurons, Is.Zero);

        // LS: the signal is in layer 2, so every δ keeps layers 0..2 (30 neurons); independent probe best at layer 2.
        Assert.That(report.LayerSelection.Select(r => r.Neurons), Is.All.EqualTo(30));
        Assert.That(report.LayerScores.MaxBy(s => s.IndependentDevScore!.Value)!.Layer, Is.EqualTo(2));
        Assert.That(report.LayerScores.All(s => s.IncrementalTestScore is not null), Is.True);

        // CC curve: fewer neurons as the threshold grows; at 0.05 only the two planted copies merge.
        var kept = report.Clustering.Select(r => r.Neurons).ToArray();
        Assert.That(kept, Is.Ordered.Descending);
        Assert.That(kept[0], Is.EqualTo(38));
        Assert.That(report.Clustering[0].KeptNeurons.Count(id => id is 23 or 24), Is.EqualTo(1));

        // LCA and probeless: a handful of neurons that include one copy of each signal neuron.
        foreach (var row in new[] { report.Lca!, report.Probeless! })
        {
            Assert.That(row.Neurons, Is.LessThanOrEqualTo(4), row.Name);
            Assert.That(row.KeptNeurons.Any(id => id is 23 or 24) && row.KeptNeurons.Any(id => id is 25 or 26), Is.True, row.Name);
            Assert.That(row.TestScore, Is.GreaterThan(0.9), row.Name);
        }

        // 3 pairs × {none, 0.3}; the best is small and within 1 % of the oracle on dev.
        Assert.That(report.Combined, Has.Count.EqualTo(6));
        Assert.That(report.Combined.Select(r => r.Name), Does.Contain("LS+CC+LCA (3,1) t=0.3"));
        Assert.That(report.Best, Is.Not.Null);
        Assert.That(report.Best!.Neurons, Is.LessThanOrEqualTo(4));
        Assert.That(report.Best.DevScore, Is.GreaterThanOrEqualTo(report.Oracle.DevScore * 0.99));
        Assert.That(report.Best.Reduction, Is.GreaterThan(0.9));
        // Neurons left after each stage of every combination: LS keeps layers 0..2, CC (if any) fewer, LCA the row's set.
        foreach (var row in report.Combined)
        {
            Assert.That(row.Steps!.Select(s => s.Stage), Is.EqualTo(row.Name.Contains("CC") ? new[] { "LS", "CC", "LCA" } : new[] { "LS", "LCA" }), row.Name);
            Assert.That(row.Steps![0].Neurons, Is.EqualTo(30));
            Assert.That(row.Steps.Select(s => s.Neurons), Is.Ordered.Descending);
            Assert.That(row.Steps[^1].Neurons, Is.EqualTo(row.Neurons));
        }
        Assert.That(report.Combined.First(r => r.Name.Contains("CC")).Steps![1].Neurons, Is.LessThan(30));

        // Selectivity: word types are class-consistent, so the control task is learnable only by memorising types.
        Assert.That(report.Selectivity.Select(s => s.Name), Is.EqualTo(new[] { "Oracle", report.Best.Name }));
        Assert.That(report.Selectivity.All(s => s.Selectivity is > 0 and <= 1), Is.True);

        Assert.That(report.TimingsSeconds.Select(t => t.Key), Is.SupersetOf(new[] { "oracle", "layerwise", "correlation", "clustering", "lca", "probeless", "ccfs", "selectivity" }));
        Assert.That(report.ClassNames, Is.EqualTo(new[] { "A", "B", "C", "D" }));
        Assert.That(progress, Is.Not.Empty);
        Assert.That(progress.Select(p => p.Stage), Has.Some.StartsWith("ccfs/"));
    }

    [Test]
    public void BestProbeIsTheProbeTheBestRowWasScoredWithAndStaysOutOfTheJson()
    {
        var (train, yTrain) = CcfsTestData.Planted(300, 4);
        var (dev, yDev) = CcfsTestData.Planted(200, 5);
        var report = new CcfsPipeline(Fast(CcfsStage.Combined)).Run(train, yTrain, dev, yDev);
        var probe = report.BestProbe!;
        Assert.That(probe.NeuronIds, Is.EqualTo(report.Best!.KeptNeurons));
        var devKept = dev.SelectNeurons(probe.NeuronIds);
        Assert.That(Metrics.Accuracy(probe.Predict(devKept), yDev), Is.EqualTo(report.Best.DevScore));
        Assert.That(report.ToJson(), Does.Not.Contain("bestProbe"));
        Assert.That(CcfsReport.FromJson(report.ToJson()).BestProbe, Is.Null);
        Assert.That(CcfsReport.BestProbePath(Path.Combine("out", "report.json")), Is.EqualTo(Path.Combine("out", "report.probe.json")));
        Assert.That(new CcfsPipeline(Fast(CcfsStage.Lca)).Run(train, yTrain, dev, yDev).BestProbe, Is.Null, "no combined stage, no best probe");
    }

    [Test]
    public void SameSeedSameReportAndJsonRoundTrips()
    {
        var (train, yTrain) = CcfsTestData.Planted(300, 4);
        var (dev, yDev) = CcfsTestData.Planted(200, 5);
        var options = Fast(CcfsStage.Clustering | CcfsStage.Lca | CcfsStage.Combined) is var f ? f with { Clustering = f.Clustering with { Representative = RepresentativeSelection.Random } } : null!;
        var a = new CcfsPipeline(options).Run(train, yTrain, dev, yDev);
        var b = new CcfsPipeline(options).Run(train, yTrain, dev, yDev);
        Assert.That(b.Rows().Select(Summary), Is.EqualTo(a.Rows().Select(Summary)));

        var back = CcfsReport.FromJson(a.ToJson());
        Assert.That(back.Rows().Select(Summary), Is.EqualTo(a.Rows().Select(Summary)));
        Assert.That(back.Options.MinimalSet.Grid, Is.EqualTo(options.MinimalSet.Grid));
        Assert.That(back.Best!.Name, Is.EqualTo(a.Best!.Name));
        Assert.That(back.GridSearches.Count, Is.EqualTo(a.GridSearches.Count));
        Assert.That(a.None, Is.Null);
        Assert.That(a.Selectivity, Is.Empty);
    }

    private static string Summary(CcfsRow r) => $"{r.Name}|{r.Neurons}|{r.DevScore:R}|{r.TestScore:R}|{string.Join(',', r.KeptNeurons)}";

    [Test]
    public void KeptLayerBlockOfTheFullCorrelationEqualsRecomputingIt()
    {
        var (train, _) = CcfsTestData.Planted(200, 6);
        using var full = new CorrelationAccumulator(train.Neurons);
        full.Add(train.Values, train.Rows);
        var block = full.ToDistances().Select(Enumerable.Range(0, 30).ToArray());
        var sub = train.SelectLayers(0, 1, 2);
        using var part = new CorrelationAccumulator(sub.Neurons);
        part.Add(sub.Values, sub.Rows);
        var direct = part.ToDistances();
        Assert.That(block.Count, Is.EqualTo(30));
        Assert.That(block.Values, Is.EqualTo(direct.Values).Within(1e-12));
        // And an arbitrary (non-prefix) subset.
        int[] pick = [1, 5, 23, 24, 39];
        var picked = full.ToDistances().Select(pick);
        for (int a = 0; a < pick.Length; a++)
            for (int c = a + 1; c < pick.Length; c++)
                Assert.That(picked[a, c], Is.EqualTo(1 - Math.Abs(full.Correlation(pick[a], pick[c]))).Within(1e-12));
        Assert.Throws<ArgumentException>(() => full.ToDistances().Select([3, 2]));
        Assert.Throws<ArgumentException>(() => full.ToDistances().Select([40]));
    }

    [Test]
    public void ChainLsThenClusteringThenLcaAsRedundancyFilters()
    {
        var (train, yTrain) = CcfsTestData.Planted(600, 7);
        var (dev, yDev) = CcfsTestData.Planted(300, 8);
        var probe = new ManagedElasticNetProbe(CcfsTestData.FastProbe);
        var chain = new RedundancyChain(
            new LayerSelector(probe, new LayerSelectorOptions { DeltaPercent = 1 }).AsFilter(),
            new CorrelationClustering(new CorrelationClusteringOptions { Thresholds = [0.05] }),
            new MinimalNeuronSet(probe, new MinimalNeuronSetOptions { Grid = CoarseGrid }).AsFilter());
        var result = chain.Filter(PositionalShims.Data(train, yTrain, dev, yDev));
        Assert.That(result.Steps.Select(s => (s.NeuronsIn, s.NeuronsOut)).Take(2), Is.EqualTo(new[] { (40, 30), (30, 28) }));
        Assert.That(result.DetailsAs<IReadOnlyList<RedundancyResult>>().Select(r => r.Details?.GetType().Name),
            Is.EqualTo(new[] { nameof(LayerSelectionResult), nameof(CorrelationClusteringResult), nameof(MinimalNeuronSetResult) }));
        Assert.That(result.Kept.Neurons, Is.LessThanOrEqualTo(4));
        Assert.That(result.OriginalNeurons, Is.EqualTo(40));
        Assert.That(result.KeptNeurons.All(id => id < 30), Is.True);
        Assert.Throws<ArgumentException>(() => new RedundancyChain());
    }

    /// <summary>A probe that fails the test if trained: validation must happen before any work.</summary>
    private sealed class NoTraining : IConceptProbe
    {
        public ProbeResult Fit(LabeledActivations train, LabeledActivations? dev = null,
            IProgress<ProbeProgress>? progress = null, CancellationToken cancellationToken = default) => throw new AssertionException("A probe was trained before validation failed.");

        public ProbeResult FitRegression(ActivationSet train, IReadOnlyList<double> targets, ActivationSet? dev = null, IReadOnlyList<double>? devTargets = null,
            IProgress<ProbeProgress>? progress = null, CancellationToken cancellationToken = default) => throw new AssertionException("A probe was trained before validation failed.");
    }

    private static IEnumerable<TestCaseData> BadOptions()
    {
        yield return new TestCaseData(new CcfsOptions { LayerSelection = new() { Deltas = [0] } }, "(0, 100)").SetName("DeltaZero");
        yield return new TestCaseData(new CcfsOptions { LayerSelection = new() { Deltas = [100] } }, "(0, 100)").SetName("DeltaHundred");
        yield return new TestCaseData(new CcfsOptions { Combined = new() { Pairs = [new(3, 150)] } }, "δ_N").SetName("PairDeltaOutOfRange");
        yield return new TestCaseData(new CcfsOptions { MinimalSet = new() { DeltaPercent = -1 } }, "(0, 100)").SetName("NegativeDelta");
        yield return new TestCaseData(new CcfsOptions { Clustering = new() { Thresholds = [0.3, 0.2] } }, "must ascend").SetName("UnsortedThresholds");
        yield return new TestCaseData(new CcfsOptions { Clustering = new() { Thresholds = [0.3, 0.3] } }, "repeated").SetName("DuplicatedThresholds");
        yield return new TestCaseData(new CcfsOptions { Combined = new() { Thresholds = [0.5, 0.3] } }, "must ascend").SetName("UnsortedCombinedThresholds");
        yield return new TestCaseData(new CcfsOptions { Combined = new() { Thresholds = [null, null] } }, "null").SetName("NullThresholdTwice");
        yield return new TestCaseData(new CcfsOptions { Clustering = new() { Thresholds = [1.5] } }, "(0, 1]").SetName("ThresholdAboveOne");
        yield return new TestCaseData(new CcfsOptions { Layers = [2, 1] }, "ascend").SetName("UnsortedLayers");
        yield return new TestCaseData(new CcfsOptions { Layers = [7] }, "Layer 7 is not in the activations").SetName("UnknownLayer");
        yield return new TestCaseData(new CcfsOptions { MinimalSet = new() { Grid = [0.2, 0.1] } }, "ascend").SetName("UnsortedGrid");
        yield return new TestCaseData(new CcfsOptions { Clustering = null! }, "'clustering' is null").SetName("NullSection");
    }

    [TestCaseSource(nameof(BadOptions))]
    public void BadOptionsFailBeforeAnyTrainingNamingTheProblem(CcfsOptions options, string message)
    {
        var (train, y) = CcfsTestData.Planted(40, 1);
        var ex = Assert.Catch<ArgumentException>(() => new CcfsPipeline(options, new NoTraining()).Run(train, y, train, y));
        Assert.That(ex!.Message, Does.Contain(message));
    }

    [Test]
    public void DevMissingAClassFailsBeforeAnyTraining()
    {
        var (train, y) = CcfsTestData.Planted(40, 1);
        var devRows = Enumerable.Range(0, 40).Where(r => y[r] != 2).ToArray();
        var v = devRows.SelectMany(r => train.Row(r).ToArray()).ToArray();
        var dev = ActivationSet.Create(v, devRows.Length, train.Layout);
        var ex = Assert.Throws<ArgumentException>(() => new CcfsPipeline(Fast(), new NoTraining()).Run(train, y, dev, devRows.Select(r => y[r]).ToArray()));
        Assert.That(ex!.Message, Does.Contain("no row of class 2"));
    }

    [Test]
    public void OptionsJsonReadsTheConfigShapeAndRejectsUnknownKeys()
    {
        var o = CcfsOptions.FromJson("""
            {
              // comments are allowed
              "stages": ["oracle", "layerwise", "ccfs"],
              "layerSelection": { "deltas": [1, 2, 3] },
              "combined": { "pairs": [[3, 1], [1, 0.5]], "thresholds": [null, 0.3] },
              "clustering": { "linkage": "complete" },
              "probe": { "l1": 0.001, "epochs": 3 },
              "seed": 9,
            }
            """);
        Assert.That(o.Stages, Is.EqualTo(CcfsStage.LayerSelection | CcfsStage.Combined));
        Assert.That(o.Combined.Pairs, Is.EqualTo(new[] { new DeltaPair(3, 1), new DeltaPair(1, 0.5) }));
        Assert.That(o.Combined.Thresholds, Is.EqualTo(new double?[] { null, 0.3 }));
        Assert.That(o.Clustering.Linkage, Is.EqualTo(LinkageMethod.Complete));
        Assert.That(o.Probe.L1, Is.EqualTo(0.001));
        Assert.That(o.Probe.Epochs, Is.EqualTo(3));
        Assert.That(o.MinimalSet.Grid, Is.EqualTo(MinimalNeuronSet.PaperGrid), "absent keys keep their defaults");
        Assert.That(o.Clustering.Thresholds, Has.Count.EqualTo(9), "absent keys of a section keep their defaults");
        var back = CcfsOptions.FromJson(o.ToJson());
        Assert.That(back.Combined.Pairs, Is.EqualTo(o.Combined.Pairs));
        Assert.That(back.Stages, Is.EqualTo(o.Stages));
        Assert.That(o.ToJson(), Does.Contain("\"layerwise\"").And.Contain("\"ccfs\""), "stages are written as the list of names");

        var ex = Assert.Throws<JsonException>(() => CcfsOptions.FromJson("""{ "stagse": ["oracle"] }"""));
        Assert.That(ex!.Message, Does.Contain("stagse"));
        Assert.Throws<JsonException>(() => CcfsOptions.FromJson("""{ "combined": { "pairs": [[3]] } }"""));
        Assert.Throws<ArgumentOutOfRangeException>(() => CcfsOptions.FromJson("""{ "layerSelection": { "deltas": [0] } }"""));
        Assert.That(Assert.Throws<JsonException>(() => CcfsOptions.FromJson("""{ "stages": ["oracle", "lcaa"] }"""))!.Message, Does.Contain("Unknown stage 'lcaa'"));
        Assert.That(Assert.Throws<JsonException>(() => CcfsOptions.FromJson("""{ "stages": ["lca", "lca"] }"""))!.Message, Does.Contain("listed twice"));
        Assert.That(Assert.Throws<ArgumentException>(() => CcfsOptions.FromJson("""{ "combined": null }"""))!.Message, Does.Contain("'combined' is null"));
    }

    [Test]
    public void LayersOptionRestrictsTheInput()
    {
        var (train, y) = CcfsTestData.Planted(300, 9);
        var (dev, yDev) = CcfsTestData.Planted(200, 10);
        var report = new CcfsPipeline(Fast(CcfsStage.LayerSelection) with { Layers = [1, 2] }).Run(train, y, dev, yDev);
        Assert.That(report.InputNeurons, Is.EqualTo(20));
        Assert.That(report.Layers, Is.EqualTo(new[] { 1, 2 }));
        Assert.That(report.LayerScores.Select(s => s.Layer), Is.EqualTo(new[] { 1, 2 }));
        Assert.That(report.Oracle.KeptNeurons.Min(), Is.EqualTo(10));
        Assert.That(report.NeuronsPerLayer, Is.EqualTo(10), "layer = id / 10 in every plot, whatever the input holds");
    }

    [Test]
    public void CancellationStopsTheRun()
    {
        var (train, y) = CcfsTestData.Planted(100, 1);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.That(() => new CcfsPipeline(Fast()).Run(train, y, train, y, cancellationToken: cts.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
