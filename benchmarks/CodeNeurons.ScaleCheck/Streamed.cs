using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using CodeNeurons.Analysis;
using CodeNeurons.Data;
using CodeNeurons.Formats;
using CodeNeurons.Interpretation;

namespace CodeNeurons.ScaleCheck;

/// <summary>
/// Probes and CCFS at 7B width from raw folders (docs/performance.md, "Large decoders").
/// <c>synth OUT [--layers 32] [--width 4096] [--train 2000] [--dev 500] [--test 500] [--classes 4] [--seed 1]</c> writes
/// OUT/train, OUT/dev, OUT/test as raw folders, row by row (never a rows × N matrix): unit-variance uniform noise, and in
/// layer 1 one signal neuron per class (id width + 7c, +signal (default 8) when the row's class is c) with a near-copy
/// (id width + 2000 + c, the signal plus 0.1 × noise) for the clustering to merge.
/// <c>probe OUT [--epochs 3] [--batch 32] [--lr 0.01] [--dense]</c> trains one streamed probe on all neurons and ranks them
/// (<c>--dense</c>: the same probe from the splits read whole, for comparison; the weights' hash must be the same);
/// <c>ccfs OUT [--epochs 3] [--batch 32] [--lr 0.01] [--threshold 0.3] [--report FILE]</c> runs <see cref="StreamedCcfs"/>
/// (oracle, LS, LS → CC → LCA). Both print JSON; peak memory is measured from outside (<c>/usr/bin/time -v</c>).
/// </summary>
internal static class Streamed
{
    private const int CopyOffset = 2000, SignalStride = 7;

