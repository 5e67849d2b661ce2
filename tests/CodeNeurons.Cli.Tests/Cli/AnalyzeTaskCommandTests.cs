using CodeNeurons.Analysis;
using CodeNeurons.Tests.Workflows;

namespace CodeNeurons.Tests.Cli;

/// <summary><c>codeneurons analyze --task</c>: a snippet-level task folder through <c>SnippetAnalysisWorkflow</c>, on tiny checkpoints.</summary>
[NonParallelizable]
public class AnalyzeTaskCommandTests : TempDirectoryTest
{
    [Test]
    public void DefectTaskWritesTheReportNamingTheMetricAndTheSnippetConcepts()
    {
        string data = SnippetTaskFixtures.DefectFolder(TempDir), html = Path.Combine(TempDir, "r.html"), json = Path.Combine(TempDir, "r.json");
        string splits = Directory.CreateDirectory(Path.Combine(TempDir, "splits")).FullName;
        var (code, stdout, err) = CliRunner.Run("analyze", "--task", "defect", "--data", data, "--model", TestData.Fixture("hf-models", "tiny-bert"), "-o", html, "--json", json,
            "--save-splits", splits);
        Assert.That(code, Is.EqualTo(0), err);
        Assert.That(err, Does.Contain("[1/4] DefectDetection: 20 train, 8 dev, 8 test snippets").And.Contain("[4/4] wrote"));
        Assert.That(stdout, Does.Contain("best on dev:"));
        var report = CcfsReport.Load(json);
        Assert.That(report.ClassNames, Is.EqualTo(new[] { "clean", "defective" }));
        Assert.That(report.SplitRows, Is.EqualTo(new[] { 20, 8, 8 }));
        Assert.That(report.Options.Combined.Thresholds, Has.Count.EqualTo(10), "the paper's thresholds: none, 0.1 … 0.9");
        var page = File.ReadAllText(html);
        Assert.That(page, Does.Contain("scored by accuracy").And.Contain("LOOP").And.Contain("[CLS]"));

        // The splits, written for `codeneurons ccfs`: the representations of each split with their labels.
        var train = Formats.RawActivationFolder.Read(Path.Combine(splits, "train"));
        Assert.That((train.Rows, train.Neurons), Is.EqualTo((20, report.InputNeurons)));
        var labels = Formats.RawActivationFolder.ReadLabels(Path.Combine(splits, "test"));
        Assert.That(labels.Labels, Is.EqualTo(Enumerable.Range(28, 8).Select(i => i % 2)));
        Assert.That(labels.Classes, Is.EqualTo(report.ClassNames));
    }

    [Test]
    public void CloneTaskWithJointPairInputAnalysesOneInputPerPairAndSavesItsSplits()
    {
        string data = SnippetTaskFixtures.CloneFolder(TempDir), html = Path.Combine(TempDir, "r.html"), json = Path.Combine(TempDir, "r.json");
        string splits = Directory.CreateDirectory(Path.Combine(TempDir, "splits")).FullName;
        var (code, _, err) = CliRunner.Run("analyze", "--task", "clone", "--data", data, "--model", TestData.Fixture("hf-models", "tiny-bert"), "-o", html, "--json", json,
            "--pair-input", "joint", "--save-splits", splits);
        Assert.That(code, Is.EqualTo(0), err);
        Assert.That(err, Does.Contain("pairs (joint inputs)"));
        var report = CcfsReport.Load(json);
        Assert.That(report.InputNeurons, Is.EqualTo(3 * 32), "tiny-bert: 3 hidden states of 32, one [CLS] per pair (not [u; v])");
        Assert.That(report.Notes, Has.Some.StartsWith("Pair input: joint"));
        var page = File.ReadAllText(html);
        Assert.That(page, Does.Contain("pair input").And.Contain("each pair one joint input").And.Contain("at most 128 tokens"), "tiny-bert's 128 positions, below the fine-tuning's default of 256");
        var train = Formats.RawActivationFolder.Read(Path.Combine(splits, "train"));
        Assert.That(train.Neurons, Is.EqualTo(report.InputNeurons));
    }

    [TestCase(new[] { "--task", "defect", "--data", ".", "--pair-input", "joint" }, "--pair-input joint applies to the pair tasks")]
    [TestCase(new[] { "--pair-input", "joint" }, "--pair-input needs --task")]
    [TestCase(new[] { "--max-length", "64" }, "--max-length needs --task")]
    [TestCase(new[] { "--task", "clone", "--data", ".", "--pair-input", "both" }, "both")]
    [TestCase(new[] { "--task", "clone", "--data", ".", "--max-length", "0" }, "--max-length is 0")]
    [TestCase(new[] { "--task", "defect" }, "--data")]
    [TestCase(new[] { "--data", "somewhere" }, "--data needs --task")]
    [TestCase(new[] { "--paper-split" }, "--paper-split needs --task")]
    [TestCase(new[] { "--save-splits", "s" }, "--save-splits needs --task")]
    [TestCase(new[] { "--task", "defect", "--data", "d", "--input", "a.py" }, "exclude each other")]
    [TestCase(new[] { "--task", "bugs", "--data", "d" }, "bugs")]
    [TestCase(new[] { "--task", "search", "--data", "no-such-folder" }, "no-such-folder")]
    [TestCase(new[] { "--task", "defect", "--data", ".", "--language", "c" }, "c")]
    public void BadTaskOptionsAreNamed(string[] args, string message)
    {
        var (code, _, err) = CliRunner.Run(["analyze", .. args, "-o", Path.Combine(TempDir, "r.html"), "-q"]);
        Assert.That(code, Is.Not.EqualTo(0));
        Assert.That(err, Does.Contain(message));
    }

    [Test]
    public void MissingTaskFileIsNamed()
    {
        var dir = Directory.CreateDirectory(Path.Combine(TempDir, "empty")).FullName;
        var (code, _, err) = CliRunner.Run("analyze", "--task", "clone", "--data", dir, "-o", Path.Combine(TempDir, "r.html"), "-q");
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.Contain("train.txt").And.Contain("data.jsonl"));
    }
}
