using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CodeNeurons.Concepts;
using CodeNeurons.Data;
using CodeNeurons.Formats;
using CodeNeurons.Redundancy;
using CodeNeurons.Torch.Extraction;

namespace CodeNeurons.Torch.Analysis;

/// <summary>Settings of <see cref="ClusterRunner.Run"/> (<c>codeneurons cluster</c>).</summary>
public sealed record ClusterRunOptions
{
    /// <summary>NeuroX activations (a .json/.jsonl or .hdf5/.h5 file, or a raw folder); null for <see cref="Synthetic"/> or the embedded model over <see cref="CodeCorpus.SampleSnippets"/>.</summary>
    public string? Activations { get; init; }

    /// <summary>Cluster <see cref="SyntheticActivations"/> (planted groups) instead, and check they are recovered at threshold 0.5.</summary>
    public bool Synthetic { get; init; }

    /// <summary>The clustering (thresholds, linkage, representatives, seed).</summary>
    public CorrelationClusteringOptions Clustering { get; init; } = new();

    /// <summary>cpu or cuda.</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>The Gram kernel.</summary>
    public KernelChoice Kernel { get; init; } = KernelChoice.Auto;

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentException">An invalid setting.</exception>
    public void Validate()
    {
        Clustering.Validate();
        if (Activations is not null && Synthetic) throw new ArgumentException("Give either --activations or --synthetic, not both.", nameof(Synthetic));
    }
}

/// <summary>What <see cref="ClusterRunner.Run"/> found.</summary>
public sealed record ClusterRunResult
{
    /// <summary>The settings.</summary>
    public required ClusterRunOptions Options { get; init; }

    /// <summary>The hierarchy and its cuts (timings include "open").</summary>
    public required CorrelationClusteringResult Result { get; init; }

    /// <summary>The kernel's name.</summary>
    public required string KernelName { get; init; }

    /// <summary>What was clustered, in one line, when it was not a file (the synthetic set or the embedded model's run); else null.</summary>
    public string? InputSummary { get; init; }

    /// <summary>With <see cref="ClusterRunOptions.Synthetic"/> and 0.5 among the thresholds: whether every planted group is exactly one cluster there; else null.</summary>
    public bool? PlantedRecovered { get; init; }

    /// <summary>Writes <c>result.json</c> (neurons, tokens, every cut's labels and representatives, timings) through a temporary file.</summary>
    /// <param name="path">The output file; its folder must exist.</param>
    /// <param name="totalSeconds">The run's total time to record; null for the stages' sum.</param>
    public void Save(string path, double? totalSeconds = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var write = Stopwatch.StartNew();
        var c = Options.Clustering;
        AtomicFile.Write(path, (FileStream stream) =>
        {
            using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false });
            json.WriteStartObject();
            json.WriteNumber("neurons", Result.NeuronIds.Count);
            json.WriteNumber("tokens", Result.Rows);
            json.WriteString("linkage", c.Linkage.ToString().ToLowerInvariant());
            json.WriteString("distance", c.Signed ? "1-r" : "1-|r|");
            json.WriteString("kernel", KernelName);
            json.WriteStartArray("neuron_ids");
            foreach (int id in Result.NeuronIds) json.WriteNumberValue(id);
            json.WriteEndArray();
            json.WriteStartArray("results");
            foreach (var cut in Result.Cuts)
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
            foreach (var (stage, seconds) in Result.TimingsSeconds) json.WriteNumber(stage, Math.Round(seconds, 4));
            json.WriteNumber("write", Math.Round(write.Elapsed.TotalSeconds, 4));
            json.WriteNumber("total", Math.Round(totalSeconds ?? Result.TimingsSeconds.Values.Sum() + write.Elapsed.TotalSeconds, 4));
            json.WriteEndObject();
            json.WriteEndObject();
        });
    }
}

/// <summary>
/// Correlation clustering of neurons (<c>codeneurons cluster</c>, Dalvi et al. 2020's general redundancy): a file's
/// activations streamed, the synthetic planted set, or the embedded all-MiniLM-L6-v2 over the built-in sample; one
/// hierarchy cut at every threshold, with the Gram kernel chosen for the device (<see cref="KernelFactory"/>).
/// </summary>
public static class ClusterRunner
{
    /// <summary>Runs the clustering.</summary>
    /// <param name="options">Settings (validated first).</param>
    /// <param name="progress">Receives the clustering's progress (one report per chunk of rows, then per stage).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The result.</returns>
    public static ClusterRunResult Run(ClusterRunOptions options, IProgress<ClusteringProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var kernel = KernelFactory.Create(options.Kernel, options.Device);
        var clustering = new CorrelationClustering(options.Clustering, kernel);
        var open = Stopwatch.StartNew();
        string? summary = null;
        bool? recovered = null;
        CorrelationClusteringResult result;
        if (options.Activations is { } file)
        {
            using var stream = ActivationFile.OpenStream(file);
            result = Cluster(clustering, stream, open, progress, cancellationToken);
        }
        else if (options.Synthetic)
        {
            var example = SyntheticActivations.Create();
            summary = $"--synthetic: clustering the built-in synthetic activations ({example.Activations.Rows} tokens × {example.Activations.Neurons} neurons, {example.Groups.Count} planted groups of near-duplicate neurons).";
            using var stream = example.Activations.OpenStream();
            result = Cluster(clustering, stream, open, progress, cancellationToken);
            int at = options.Clustering.Thresholds.ToList().FindIndex(t => Math.Abs(t - 0.5) < 1e-12);
            if (at >= 0) recovered = PlantedRecovered(result.Cuts[at].Labels, example.Groups);
        }
        else
        {
            using var source = TransformerActivationSource.LoadMiniLm(new() { Device = options.Device.StartsWith("cuda", StringComparison.OrdinalIgnoreCase) ? options.Device : "cpu" });
            var corpus = CodeCorpus.SampleSnippets();
            var acts = source.Extract(corpus, null, cancellationToken);
            summary = string.Create(CultureInfo.InvariantCulture,
                $"No --activations given: extracted the embedded all-MiniLM-L6-v2 over the built-in sample ({corpus.Count} Java/Python snippets, {acts.Rows} tokens × {acts.Neurons} neurons, {acts.Layout.Layers} layers × {acts.Layout.NeuronsPerLayer}) in {open.Elapsed.TotalSeconds:F1} s.");
            using var stream = acts.OpenStream();
            result = Cluster(clustering, stream, open, progress, cancellationToken);
        }
        return new ClusterRunResult { Options = options, Result = result, KernelName = kernel.Name, InputSummary = summary, PlantedRecovered = recovered };
    }

    private static CorrelationClusteringResult Cluster(CorrelationClustering clustering, IActivationStream stream, Stopwatch open, IProgress<ClusteringProgress>? progress, CancellationToken ct)
    {
        double openSeconds = open.Elapsed.TotalSeconds;
        var result = clustering.Cluster(stream, progress, ct);
        var timings = new Dictionary<string, double>(result.TimingsSeconds) { ["open"] = openSeconds };
        return result with { TimingsSeconds = timings };
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
}
