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
