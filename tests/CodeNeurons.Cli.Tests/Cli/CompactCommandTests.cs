using CodeNeurons.Analysis;
using CodeNeurons.Data;
using CodeNeurons.Interpretation;
using CodeNeurons.Tests.Extraction;
using CodeNeurons.Torch.Extraction;

namespace CodeNeurons.Tests.Cli;

/// <summary>extract → ccfs → compact → predict on the tiny BERT checkpoint, against the full pipeline through the API.</summary>
[NonParallelizable]
public class CompactCommandTests : TempDirectoryTest
{
    private static readonly string[][] Lines =
    [
        ["int", "count", "=", "items", ".", "size", "(", ")", ";"],
        ["return", "\"done\"", "+", "42", ";"],
        ["for", "(", "int", "i", "=", "0", ";", "i", "<", "n", ";", "i", "++", ")"],
        ["total", "+=", "values", "[", "i", "]", "*", "3", ";"],
        ["if", "(", "x", "==", "null", ")", "throw", "error", ";"],
        ["String", "s", "=", "\"abc\"", "+", "7", ";"],
    ];

    private static string ClassOf(string token) => char.IsLetter(token[0]) ? "word" : char.IsDigit(token[0]) || token[0] == '"' ? "literal" : "punctuation";

    private string Write(string name, IEnumerable<string[]> lines)
    {
        var rows = lines.ToArray();
        File.WriteAllLines(Path.Combine(TempDir, name + ".in"), rows.Select(l => string.Join(' ', l)));
        File.WriteAllLines(Path.Combine(TempDir, name + ".label"), rows.Select(l => string.Join(' ', l.Select(ClassOf))));
        return Path.Combine(TempDir, name + ".in");
    }

    [Test]
    public void CompactThenPredictGivesTheFullPipelinesLabels()
    {
        string model = ExtractionTestUtil.ModelFolder("tiny-bert");
        var train = Write("train", Enumerable.Range(0, 4).SelectMany(i => Lines.Select(l => i % 2 == 0 ? l : [.. l.Reverse()])));
        var dev = Write("dev", Lines);
        foreach (var split in new[] { "train", "dev" })
        {
            var (c, _, e) = CliRunner.Run("extract", "--model", model, "--input", Path.Combine(TempDir, split + ".in"), "--output", Path.Combine(TempDir, split + ".hdf5"), "-q");
            Assert.That(c, Is.EqualTo(0), e);
        }
        File.WriteAllText(Path.Combine(TempDir, "config.json"), """
            {
              "data": { "train": { "activations": "train.hdf5", "labels": "train.label" }, "dev": { "activations": "dev.hdf5", "labels": "dev.label" } },
              "pipeline": { "stages": ["oracle", "ccfs"], "probe": { "epochs": 5, "learningRate": 0.05 }, "minimalSet": { "grid": [0.05, 0.1, 0.3, 0.6] }, "seed": 1 }
            }
            """);
        string report = Path.Combine(TempDir, "report.json");
        var (code, stdout, err) = CliRunner.Run("ccfs", "--config", Path.Combine(TempDir, "config.json"), "--output", report, "-q");
        Assert.That(code, Is.EqualTo(0), err);
        Assert.That(File.Exists(Path.Combine(TempDir, "report.probe.json")), Is.True, "ccfs writes the best combination's probe beside the report");

        string folder = Path.Combine(TempDir, "compact");
        (code, stdout, err) = CliRunner.Run("compact", "--ccfs", report, "--model", model, "--output", folder);
        Assert.That(code, Is.EqualTo(0), err);
        Assert.That(stdout, Does.Contain("Wrote " + folder).And.Contain("of 2 blocks"));

        (code, stdout, err) = CliRunner.Run("predict", "--model", folder, "--input", dev);
        Assert.That(code, Is.EqualTo(0), err);
        var printed = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r').Split('\t')).ToArray();

        // The full pipeline: every hidden state of the full model, the best combination's neurons, its probe.
        var best = CcfsReport.Load(report).Best!;
        var probe = LinearProbe.Load(Path.Combine(TempDir, "report.probe.json"));
        using var full = TransformerActivationSource.Load(model);
        var acts = full.Extract(CorpusReader.Read(dev)).SelectNeurons(best.KeptNeurons);
        var classNames = CcfsReport.Load(report).ClassNames;
        Assert.That(printed.Select(p => p[2]), Is.EqualTo(probe.Predict(acts).Select(c => classNames[c])));
        Assert.That(printed.Select(p => p[1]), Is.EqualTo(Lines.SelectMany(l => l)));
        Assert.That(printed.Select(p => int.Parse(p[0], System.Globalization.CultureInfo.InvariantCulture)), Is.EqualTo(acts.SentenceIndices));
    }

    [Test]
    public void AMissingReportProbeOrModelIsNamed()
    {
        string report = Path.Combine(TempDir, "report.json");
        var (code, _, err) = CliRunner.Run("compact", "--ccfs", report, "--output", Path.Combine(TempDir, "out"));
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.Contain("report.json"));

        var row = new CcfsRow("ccfs", "LS+CC+LCA (3,1)", 2, 96, 1, null, [1, 40]);
        new CcfsReport { Options = new(), InputNeurons = 96, NeuronsPerLayer = 32, Layers = [0, 1, 2], ClassNames = ["a", "b"], SplitRows = [1, 1, 0], Oracle = row, Best = row }.Save(report);
        (code, _, err) = CliRunner.Run("compact", "--ccfs", report, "--output", Path.Combine(TempDir, "out"));
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.Contain("report.probe.json").And.Contain("does not exist"));

        (code, _, err) = CliRunner.Run("predict", "--model", Path.Combine(TempDir, "nowhere"), "--input", report);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.Contain("nowhere"));
    }
}
