using System.Diagnostics;
using System.Globalization;
using CodeNeurons.Concepts;
using CodeNeurons.Data;
using CodeNeurons.Formats;
using CodeNeurons.Redundancy;
using CodeNeurons.Torch.Extraction;

namespace CodeNeurons.Torch.Analysis;

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
