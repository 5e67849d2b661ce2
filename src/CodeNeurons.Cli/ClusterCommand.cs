using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CodeNeurons.Redundancy;
using CodeNeurons.Data;
using CodeNeurons.Formats;

namespace CodeNeurons.Cli;

/// <summary><c>codeneurons cluster</c>: correlation clustering of neurons (general redundancy).</summary>
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
        command.SetAction((parse, ct) => Task.FromResult(Program.Guard(() => Run(new Settings(
            parse.GetValue(activations), parse.GetValue(synthetic), ParseThresholds(parse.GetValue(thresholds)!), parse.GetValue(linkage), parse.GetValue(signed),
            parse.GetValue(seed), parse.GetValue(representative), parse.GetValue(device)!, parse.GetValue(kernel), parse.GetValue(chunkRows),
            parse.GetValue(output)!, parse.GetValue(quiet)), ct))));
        return command;
    }

    internal sealed record Settings(string? Activations, bool Synthetic, double[] Thresholds, LinkageMethod Linkage, bool Signed, int Seed,
        RepresentativeSelection Representative, string Device, KernelChoice Kernel, int ChunkRows, string Output, bool Quiet);

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

    internal static int Run(Settings s, CancellationToken ct)
    {
        var total = Stopwatch.StartNew();
        var options = new CorrelationClusteringOptions
        {
            Thresholds = s.Thresholds,
            Linkage = s.Linkage,
            Signed = s.Signed,
            Representative = s.Representative,
            Seed = s.Seed,
            ChunkRows = s.ChunkRows,
        };
        options.Validate();
        OutputGuard.EnsureNotInput(s.Output, "--output", ("--activations", s.Activations));
        var outputDir = Path.GetDirectoryName(Path.GetFullPath(s.Output))!;
        if (!Directory.Exists(outputDir))
            throw new DirectoryNotFoundException($"The output folder '{outputDir}' does not exist (--output {s.Output}).");

        var kernel = KernelFactory.Create(s.Kernel, s.Device);
        var clustering = new CorrelationClustering(options, kernel);
        CorrelationClusteringResult result;
        IReadOnlyList<IReadOnlyList<int>>? planted = null;
        var open = Stopwatch.StartNew();
        if (s.Activations is not null && s.Synthetic)
            throw new ArgumentException("Give either --activations or --synthetic, not both.");
        if (s.Activations is null && !s.Synthetic)
        {
            using var source = CodeNeurons.Torch.Extraction.TransformerActivationSource.LoadMiniLm(new() { Device = s.Device.StartsWith("cuda", StringComparison.OrdinalIgnoreCase) ? s.Device : "cpu" });
            var corpus = ExtractCommand.ReadInput(null);
            var acts = CodeNeurons.Data.ActivationSourceExtensions.Extract(source, corpus, null, ct);
            if (!s.Quiet)
                Console.WriteLine($"No --activations given: extracted the embedded all-MiniLM-L6-v2 over the built-in sample ({corpus.Count} Java/Python snippets, {acts.Rows} tokens × {acts.Neurons} neurons, {acts.Layout.Layers} layers × {acts.Layout.NeuronsPerLayer}) in {open.Elapsed.TotalSeconds:F1} s.");
            using var stream = acts.OpenStream();
            double openSeconds = open.Elapsed.TotalSeconds;
            result = clustering.Cluster(stream, null, ct);
            ((Dictionary<string, double>)result.TimingsSeconds)["open"] = openSeconds;
        }
        else if (s.Activations is null)
        {
            var example = SyntheticActivations.Create();
            planted = example.Groups;
            if (!s.Quiet)
                Console.WriteLine($"--synthetic: clustering the built-in synthetic activations ({example.Activations.Rows} tokens × {example.Activations.Neurons} neurons, {planted.Count} planted groups of near-duplicate neurons).");
            using var stream = example.Activations.OpenStream();
            double openSeconds = open.Elapsed.TotalSeconds;
            result = clustering.Cluster(stream, null, ct);
            ((Dictionary<string, double>)result.TimingsSeconds)["open"] = openSeconds;
        }
        else
        {
            using var stream = ActivationFile.OpenStream(s.Activations);
            double openSeconds = open.Elapsed.TotalSeconds;
            result = clustering.Cluster(stream, s.Quiet ? null : new SynchronousProgress<ClusteringProgress>(p => Console.Error.WriteLine($"  {p.Stage}: {p.RowsProcessed}/{p.TotalRows?.ToString(CultureInfo.InvariantCulture) ?? "?"} rows")), ct);
            ((Dictionary<string, double>)result.TimingsSeconds)["open"] = openSeconds;
        }

        var write = Stopwatch.StartNew();
        IoUtil.WriteAtomically(s.Output, (FileStream stream) => WriteResult(stream, result, s, kernel.Name, total, write));
        if (!s.Quiet)
        {
            Console.WriteLine($"{result.NeuronIds.Count} neurons, {result.Rows} tokens, {s.Linkage} linkage on {(s.Signed ? "1 − r" : "1 − |r|")}, {kernel.Name} kernel:");
            Console.WriteLine("  threshold  clusters  kept");
            foreach (var cut in result.Cuts)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {cut.Threshold,9:0.###}  {cut.ClusterCount,8}  {100.0 * cut.ClusterCount / result.NeuronIds.Count,5:0.0}%"));
            if (planted is not null)
            {
                int at = Array.FindIndex(s.Thresholds, t => Math.Abs(t - 0.5) < 1e-12);
                if (at >= 0)
                {
                    var labels = result.Cuts[at].Labels;
                    bool exact = PlantedRecovered(labels, planted);
                    Console.WriteLine(exact
                        ? $"  at 0.5 every planted group is exactly one cluster and every other neuron a singleton."
                        : $"  at 0.5 the clusters differ from the planted groups.");
                }
            }
            Console.WriteLine($"Wrote {s.Output} in {total.Elapsed.TotalSeconds:F2} s.");
        }
        return 0;
    }

    private static bool PlantedRecovered(IReadOnlyList<int> labels, IReadOnlyList<IReadOnlyList<int>> planted)
    {
        var expected = Enumerable.Range(0, labels.Count).Select(i => -1 - i).ToArray();
        for (int g = 0; g < planted.Count; g++) foreach (int m in planted[g]) expected[m] = g;
        var map = new Dictionary<int, int>();
        var back = new Dictionary<int, int>();
        for (int i = 0; i < labels.Count; i++)
        {
            if (map.TryGetValue(labels[i], out var e) ? e != expected[i] : back.ContainsKey(expected[i])) return false;
            map[labels[i]] = expected[i];
            back[expected[i]] = labels[i];
        }
        return true;
    }

    private static void WriteResult(Stream stream, CorrelationClusteringResult result, Settings s, string kernelName, Stopwatch total, Stopwatch write)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false });
        json.WriteStartObject();
        json.WriteNumber("neurons", result.NeuronIds.Count);
        json.WriteNumber("tokens", result.Rows);
        json.WriteString("linkage", s.Linkage.ToString().ToLowerInvariant());
        json.WriteString("distance", s.Signed ? "1-r" : "1-|r|");
        json.WriteString("kernel", kernelName);
        json.WriteStartArray("neuron_ids");
        foreach (int id in result.NeuronIds) json.WriteNumberValue(id);
        json.WriteEndArray();
        json.WriteStartArray("results");
        foreach (var cut in result.Cuts)
        {
            json.WriteStartObject();
            json.WriteNumber("threshold", cut.Threshold);
            json.WriteNumber("cluster_count", cut.ClusterCount);
            json.WriteStartArray("labels");
            foreach (int l in cut.Labels) json.WriteNumberValue(l);
            json.WriteEndArray();
            json.WriteStartArray("representatives");
            foreach (int r in cut.Representatives) json.WriteNumberValue(r);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartObject("timings_s");
        foreach (var (stage, seconds) in result.TimingsSeconds) json.WriteNumber(stage, Math.Round(seconds, 4));
        json.WriteNumber("write", Math.Round(write.Elapsed.TotalSeconds, 4));
        json.WriteNumber("total", Math.Round(total.Elapsed.TotalSeconds, 4));
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
