using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CodeNeurons.Analysis;
using CodeNeurons.Formats;
using CodeNeurons.Interpretation;
using CodeNeurons.Torch.Analysis;

namespace CodeNeurons.Cli;

/// <summary><c>codeneurons probe</c>: an elastic-net linear probe, the neuron ordering and top-k retraining / ablation (<see cref="ProbeRunner"/>).</summary>
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
        var topk = new Option<string?>("--top-k") { Description = "Comma list of k (each at most the neuron count) for retraining on / keeping only the top-k neurons; default 10,50,100 where they fit." };
        var percentage = new Option<double>("--top-percentage") { DefaultValueFactory = _ => 0.05, Description = "get_top_neurons' share of each class's weight mass." };
        var output = new Option<string>("--output", "-o") { DefaultValueFactory = _ => "probe.json", Description = "Where to write probe.json." };
        var save = new Option<string?>("--save-probe") { Description = "Also save the trained probe (LinearProbe JSON) here." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print nothing but errors." };
        var command = new Command("probe", "Train an elastic-net linear probe on activations and rank neurons (NeuroX's linear probe, with top-k retraining and ablation).")
        {
            activations, labels, tokens, l1, l2, epochs, batch, lr, testFraction, devFraction, patience, noShuffle, seed, device, impl, topk, percentage, output, save, quiet,
        };
        command.SetAction((p, ct) => Task.FromResult(Program.Guard(() =>
        {
            var clock = Stopwatch.StartNew();
            var options = new ProbeRunOptions
            {
                Activations = p.GetValue(activations)!, Labels = p.GetValue(labels), Tokens = p.GetValue(tokens),
                TestFraction = p.GetValue(testFraction), DevFraction = p.GetValue(devFraction),
                Probe = new ProbeOptions { L1 = p.GetValue(l1), L2 = p.GetValue(l2), Epochs = p.GetValue(epochs), BatchSize = p.GetValue(batch), LearningRate = p.GetValue(lr), Seed = p.GetValue(seed), Patience = p.GetValue(patience), Shuffle = !p.GetValue(noShuffle) },
                Device = p.GetValue(device)!, Implementation = p.GetValue(impl), TopK = p.GetValue(topk) is { } k ? ParseK(k) : null, TopPercentage = p.GetValue(percentage),
            };
            string path = p.GetValue(output)!;
            options.Validate();
            foreach (var (option, target) in new[] { ("--output", path), ("--save-probe", p.GetValue(save)) })
                if (target is not null) OutputGuard.EnsureNotInput(target, option, ("--activations", options.Activations), ("--labels", options.Labels), ("--tokens", options.Tokens));
            var outputDir = Path.GetDirectoryName(Path.GetFullPath(path))!;
            if (!Directory.Exists(outputDir)) throw new DirectoryNotFoundException($"The output folder '{outputDir}' does not exist (--output {path}).");
            var r = ProbeRunner.Run(options, ct);
            if (p.GetValue(save) is { } probePath) r.Fit.Probe.Save(probePath);
            r.Save(path, clock.Elapsed.TotalSeconds);
            if (!p.GetValue(quiet))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Neurons} neurons, {r.ClassNames.Count} classes; train {r.Rows.Train}, dev {r.Rows.Dev}, test {r.Rows.Test} rows; {options.Implementation} probe, {r.Fit.EpochsRun} epochs in {r.TimingsSeconds["train"]:F1} s."));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  train accuracy {r.TrainAccuracy:F3}, test accuracy {r.TestAccuracy:F3}"));
                foreach (var t in r.TopK)
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  top {t.K,5}: retrained {t.RetrainedTestAccuracy:F3}, others zeroed {t.ZeroOthersTestAccuracy:F3}"));
                Console.WriteLine($"Wrote {path}.");
            }
            return 0;
        })));
        return command;
    }

    internal static int[] ParseK(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(t =>
        int.TryParse(t.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int k) && k > 0 ? k : throw new ArgumentException($"--top-k: '{t.Trim()}' is not a positive integer.")).ToArray();
}
