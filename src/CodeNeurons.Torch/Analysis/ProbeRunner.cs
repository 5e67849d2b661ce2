using System.Diagnostics;
using System.Text.Json;
using CodeNeurons.Analysis;
using CodeNeurons.Data;
using CodeNeurons.Formats;
using CodeNeurons.Interpretation;
using CodeNeurons.Torch.Interpretation;

namespace CodeNeurons.Torch.Analysis;

/// <summary>Settings of <see cref="ProbeRunner.Run"/> (<c>codeneurons probe</c>).</summary>
public sealed record ProbeRunOptions
{
    /// <summary>NeuroX .json/.hdf5 activations or a raw folder (labels from its y.i32).</summary>
    public required string Activations { get; init; }

    /// <summary>A NeuroX .label file (lines parallel to the activations' sentences); null for a raw folder's y.i32.</summary>
    public string? Labels { get; init; }

    /// <summary>A NeuroX .in file checked against the activations' tokens and the labels; null for none.</summary>
    public string? Tokens { get; init; }

    /// <summary>The last F of the rows, in order, are the test set; in (0, 1).</summary>
    public double TestFraction { get; init; } = 0.2;

    /// <summary>The last F of the remaining rows are a dev set for early stopping; in [0, 1).</summary>
    public double DevFraction { get; init; }

    /// <summary>The probe's settings (seed included).</summary>
    public ProbeOptions Probe { get; init; } = new();

    /// <summary>cpu or cuda (the torch implementation).</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>The probe implementation.</summary>
    public ProbeImplementation Implementation { get; init; } = ProbeImplementation.Torch;

    /// <summary>
    /// The k of the top-k retraining and ablation, each from 1 to the neuron count (a larger k is an error); null for
    /// the defaults 10, 50 and 100, those that fit the neuron count.
    /// </summary>
    public IReadOnlyList<int>? TopK { get; init; }

    /// <summary>get_top_neurons' share of each class's weight mass.</summary>
    public double TopPercentage { get; init; } = 0.05;

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentException">An invalid setting, named as the command's option.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Activations)) throw new ArgumentException("--activations is missing.", nameof(Activations));
        Probe.Validate();
        if (!(TestFraction > 0 && TestFraction < 1)) throw new ArgumentException($"--test-fraction {TestFraction} must be in (0, 1).", nameof(TestFraction));
        if (!(DevFraction >= 0 && DevFraction < 1)) throw new ArgumentException($"--dev-fraction {DevFraction} must be in [0, 1).", nameof(DevFraction));
        if (Probe.Patience is not null && DevFraction == 0) throw new ArgumentException("--patience needs a dev set: give --dev-fraction.", nameof(DevFraction));
        if (TopK is not null && (TopK.Count == 0 || TopK.Any(k => k < 1))) throw new ArgumentException("--top-k: every k must be a positive integer.", nameof(TopK));
        if (Implementation == ProbeImplementation.Managed && Device != "cpu") throw new ArgumentException("--implementation managed runs on the CPU only.", nameof(Device));
    }
}

/// <summary>One top-k row: the probe retrained on the top k neurons, and the full probe with the others zeroed.</summary>
/// <param name="K">k.</param>
/// <param name="Neurons">The k neuron ids, best first.</param>
/// <param name="RetrainedTestAccuracy">Test accuracy of a probe retrained on them.</param>
/// <param name="ZeroOthersTestAccuracy">Test accuracy of the full probe with every other neuron zeroed.</param>
public sealed record ProbeTopK(int K, IReadOnlyList<int> Neurons, double RetrainedTestAccuracy, double ZeroOthersTestAccuracy);

/// <summary>What <see cref="ProbeRunner.Run"/> found.</summary>
public sealed record ProbeRunResult
{
    /// <summary>The settings.</summary>
    public required ProbeRunOptions Options { get; init; }

    /// <summary>The trained probe and its training record.</summary>
    public required ProbeResult Fit { get; init; }

    /// <summary>Class names in id order.</summary>
    public required IReadOnlyList<string> ClassNames { get; init; }

    /// <summary>Neurons of the activations.</summary>
    public required int Neurons { get; init; }

    /// <summary>Rows of the train, dev and test parts.</summary>
    public required (int Train, int Dev, int Test) Rows { get; init; }

    /// <summary>Training accuracy.</summary>
    public required double TrainAccuracy { get; init; }

    /// <summary>Test accuracy.</summary>
    public required double TestAccuracy { get; init; }

    /// <summary>Test accuracy per class (NaN for a class without test rows).</summary>
    public required IReadOnlyList<double> PerClassTestAccuracy { get; init; }

    /// <summary>Every neuron, most important first (weight mass).</summary>
    public required NeuronRanking Ordering { get; init; }

    /// <summary>Each class's top neurons.</summary>
    public required TopNeurons TopNeurons { get; init; }

    /// <summary>The top-k rows.</summary>
    public required IReadOnlyList<ProbeTopK> TopK { get; init; }

    /// <summary>Seconds per stage (load, train, rankings, topk).</summary>
    public required IReadOnlyDictionary<string, double> TimingsSeconds { get; init; }

    /// <summary>Writes <c>probe.json</c> (NeuroX-style keys) through a temporary file.</summary>
    /// <param name="path">The output file; its folder must exist.</param>
    /// <param name="totalSeconds">The run's total time to record; null for the stages' sum.</param>
    public void Save(string path, double? totalSeconds = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        AtomicFile.Write(path, (FileStream fs) =>
        {
            using var w = new Utf8JsonWriter(fs);
            w.WriteStartObject();
            w.WriteNumber("train_accuracy", TrainAccuracy);
            w.WriteNumber("test_accuracy", TestAccuracy);
            w.WriteStartObject("per_class_test_accuracy");
            for (int c = 0; c < ClassNames.Count; c++)
            {
                if (double.IsNaN(PerClassTestAccuracy[c])) w.WriteNull(ClassNames[c]);
                else w.WriteNumber(ClassNames[c], PerClassTestAccuracy[c]);
            }
            w.WriteEndObject();
            w.WriteStartArray("ordering");
            foreach (int id in Ordering.NeuronIds) w.WriteNumberValue(id);
            w.WriteEndArray();
            w.WriteStartObject("top_neurons");
            foreach (var c in TopNeurons.PerClass)
            {
                w.WriteStartArray(c.ClassName);
                foreach (int id in c.NeuronIds) w.WriteNumberValue(id);
                w.WriteEndArray();
            }
            w.WriteEndObject();
            w.WriteStartArray("topk");
            foreach (var t in TopK)
            {
                w.WriteStartObject();
                w.WriteNumber("k", t.K);
                w.WriteStartArray("neurons");
                foreach (int id in t.Neurons) w.WriteNumberValue(id);
                w.WriteEndArray();
                w.WriteNumber("retrained_test_accuracy", t.RetrainedTestAccuracy);
                w.WriteNumber("zero_out_others_test_accuracy", t.ZeroOthersTestAccuracy);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteNumber("train_rows", Rows.Train);
            w.WriteNumber("dev_rows", Rows.Dev);
            w.WriteNumber("test_rows", Rows.Test);
            w.WriteNumber("epochs_run", Fit.EpochsRun);
            w.WriteString("implementation", Options.Implementation.ToString().ToLowerInvariant());
            w.WriteStartObject("timings_s");
            foreach (var (stage, sec) in TimingsSeconds) w.WriteNumber(stage, Math.Round(sec, 4));
            w.WriteNumber("total", Math.Round(totalSeconds ?? TimingsSeconds.Values.Sum(), 4));
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }
}

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
