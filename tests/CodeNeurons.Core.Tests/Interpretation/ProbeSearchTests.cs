using CodeNeurons.Data;
using CodeNeurons.Interpretation;
using CodeNeurons.Tests.Analysis;

namespace CodeNeurons.Tests.Interpretation;

public class ProbeSearchTests
{
    private static (LabeledActivations Train, LabeledActivations Dev) Task()
    {
        var (train, y) = CcfsTestData.Make(160, 1);
        var (dev, yDev) = CcfsTestData.Make(80, 2);
        var labels = ClassLabels.FromIds(y);
        return (new LabeledActivations(train, labels), new LabeledActivations(dev, ClassLabels.FromIds(yDev, labels.ClassNames)));
    }

    [Test]
    public void SearchTrainsEveryGridPointAndRestartAndKeepsTheBestDevScore()
    {
        var (train, dev) = Task();
        var options = new ProbeSearchOptions { L1 = [0, 0.1], L2 = [0, 1], Restarts = 2, Probe = CcfsTestData.FastProbe with { Epochs = 3 } };
        var result = new ProbeSearch(options).Search(train, dev);
        Assert.That(result.Candidates, Has.Count.EqualTo(8));
        Assert.That(result.Candidates.Select(c => (c.Restart, c.L1, c.L2)).Take(4), Is.EqualTo(new[] { (0, 0.0, 0.0), (0, 0.0, 1.0), (0, 0.1, 0.0), (0, 0.1, 1.0) }));
        Assert.That(result.Candidates.Select(c => c.Seed).Distinct().Count(), Is.EqualTo(2), "one seed per restart");
        double max = result.Candidates.Max(c => c.DevScore);
        Assert.That(result.Best.DevScore, Is.EqualTo(max));
        Assert.That(result.BestIndex, Is.EqualTo(result.Candidates.ToList().FindIndex(c => c.DevScore == max)), "ties keep the first");
        // Each candidate's score is its probe's dev accuracy; the same seed repeats the search.
        var c0 = result.Candidates[0];
        Assert.That(c0.DevScore, Is.EqualTo(Metrics.Accuracy(c0.Result.Probe.Predict(dev.Activations), dev.Labels.Ids)));
        var again = new ProbeSearch(options).Search(train, dev);
        Assert.That(again.Candidates.Select(c => c.DevScore), Is.EqualTo(result.Candidates.Select(c => c.DevScore)));
        // Fit returns the winner; ProbeFor rebuilds a single probe with its λs and seed.
        var fit = new ProbeSearch(options).Fit(train, dev);
        Assert.That(fit.Probe.GetWeights(), Is.EqualTo(result.Best.Result.Probe.GetWeights()));
        var single = new ProbeSearch(options).ProbeFor(result.Best).Fit(train, dev);
        Assert.That(single.Probe.GetWeights(), Is.EqualTo(result.Best.Result.Probe.GetWeights()));
    }

    [Test]
    public void SearchNeedsDevAndValidOptions()
    {
        var (train, _) = Task();
        Assert.Throws<ArgumentException>(() => new ProbeSearch().Fit(train));
        Assert.Throws<ArgumentException>(() => new ProbeSearch(new ProbeSearchOptions { L1 = [] }));
        Assert.Throws<ArgumentException>(() => new ProbeSearch(new ProbeSearchOptions { L2 = [1e-5, 1e-5] }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProbeSearch(new ProbeSearchOptions { Restarts = 0 }));
        Assert.Throws<NotSupportedException>(() => new ProbeSearch().FitRegression(train.Activations, new double[train.Rows]));
    }

    [Test]
    public void EarlyStoppingOnDevAccuracyStopsWhenAccuracyStallsThoughTheLossStillFalls()
    {
        var (train, dev) = Task();
        // A tiny SGD step: the dev loss falls a little every epoch, the dev accuracy does not move.
        var slow = new ProbeOptions { Optimizer = ProbeOptimizer.Sgd, LearningRate = 1e-7, Epochs = 20, Patience = 2, Seed = 1 };
        var onAccuracy = new ManagedElasticNetProbe(slow with { StopOn = EarlyStopping.DevAccuracy }).Fit(train, dev);
        var onLoss = new ManagedElasticNetProbe(slow).Fit(train, dev);
        Assert.That(onAccuracy.StoppedEarly, Is.True);
        Assert.That(onAccuracy.EpochsRun, Is.EqualTo(3), "epoch 1 sets the best accuracy; epochs 2 and 3 do not beat it");
        Assert.That(onAccuracy.BestEpoch, Is.EqualTo(1));
        Assert.That(onLoss.EpochsRun, Is.EqualTo(20));
        Assert.Throws<ArgumentException>(() => new ManagedElasticNetProbe(slow with { StopOn = EarlyStopping.DevAccuracy }).FitRegression(train.Activations, new double[train.Rows]));
    }
}