    public static void Synth(string outDir, Dictionary<string, string> o)
    {
        int layers = Program.Int(o, "layers", 32), width = Program.Int(o, "width", 4096), classes = Program.Int(o, "classes", 4), seed = Program.Int(o, "seed", 1);
        float signal = (float)Double(o, "signal", 8);
        var layout = LayerLayout.Create(layers, width);
        if (layers < 2 || width < CopyOffset + classes) throw new ArgumentException($"synth needs ≥ 2 layers and width ≥ {CopyOffset + classes}.");
        Directory.CreateDirectory(outDir);
        var clock = Stopwatch.StartNew();
        var splits = new JsonObject();
        foreach (var (split, index) in new[] { ("train", 0), ("dev", 1), ("test", 2) })
        {
            int rows = Program.Int(o, split, split == "train" ? 2000 : 500);
            string folder = Path.Combine(outDir, split);
            var rng = new Random(seed * 3 + index);
            var labels = new int[rows];
            int chunk = 64, n = layout.Neurons;
            var values = new float[chunk * n];
            using (var sink = ActivationSinks.Create(folder))
            {
                sink.Begin(layout);
                for (int start = 0; start < rows; start += chunk)
                {
                    int count = Math.Min(chunk, rows - start);
                    for (int i = 0; i < count; i++)
                    {
                        int y = labels[start + i] = (start + i) % classes;
                        var row = values.AsSpan(i * n, n);
                        for (int j = 0; j < n; j++) row[j] = (float)((rng.NextDouble() * 2 - 1) * Math.Sqrt(3));
                        for (int c = 0; c < classes; c++)
                        {
                            int s = width + SignalStride * c;
                            if (c == y) row[s] += signal;
                            row[width + CopyOffset + c] = row[s] + 0.1f * row[width + CopyOffset + c];
                        }
                    }
                    sink.Write(Enumerable.Repeat("t", count).ToArray(), values.AsSpan(0, count * n));
                }
                sink.Complete();
            }
            // The sink writes X.f32 and meta.json without labels; add y.i32 and the class names.
            File.WriteAllBytes(Path.Combine(folder, RawActivationFolder.LabelsFileName), MemoryMarshal.AsBytes(labels.AsSpan()).ToArray());
            var names = new JsonArray([.. Enumerable.Range(0, classes).Select(c => (JsonNode)$"C{c}")]);
            File.WriteAllText(Path.Combine(folder, RawActivationFolder.MetaFileName), new JsonObject
            {
                ["tokens"] = rows, ["neurons"] = n, ["classes"] = names, ["layers"] = layers, ["neurons_per_layer"] = width,
            }.ToJsonString());
            splits[split] = rows;
        }
        Console.WriteLine(new JsonObject
        {
            ["neurons"] = layout.Neurons, ["splits"] = splits, ["seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 1),
            ["signal"] = new JsonArray([.. Enumerable.Range(0, classes).Select(c => (JsonNode)(width + SignalStride * c))]),
            ["copies"] = new JsonArray([.. Enumerable.Range(0, classes).Select(c => (JsonNode)(width + CopyOffset + c))]),
        }.ToJsonString());
    }

    private static (ProbingRows Data, List<IDisposable> Files) Open(string dir)
    {
        var files = new List<IDisposable>();
        LabeledRows Split(string name)
        {
            string folder = Path.Combine(dir, name);
            var rows = RawActivationRows.Open(folder);
            files.Add(rows);
            var raw = RawActivationFolder.ReadLabels(folder);
            return new LabeledRows(rows, ClassLabels.FromIds(raw.Labels, raw.Classes));
        }
        return (new ProbingRows(Split("train"), Split("dev"), Split("test")), files);
    }

    private static ProbeOptions ProbeOptions(Dictionary<string, string> o) => new()
    {
        Epochs = Program.Int(o, "epochs", 3), BatchSize = Program.Int(o, "batch", 32), L1 = Double(o, "l1", 1e-5), L2 = Double(o, "l2", 1e-5), Seed = 1,
        LearningRate = Double(o, "lr", 0.01),
    };

    private static double Double(Dictionary<string, string> o, string key, double fallback) =>
        o.TryGetValue(key, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;

    /// <summary>What the dense path would hold: the three splits as one float32 matrix each, and the in-memory CC stage's condensed float64 distances.</summary>
    private static JsonObject Dense(ProbingRows data)
    {
        long rows = data.Train.Rows.Rows + data.Dev.Rows.Rows + (data.Test?.Rows.Rows ?? 0), n = data.Neurons;
        return new JsonObject { ["matricesBytes"] = rows * n * 4, ["trainMatrixBytes"] = (long)data.Train.Rows.Rows * n * 4, ["condensedDistancesBytes"] = n * (n - 1) / 2 * 8 };
    }

    public static void Probe(string dir, Dictionary<string, string> o)
    {
        var (data, files) = Open(dir);
        try
        {
            var clock = Stopwatch.StartNew();
            var trainer = new ManagedElasticNetProbe(ProbeOptions(o));
            bool dense = o.ContainsKey("dense");
            ProbeResult result;
            double dev, test;
            if (dense)
            {
                // The in-memory path, for comparison: every split read whole into an ActivationSet.
                ActivationSet Read(string name) => RawActivationFolder.Read(Path.Combine(dir, name));
                var (x, xDev, xTest) = (Read("train"), Read("dev"), Read("test"));
                result = trainer.Fit(new LabeledActivations(x, data.Train.Labels), new LabeledActivations(xDev, data.Dev.Labels));
                dev = Metrics.Accuracy(result.Probe.Predict(xDev), data.Dev.Labels.Ids);
                test = Metrics.Accuracy(result.Probe.Predict(xTest), data.Test!.Labels.Ids);
            }
            else
            {
                result = trainer.Fit(data.Train, data.Dev);
                dev = Metrics.Accuracy(result.Probe.Predict(data.Dev.Rows), data.Dev.Labels.Ids);
                test = Metrics.Accuracy(result.Probe.Predict(data.Test!.Rows), data.Test.Labels.Ids);
            }
            double train = clock.Elapsed.TotalSeconds;
            var probe = result.Probe;
            string hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(MemoryMarshal.AsBytes(probe.Weights)))[..16];
            var top = probe.TopNeuronsByWeight(10);
            Console.WriteLine(new JsonObject
            {
                ["path"] = dense ? "dense" : "streamed", ["neurons"] = data.Neurons, ["trainRows"] = data.Train.Rows.Rows, ["epochs"] = result.EpochsRun,
                ["seconds"] = Math.Round(train, 1), ["weightsSha256"] = hash,
                ["devAccuracy"] = Math.Round(dev, 4), ["testAccuracy"] = Math.Round(test, 4),
                ["trainLosses"] = new JsonArray([.. result.TrainLosses.Select(l => (JsonNode)Math.Round(l, 4))]),
                ["topNeuronsByWeightMass"] = new JsonArray([.. top.Select(id => (JsonNode)id)]),
                ["dense"] = Dense(data),
            }.ToJsonString());
        }
        finally { files.ForEach(f => f.Dispose()); }
    }

    public static void Ccfs(string dir, Dictionary<string, string> o)
    {
        var (data, files) = Open(dir);
        try
        {
            double t = Double(o, "threshold", 0.3);
            var options = new CcfsOptions
            {
                Stages = CcfsStage.LayerSelection | CcfsStage.Combined, Probe = ProbeOptions(o), Seed = 1,
                Combined = new() { Thresholds = [null, t] },
            };
            var clock = Stopwatch.StartNew();
            var progress = new Progress<CcfsProgress>(p => Console.Error.WriteLine($"{clock.Elapsed.TotalSeconds,7:F0} s  {p.Stage}: {p.Detail}"));
            var report = new StreamedCcfs(options).Run(data, progress);
            if (o.TryGetValue("report", out var path)) report.Save(path);
            static JsonObject Row(CcfsRow r) => new()
            {
                ["name"] = r.Name, ["neurons"] = r.Neurons, ["dev"] = Math.Round(r.DevScore, 4), ["test"] = r.TestScore is double x ? Math.Round(x, 4) : null,
                ["steps"] = r.Steps is null ? null : new JsonArray([.. r.Steps.Select(st => (JsonNode)$"{st.Stage} {st.Neurons}")]),
                ["kept"] = r.Neurons <= 16 ? new JsonArray([.. r.KeptNeurons.Select(id => (JsonNode)id)]) : null,
            };
            Console.WriteLine(new JsonObject
            {
                ["neurons"] = data.Neurons, ["trainRows"] = data.Train.Rows.Rows, ["seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 1),
                ["oracle"] = Row(report.Oracle),
                ["layerSelection"] = new JsonArray([.. report.LayerSelection.Select(r => (JsonNode)Row(r))]),
                ["combined"] = new JsonArray([.. report.Combined.Select(r => (JsonNode)Row(r))]),
                ["best"] = report.Best is null ? null : Row(report.Best),
                ["timings"] = new JsonObject([.. report.TimingsSeconds.GroupBy(p => p.Key).Select(g => KeyValuePair.Create(g.Key, (JsonNode?)Math.Round(g.Sum(p => p.Value), 1)))]),
                ["dense"] = Dense(data),
            }.ToJsonString());
        }
        finally { files.ForEach(f => f.Dispose()); }
    }
}
