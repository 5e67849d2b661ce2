using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CodeNeurons.Data;
using CodeNeurons.Interpretation;
using CodeNeurons.Formats;
using CodeNeurons.Torch.Interpretation;

namespace CodeNeurons.Cli;

/// <summary>Which probe implementation <c>probe</c> trains.</summary>
public enum ProbeImplementation
{
    /// <summary>The TorchSharp probe (CPU or CUDA).</summary>
    Torch,

    /// <summary>The managed float64 probe (CPU).</summary>
    Managed,
}

/// <summary><c>codeneurons probe</c>: an elastic-net linear probe, the neuron ordering and top-k retraining / ablation.</summary>
internal static class ProbeCommand
{
    public static Command Create()
    {
        var activations = new Option<string>("--activations", "-a") { Description = "NeuroX .json/.hdf5 activations or a raw folder (labels from its y.i32).", Required = true };
        var labels = new Option<string?>("--labels") { Description = "NeuroX .label file (one label per token, lines parallel to the activations' sentences)." };
        var tokens = new Option<string?>("--tokens") { Description = "NeuroX .in file, checked against the activations' tokens and the labels." };
        var l1 = new Option<double>("--l1") { Description = "λ1 (Σ|W|).", DefaultValueFactory = _ => 1e-3 };
        var l2 = new Option<double>("--l2") { Description = "λ2 (‖W‖_F, not squared).", DefaultValueFactory = _ => 1e-3 };
        var epochs = new Option<int>("--epochs") { DefaultValueFactory = _ => 10, Description = "Training epochs." };
        var batch = new Option<int>("--batch-size") { DefaultValueFactory = _ => 32, Description = "Minibatch size." };
        var lr = new Option<double>("--lr") { DefaultValueFactory = _ => 1e-3, Description = "Adam learning rate." };
        var testFraction = new Option<double>("--test-fraction") { DefaultValueFactory = _ => 0.2, Description = "The last F of the rows, in order, are the test set." };
        var devFraction = new Option<double>("--dev-fraction") { DefaultValueFactory = _ => 0.0, Description = "The last F of the remaining rows are a dev set for early stopping (with --patience)." };
        var patience = new Option<int?>("--patience") { Description = "Early stopping: epochs without dev-loss improvement (needs --dev-fraction)." };
        var noShuffle = new Option<bool>("--no-shuffle") { Description = "Train on the rows in order, as NeuroX does (default: a seeded shuffle each epoch)." };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 0, Description = "Seed of initial weights and shuffling." };
        var device = new Option<string>("--device") { DefaultValueFactory = _ => "cpu", Description = "cpu or cuda (torch implementation)." };
        var impl = new Option<ProbeImplementation>("--implementation") { DefaultValueFactory = _ => ProbeImplementation.Torch, Description = "torch or managed." };
        var topk = new Option<string>("--top-k") { DefaultValueFactory = _ => "10,50,100", Description = "Comma list of k for retraining on / keeping only the top-k neurons." };
        var percentage = new Option<double>("--top-percentage") { DefaultValueFactory = _ => 0.05, Description = "get_top_neurons' share of each class's weight mass." };
        var output = new Option<string>("--output", "-o") { DefaultValueFactory = _ => "probe.json", Description = "Where to write probe.json." };
        var save = new Option<string?>("--save-probe") { Description = "Also save the trained probe (LinearProbe JSON) here." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print nothing but errors." };
        var command = new Command("probe", "Train an elastic-net linear probe on activations and rank neurons (NeuroX's linear probe, with top-k retraining and ablation).")
        {
            activations, labels, tokens, l1, l2, epochs, batch, lr, testFraction, devFraction, patience, noShuffle, seed, device, impl, topk, percentage, output, save, quiet,
        };
        command.SetAction((p, ct) => Task.FromResult(Program.Guard(() => Run(new Settings(
            p.GetValue(activations)!, p.GetValue(labels), p.GetValue(tokens), p.GetValue(testFraction), p.GetValue(devFraction),
            new ProbeOptions { L1 = p.GetValue(l1), L2 = p.GetValue(l2), Epochs = p.GetValue(epochs), BatchSize = p.GetValue(batch), LearningRate = p.GetValue(lr), Seed = p.GetValue(seed), Patience = p.GetValue(patience), Shuffle = !p.GetValue(noShuffle) },
            p.GetValue(device)!, p.GetValue(impl), ParseK(p.GetValue(topk)!), p.GetValue(percentage), p.GetValue(output)!, p.GetValue(save), p.GetValue(quiet)), ct))));
        return command;
    }

    internal sealed record Settings(string Activations, string? Labels, string? Tokens, double TestFraction, double DevFraction, ProbeOptions Options,
        string Device, ProbeImplementation Implementation, int[] TopK, double Percentage, string Output, string? SaveProbe, bool Quiet);

