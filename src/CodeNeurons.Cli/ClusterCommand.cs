using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CodeNeurons.Formats;
using CodeNeurons.Redundancy;
using CodeNeurons.Torch;
using CodeNeurons.Torch.Analysis;

namespace CodeNeurons.Cli;

/// <summary><c>codeneurons cluster</c>: correlation clustering of neurons (general redundancy, <see cref="ClusterRunner"/>).</summary>
internal static class ClusterCommand
{
    public static Command Create()
    {
        var activations = new Option<string?>("--activations", "-a") { Description = "NeuroX activations: a .json/.jsonl or .hdf5/.h5 file, or a raw folder (X.f32 + meta.json). Omit for the embedded default: all-MiniLM-L6-v2 over the built-in Java/Python sample." };
        var synthetic = new Option<bool>("--synthetic") { Description = "Cluster the built-in synthetic activations with planted groups of near-duplicate neurons (and check they are recovered at 0.5)." };
        var thresholds = new Option<string>("--thresholds", "-t") { Description = "Distance thresholds: a comma list (0.1,0.3,0.5) or a range start:stop:step (0.1:0.9:0.1).", DefaultValueFactory = _ => "0.1:0.9:0.1" };
        var linkage = new Option<LinkageMethod>("--linkage") { Description = "Linkage: average, complete or single.", DefaultValueFactory = _ => LinkageMethod.Average };
        var signed = new Option<bool>("--signed") { Description = "Use the signed distance 1 − r instead of 1 − |r|." };
        var seed = new Option<int>("--seed") { Description = "Seed for --representative random.", DefaultValueFactory = _ => 0 };
        var representative = new Option<RepresentativeSelection>("--representative") { Description = "How each cluster's representative is chosen: medoid, random (seeded) or lowest.", DefaultValueFactory = _ => RepresentativeSelection.Medoid };
        var device = new Option<string>("--device") { Description = "cpu or cuda (cuda needs TorchSharp-cuda-linux and a GPU).", DefaultValueFactory = _ => "cpu" };
        var kernel = new Option<KernelChoice>("--kernel") { Description = "Gram kernel: auto (fastest for the device), managed or torch.", DefaultValueFactory = _ => KernelChoice.Auto };
        var chunkRows = new Option<int>("--chunk-rows") { Description = "Rows per chunk when accumulating correlations (memory is one chunk).", DefaultValueFactory = _ => 4096 };
        var output = new Option<string>("--output", "-o") { Description = "Where to write result.json.", DefaultValueFactory = _ => "result.json" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print nothing but errors." };

        var command = new Command("cluster", "Correlation clustering of neurons (Dalvi et al. 2020): one hierarchy, cut at every threshold; writes result.json.")
        {
            activations, synthetic, thresholds, linkage, signed, seed, representative, device, kernel, chunkRows, output, quiet,
        };
        command.SetAction((parse, ct) => Task.FromResult(Program.Guard(() =>
        {
            var total = Stopwatch.StartNew();
            var options = new ClusterRunOptions
            {
                Activations = parse.GetValue(activations), Synthetic = parse.GetValue(synthetic), Device = parse.GetValue(device)!, Kernel = parse.GetValue(kernel),
                Clustering = new CorrelationClusteringOptions
                {
                    Thresholds = ParseThresholds(parse.GetValue(thresholds)!), Linkage = parse.GetValue(linkage), Signed = parse.GetValue(signed),
                    Representative = parse.GetValue(representative), Seed = parse.GetValue(seed), ChunkRows = parse.GetValue(chunkRows),
                },
            };
            string path = parse.GetValue(output)!;
            options.Clustering.Validate();
            var outputDir = Path.GetDirectoryName(Path.GetFullPath(path))!;
            if (!Directory.Exists(outputDir)) throw new DirectoryNotFoundException($"The output folder '{outputDir}' does not exist (--output {path}).");
            OutputGuard.EnsureNotInput(path, "--output", ("--activations", options.Activations));
            var progress = parse.GetValue(quiet) ? null : new SynchronousProgress<ClusteringProgress>(p =>
                Console.Error.WriteLine($"  {p.Stage}: {p.RowsProcessed}/{p.TotalRows?.ToString(CultureInfo.InvariantCulture) ?? "?"} rows"));
            var run = ClusterRunner.Run(options, progress, ct);
            run.Save(path, total.Elapsed.TotalSeconds);
            if (!parse.GetValue(quiet)) Print(run, path, total);
            return 0;
        })));
        return command;
    }

    /// <summary>Parses "0.1,0.2" or "start:stop:step" (inclusive, rounded to the step's decimals).</summary>
    internal static double[] ParseThresholds(string text)
    {
        text = text.Trim();
        if (text.Length == 0) throw new ArgumentException("--thresholds is empty; give e.g. 0.1,0.5 or 0.1:0.9:0.1.");
        double Parse(string s) => double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
            ? v : throw new ArgumentException($"--thresholds: '{s.Trim()}' is not a number.");
        if (text.Contains(':'))
        {
            var parts = text.Split(':');
            if (parts.Length != 3) throw new ArgumentException($"--thresholds: '{text}' is not start:stop:step.");
            double start = Parse(parts[0]), stop = Parse(parts[1]), step = Parse(parts[2]);
            if (step <= 0) throw new ArgumentException($"--thresholds: step {step} must be positive.");
            if (stop < start) throw new ArgumentException($"--thresholds: stop {stop} is below start {start}.");
            int decimals = Math.Max(DecimalsOf(parts[0]), DecimalsOf(parts[2]));
            int count = (int)Math.Floor((stop - start) / step + 1e-9) + 1;
            if (count > 10000) throw new ArgumentException($"--thresholds: {count} thresholds is too many (at most 10000).");
            return Enumerable.Range(0, count).Select(k => Math.Round(start + k * step, decimals)).ToArray();
        }
        return text.Split(',').Select(Parse).ToArray();

        static int DecimalsOf(string s) { int i = s.Trim().IndexOf('.'); return i < 0 ? 0 : s.Trim().Length - i - 1; }
    }

    private static void Print(ClusterRunResult run, string path, Stopwatch total)
    {
        var (result, c) = (run.Result, run.Options.Clustering);
        if (run.InputSummary is not null) Console.WriteLine(run.InputSummary);
        Console.WriteLine($"{result.NeuronIds.Count} neurons, {result.Rows} tokens, {c.Linkage} linkage on {(c.Signed ? "1 − r" : "1 − |r|")}, {run.KernelName} kernel:");
        Console.WriteLine("  threshold  clusters  kept");
        foreach (var cut in result.Cuts)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {cut.Threshold,9:0.###}  {cut.ClusterCount,8}  {100.0 * cut.ClusterCount / result.NeuronIds.Count,5:0.0}%"));
        if (run.PlantedRecovered is bool exact)
            Console.WriteLine(exact
                ? "  at 0.5 every planted group is exactly one cluster and every other neuron a singleton."
                : "  at 0.5 the clusters differ from the planted groups.");
        Console.WriteLine($"Wrote {path} in {total.Elapsed.TotalSeconds:F2} s.");
    }
}
