using System.Text.Json;
using CodeNeurons.Data;
using CodeNeurons.Formats;
using CodeNeurons.Interpretation;

namespace CodeNeurons.Torch.Analysis;

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