    internal static int[] ParseK(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(t =>
        int.TryParse(t.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int k) && k > 0 ? k : throw new ArgumentException($"--top-k: '{t.Trim()}' is not a positive integer.")).ToArray();

    private static int Run(Settings s, CancellationToken ct)
    {
        var total = Stopwatch.StartNew();
        foreach (var o in new[] { ("--output", s.Output), ("--save-probe", s.SaveProbe) }) if (o.Item2 is not null) OutputGuard.EnsureNotInput(o.Item2, o.Item1, ("--activations", s.Activations), ("--labels", s.Labels), ("--tokens", s.Tokens));
        var timings = new Dictionary<string, double>();
        s.Options.Validate();
        if (!(s.TestFraction > 0 && s.TestFraction < 1)) throw new ArgumentException($"--test-fraction {s.TestFraction} must be in (0, 1).");
        if (!(s.DevFraction >= 0 && s.DevFraction < 1)) throw new ArgumentException($"--dev-fraction {s.DevFraction} must be in [0, 1).");
        if (s.Options.Patience is not null && s.DevFraction == 0) throw new ArgumentException("--patience needs a dev set: give --dev-fraction.");
        var outputDir = Path.GetDirectoryName(Path.GetFullPath(s.Output))!;
        if (!Directory.Exists(outputDir)) throw new DirectoryNotFoundException($"The output folder '{outputDir}' does not exist (--output {s.Output}).");

        var clock = Stopwatch.StartNew();
        var acts = ActivationFile.Load(s.Activations);
        var (y, classes) = ReadLabels(s, acts);
        foreach (int k in s.TopK) if (k > acts.Neurons) throw new ArgumentException($"--top-k {k} is above the {acts.Neurons} neurons of {s.Activations}; give values from 1 to {acts.Neurons}.");
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

        IConceptProbe Probe() => s.Implementation == ProbeImplementation.Torch
            ? new TorchElasticNetProbe(s.Options, s.Device)
            : s.Device == "cpu" ? new ManagedElasticNetProbe(s.Options) : throw new ArgumentException("--implementation managed runs on the CPU only.");

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
        var top = WeightMassRanking.TopNeurons(weights, probe.NeuronIds, s.Percentage, classes);
        timings["rankings"] = clock.Elapsed.TotalSeconds;

        clock.Restart();
        var topk = new List<(int K, int[] Neurons, double Retrained, double ZeroOthers)>();
        foreach (int k in s.TopK.Where(k => k <= acts.Neurons))
        {
            ct.ThrowIfCancellationRequested();
            var keep = ordering.Top(k);
            var retrained = Probe().Fit(Ablation.KeepNeurons(train, keep), yTrain, dev is null ? null : Ablation.KeepNeurons(dev, keep), yDev, null, ct).Probe;
            double retrainedAcc = Metrics.Accuracy(retrained.Predict(Ablation.KeepNeurons(test, keep)), yTest);
            double zeroAcc = Metrics.Accuracy(probe.Predict(Ablation.ZeroAllBut(test, keep)), yTest);
            topk.Add((k, keep, retrainedAcc, zeroAcc));
        }
        timings["topk"] = clock.Elapsed.TotalSeconds;

        if (s.SaveProbe is not null) probe.Save(s.SaveProbe);
        IoUtil.WriteAtomically(s.Output, (FileStream fs) =>
        {
            using var w = new Utf8JsonWriter(fs);
            w.WriteStartObject();
            w.WriteNumber("train_accuracy", trainAcc);
            w.WriteNumber("test_accuracy", testAcc);
            w.WriteStartObject("per_class_test_accuracy");
            for (int c = 0; c < classes.Count; c++)
            {
                if (double.IsNaN(perClass[c])) w.WriteNull(classes[c]);
                else w.WriteNumber(classes[c], perClass[c]);
            }
            w.WriteEndObject();
            w.WriteStartArray("ordering");
            foreach (int id in ordering.NeuronIds) w.WriteNumberValue(id);
            w.WriteEndArray();
            w.WriteStartObject("top_neurons");
            foreach (var c in top.PerClass)
            {
                w.WriteStartArray(c.ClassName);
                foreach (int id in c.NeuronIds) w.WriteNumberValue(id);
                w.WriteEndArray();
            }
            w.WriteEndObject();
            w.WriteStartArray("topk");
            foreach (var t in topk)
            {
                w.WriteStartObject();
                w.WriteNumber("k", t.K);
                w.WriteStartArray("neurons");
                foreach (int id in t.Neurons) w.WriteNumberValue(id);
                w.WriteEndArray();
                w.WriteNumber("retrained_test_accuracy", t.Retrained);
                w.WriteNumber("zero_out_others_test_accuracy", t.ZeroOthers);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteNumber("train_rows", trainRows);
            w.WriteNumber("dev_rows", devRows);
            w.WriteNumber("test_rows", testRows);
            w.WriteNumber("epochs_run", fit.EpochsRun);
            w.WriteString("implementation", s.Implementation.ToString().ToLowerInvariant());
            w.WriteStartObject("timings_s");
            foreach (var (stage, sec) in timings) w.WriteNumber(stage, Math.Round(sec, 4));
            w.WriteNumber("total", Math.Round(total.Elapsed.TotalSeconds, 4));
            w.WriteEndObject();
            w.WriteEndObject();
        });
        if (!s.Quiet)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{acts.Neurons} neurons, {classes.Count} classes; train {trainRows}, dev {devRows}, test {testRows} rows; {s.Implementation} probe, {fit.EpochsRun} epochs in {timings["train"]:F1} s."));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  train accuracy {trainAcc:F3}, test accuracy {testAcc:F3}"));
            foreach (var t in topk)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  top {t.K,5}: retrained {t.Retrained:F3}, others zeroed {t.ZeroOthers:F3}"));
            Console.WriteLine($"Wrote {s.Output}.");
        }
        return 0;
    }

    private static (int[] Labels, IReadOnlyList<string> Classes) ReadLabels(Settings s, ActivationSet acts)
    {
        var labels = RowLabels.Read(s.Activations, s.Labels, s.Tokens, acts, "--labels is needed unless --activations is a raw folder with y.i32.");
        return (labels.Ids(), labels.Classes);
    }
}
