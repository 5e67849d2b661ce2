using CodeNeurons.Analysis;
using CodeNeurons.Interpretation;

namespace CodeNeurons.Tests.Analysis;

/// <summary>The metric choice (<see cref="CcfsOptions.Metric"/>) reaches every stage's scores and choices.</summary>
public class CcfsMetricTests
{
    [Test]
    public void ScoreDispatchesToTheNamedMetric()
    {
        int[] gold = [1, 1, 1, 0, 0, 0, 0, 1];
        int[] pred = [1, 1, 0, 0, 0, 1, 0, 1];
        Assert.That(Metrics.Score(ProbeMetric.Accuracy, pred, gold), Is.EqualTo(6.0 / 8).Within(1e-12));
        Assert.That(Metrics.Score(ProbeMetric.F1, pred, gold), Is.EqualTo(6.0 / 8).Within(1e-12)); // tp3 fp1 fn1
        // macro: class 0 tp3 fp1 fn1 → 6/8, class 1 the same.
        Assert.That(Metrics.Score(ProbeMetric.MacroF1, pred, gold), Is.EqualTo(6.0 / 8).Within(1e-12));
        // Accuracy and F1 differ when positives are rare: all-negative predictions score 0 F1.
        Assert.That(Metrics.Score(ProbeMetric.Accuracy, [0, 0, 0, 0], [0, 0, 0, 1]), Is.EqualTo(0.75));
        Assert.That(Metrics.Score(ProbeMetric.F1, [0, 0, 0, 0], [0, 0, 0, 1]), Is.Zero);
    }

    [Test]
    public void F1IsRejectedForMoreThanTwoClasses()
    {
        var e = Assert.Throws<ArgumentException>(() => Metrics.Score(ProbeMetric.F1, [0, 2], [0, 1]));
        Assert.That(e!.Message, Does.Contain("MacroF1"));
        Assert.Throws<ArgumentException>(() => Metrics.CheckMetric(ProbeMetric.F1, 3));
        Assert.DoesNotThrow(() => Metrics.CheckMetric(ProbeMetric.MacroF1, 3));
        var (train, y) = CcfsTestData.Make(80, 1);
        var (dev, yDev) = CcfsTestData.Make(40, 2);
        var ex = Assert.Throws<ArgumentException>(() => new CcfsPipeline(new CcfsOptions { Metric = ProbeMetric.F1, Stages = CcfsStage.Oracle }).Run(train, y, dev, yDev));
        Assert.That(ex!.Message, Does.Contain("4 classes"));
    }

    [Test]
    public void PipelineScoresEveryRowByF1OnABinaryTask()
    {
        // Binary task: class = bit 0 of r, with one positive in three rows so accuracy and F1 differ.
        static int Label(int r) => r % 3 == 0 ? 1 : 0;
        var (train, y) = CcfsTestData.Make(300, 1, labelsOverride: Label);
        var (dev, yDev) = CcfsTestData.Make(150, 2, labelsOverride: Label);
        var (test, yTest) = CcfsTestData.Make(150, 3, labelsOverride: Label);
        var options = new CcfsOptions
        {
            Metric = ProbeMetric.F1, Stages = CcfsStage.None | CcfsStage.Lca, Probe = CcfsTestData.FastProbe, Seed = 3,
            MinimalSet = new() { Grid = [0.05, 0.1, 0.5] },
        };
        var report = new CcfsPipeline(options).Run(train, y, dev, yDev, test, yTest);

        // The oracle row's scores are the F1 of a probe trained with the same seed on all neurons.
        var probe = new ManagedElasticNetProbe(CcfsTestData.FastProbe with { Seed = 3 });
        var oracle = Baselines.Oracle(probe, PositionalShims.Data(train, y, dev, yDev, test, yTest), ProbeMetric.F1);
        Assert.That(report.Oracle.DevScore, Is.EqualTo(oracle.DevScore).Within(1e-12));
        Assert.That(report.Oracle.TestScore, Is.EqualTo(oracle.TestScore).Within(1e-12));
        var predicted = oracle.Probe!.Probe.Predict(test);
        Assert.That(oracle.TestScore, Is.EqualTo(Metrics.BinaryF1(predicted, yTest)).Within(1e-12));
        Assert.That(oracle.TestScore, Is.Not.EqualTo(Metrics.Accuracy(predicted, yTest)));
        // None predicts the majority class 0 everywhere: F1 of the positive class is 0 (accuracy would be 2/3).
        Assert.That(report.None!.DevScore, Is.Zero);
        Assert.That(report.None.TestScore, Is.Zero);
        // The LCA grid search compares F1 scores with the F1 base.
        var grid = report.GridSearches.Single();
        Assert.That(grid.BaseDevScore, Is.EqualTo(report.Oracle.DevScore).Within(1e-12));
        Assert.That(report.Options.Metric, Is.EqualTo(ProbeMetric.F1));
        Assert.That(CcfsOptions.FromJson(report.Options.ToJson()).Metric, Is.EqualTo(ProbeMetric.F1));
        Assert.That(CcfsOptions.FromJson("""{ "metric": "macroF1" }""").Metric, Is.EqualTo(ProbeMetric.MacroF1));
    }
}
