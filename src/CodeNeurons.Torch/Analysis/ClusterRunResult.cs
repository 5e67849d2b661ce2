using System.Diagnostics;
using System.Text.Json;
using CodeNeurons.Data;
using CodeNeurons.Formats;
using CodeNeurons.Redundancy;

namespace CodeNeurons.Torch.Analysis;

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
