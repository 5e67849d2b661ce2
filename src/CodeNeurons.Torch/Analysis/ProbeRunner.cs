using System.Diagnostics;
using CodeNeurons.Analysis;
using CodeNeurons.Formats;
using CodeNeurons.Interpretation;
using CodeNeurons.Torch.Interpretation;

namespace CodeNeurons.Torch.Analysis;

/// <summary>
/// NeuroX's linear-probe workflow (<c>codeneurons probe</c>): loads activations and labels, splits the rows in order
/// (train, dev, test), trains an elastic-net probe, ranks neurons by weight mass, and retrains on / keeps only the top k.
/// </summary>
/// <remarks>Dalvi et al., <i>What Is One Grain of Sand in the Desert?</i> (AAAI 2019); NeuroX (Dalvi et al. 2023).</remarks>
public static class ProbeRunner
{
    /// <summary>Runs the workflow.</summary>
    /// <param name="options">Settings (validated first).</param>
    /// <param name="cancellationToken">Cancels between and inside trainings.</param>
    /// <returns>Accuracies, rankings and top-k rows.</returns>
    /// <exception cref="ArgumentException">An invalid setting, too few rows, a class without training rows.</exception>
    public static ProbeRunResult Run(ProbeRunOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var s = options;
        var ct = cancellationToken;
        var timings = new Dictionary<string, double>();
        var clock = Stopwatch.StartNew();
        var acts = ActivationFile.Load(s.Activations);
        var labels = ActivationLabels.Read(s.Activations, s.Labels, s.Tokens, acts, null, "--labels is needed unless --activations is a raw folder with y.i32.");
        foreach (int k in s.TopK ?? [])
            if (k > acts.Neurons) throw new ArgumentException($"--top-k {k} is above the {acts.Neurons} neurons of {s.Activations}; give values from 1 to {acts.Neurons}.");
        int[] topKs = s.TopK?.ToArray() ?? new[] { 10, 50, 100 }.Where(k => k <= acts.Neurons).ToArray();
        var y = labels.Ids.ToArray();
        var classes = labels.ClassNames;
        timings["load"] = clock.Elapsed.TotalSeconds;

        int testRows = (int)Math.Round(acts.Rows * s.TestFraction);
        int trainAll = acts.Rows - testRows;
        int devRows = (int)Math.Round(trainAll * s.DevFraction);
        int trainRows = trainAll - devRows;
        if (trainRows < 1 || testRows < 1) throw new ArgumentException($"{acts.Rows} rows leave {trainRows} for training and {testRows} for testing; both must be at least 1.");
        var train = acts.SelectRows(0, trainRows);
        var dev = devRows > 0 ? acts.SelectRows(trainRows, devRows) : null;
        var test = acts.SelectRows(trainAll, testRows);
        var yTrain = y[..trainRows];
        var yDev = devRows > 0 ? y[trainRows..trainAll] : null;
        var yTest = y[trainAll..];
        var missing = Enumerable.Range(0, classes.Count).Where(c => !yTrain.Contains(c)).Select(c => classes[c]).ToList();
        if (missing.Count > 0) throw new ArgumentException($"Class(es) {string.Join(", ", missing)} have no training rows (they occur only in the test or dev part).");

        IConceptProbe Probe() => s.Implementation == ProbeImplementation.Torch ? new TorchElasticNetProbe(s.Probe, s.Device) : new ManagedElasticNetProbe(s.Probe);

        clock.Restart();
        var fit = Probe().Fit(train, yTrain, dev, yDev, null, ct);
        timings["train"] = clock.Elapsed.TotalSeconds;
        var probe = fit.Probe;
        double trainAcc = Metrics.Accuracy(probe.Predict(train), yTrain);
        var predicted = probe.Predict(test);
        double testAcc = Metrics.Accuracy(predicted, yTest);
        var perClass = Metrics.PerClassAccuracy(predicted, yTest, classes.Count);

        clock.Restart();
        var weights = probe.GetWeights();
        var ordering = WeightMassRanking.Ordering(weights, probe.NeuronIds);
        var top = WeightMassRanking.TopNeurons(weights, probe.NeuronIds, s.TopPercentage, classes);
        timings["rankings"] = clock.Elapsed.TotalSeconds;

        clock.Restart();
        var topk = new List<ProbeTopK>();
        foreach (int k in topKs)
        {
            ct.ThrowIfCancellationRequested();
            var keep = ordering.Top(k);
            var retrained = Probe().Fit(Ablation.KeepNeurons(train, keep), yTrain, dev is null ? null : Ablation.KeepNeurons(dev, keep), yDev, null, ct).Probe;
            double retrainedAcc = Metrics.Accuracy(retrained.Predict(Ablation.KeepNeurons(test, keep)), yTest);
            double zeroAcc = Metrics.Accuracy(probe.Predict(Ablation.ZeroAllBut(test, keep)), yTest);
            topk.Add(new ProbeTopK(k, keep, retrainedAcc, zeroAcc));
        }
        timings["topk"] = clock.Elapsed.TotalSeconds;
        return new ProbeRunResult
        {
            Options = s, Fit = fit, ClassNames = classes, Neurons = acts.Neurons, Rows = (trainRows, devRows, testRows),
            TrainAccuracy = trainAcc, TestAccuracy = testAcc, PerClassTestAccuracy = perClass, Ordering = ordering, TopNeurons = top,
            TopK = topk, TimingsSeconds = timings,
        };
    }
}
