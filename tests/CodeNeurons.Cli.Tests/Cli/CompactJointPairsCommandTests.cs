using System.Text.Json;
using CodeNeurons.Analysis;
using CodeNeurons.Data;
using CodeNeurons.Interpretation;
using CodeNeurons.Tests.Workflows;
using CodeNeurons.Torch.Extraction;

namespace CodeNeurons.Tests.Cli;

/// <summary>
/// A pair model read jointly, from the command line alone: <c>analyze --task clone --pair-input joint --save-splits</c> →
/// <c>ccfs</c> on the saved rows → <c>compact --input-kind pairs --pair-input joint</c> → <c>predict</c>, against the full
/// pipeline through the API (the full tiny BERT's joint rows, the best combination's neurons, its probe).
/// </summary>
[NonParallelizable]
public class CompactJointPairsCommandTests : TempDirectoryTest
{
    [Test]
    public void AJointPairAnalysisBecomesACompactModelThatLabelsPairsAsTheFullPipeline()
    {
        string model = TestData.Fixture("hf-models", "tiny-bert");
        string data = SnippetTaskFixtures.CloneFolder(TempDir), splits = Directory.CreateDirectory(Path.Combine(TempDir, "splits")).FullName;
        var (code, _, err) = CliRunner.Run("analyze", "--task", "clone", "--data", data, "--model", model, "-o", Path.Combine(TempDir, "r.html"),
            "--pair-input", "joint", "--max-length", "40", "--save-splits", splits, "-q");
        Assert.That(code, Is.EqualTo(0), err);

        string config = Path.Combine(TempDir, "config.json");
        File.WriteAllText(config, """
            {
              "data": { "rows": { "train": "splits/train", "dev": "splits/dev", "test": "splits/test" } },
              "pipeline": { "probe": { "epochs": 6, "learningRate": 0.05 }, "minimalSet": { "grid": [0.05, 0.2, 0.5] },
                            "combined": { "pairs": [[1, 1]], "thresholds": [null] }, "seed": 3 }
            }
            """);
        string report = Path.Combine(TempDir, "report.json");
        (code, _, err) = CliRunner.Run("ccfs", "--config", config, "--output", report, "-q");
        Assert.That(code, Is.EqualTo(0), err);
        var best = CcfsReport.Load(report).Best!;
        Assert.That(CcfsReport.Load(report).NeuronsPerLayer, Is.EqualTo(32), "joint rows: tiny-bert's hidden size per layer, not [u; v]");

        string folder = Path.Combine(TempDir, "compact");
        (code, var stdout, err) = CliRunner.Run("compact", "--ccfs", report, "--model", model, "--output", folder, "--input-kind", "pairs", "--pair-input", "joint", "--max-length", "40");
        Assert.That(code, Is.EqualTo(0), err);
        Assert.That(stdout, Does.Contain("(pairs)"));

        var pairs = Enumerable.Range(0, 6).Select(i => (SnippetTaskFixtures.Function(i), SnippetTaskFixtures.Function(i + 5))).ToArray();
        string input = Path.Combine(TempDir, "pairs.jsonl");
        File.WriteAllLines(input, pairs.Select(p => JsonSerializer.Serialize(new { first = p.Item1, second = p.Item2 })));
        (code, stdout, err) = CliRunner.Run("predict", "--model", folder, "--input", input);
        Assert.That(code, Is.EqualTo(0), err);
        var printed = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r').Split('\t')[^1]).ToArray();

        using var full = SnippetRepresentations.Load(model, new SnippetRepresentationOptions { PairInput = PairInput.Joint, MaxLength = 40 });
        var probe = LinearProbe.Load(CcfsReport.BestProbePath(report));
        var classes = CcfsReport.Load(report).ClassNames;
        var expected = probe.Predict(full.EncodePairs(pairs).SelectNeurons(best.KeptNeurons)).Select(c => classes[c]);
        Assert.That(printed, Is.EqualTo(expected));
    }
}
