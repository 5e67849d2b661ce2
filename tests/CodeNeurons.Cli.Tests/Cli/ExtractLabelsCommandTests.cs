using CodeNeurons.Analysis;
using CodeNeurons.Formats;
using CodeNeurons.Tests.Extraction;

namespace CodeNeurons.Tests.Cli;

/// <summary>
/// <c>codeneurons extract --labels</c>: a NeuroX .label file parallel to the input becomes <c>y.i32</c> (and the class
/// names <c>meta.json</c>'s) of the raw folder, so that <c>label → extract → ccfs</c> with <c>data.rows</c> runs from
/// the command line alone.
/// </summary>
[NonParallelizable]
public class ExtractLabelsCommandTests : TempDirectoryTest
{
    private const string Java = """
        public class Point {
          private int x = 0 ;
          public int getX ( ) { return x + 1 ; }
          static void main ( String [ ] args ) { System.out.println ( "hi" ) ; }
        }
        """;

    private string Labelled(string name)
    {
        var source = Path.Combine(TempDir, name + ".java");
        File.WriteAllText(source, Java);
        var (code, _, err) = CliRunner.Run("label", "--language", "java", "--input", source, "--output", Path.Combine(TempDir, name), "--skip-empty-lines", "-q");
        Assert.That(code, Is.EqualTo(0), err);
        return Path.Combine(TempDir, name);
    }

    private (int Code, string Out, string Err) Extract(string input, string labels, string output, params string[] extra) =>
        CliRunner.Run(["extract", "--model", ExtractionTestUtil.ModelFolder("tiny-bert"), "--input", input, "--labels", labels, "--output", output, "-q", .. extra]);

    [Test]
    public void LabelExtractAndCcfsRowsRunFromTheCommandLine()
    {
        var prefix = Labelled("train");
        var folder = Path.Combine(TempDir, "acts-train");
        var (code, _, err) = Extract(prefix + ".in", prefix + ".label", folder);
        Assert.That(code, Is.EqualTo(0), err);

        var labels = NeuroxText.ReadLabels(prefix + ".label").Flatten();
        var raw = RawActivationFolder.ReadLabels(folder);
        string[] classes = [.. labels.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        Assert.That(raw.Classes, Is.EqualTo(classes), "class ids: the names in ordinal order");
        Assert.That(raw.Labels.Select(l => raw.Classes[l]), Is.EqualTo(labels), "one label per code token, in order");
        Assert.That(RawActivationFolder.ReadMeta(folder).Tokens, Is.EqualTo(labels.Length));

        // The same folder as train and dev: this checks the flow, not a probe's quality.
        var config = Path.Combine(TempDir, "ccfs.json");
        File.WriteAllText(config, """
            { "data": { "rows": { "train": "acts-train", "dev": "acts-train" } },
              "pipeline": { "probe": { "epochs": 2 }, "layerSelection": { "deltas": [3] }, "minimalSet": { "grid": [0.1, 0.5] },
                            "combined": { "pairs": [[3, 1]], "thresholds": [null] } } }
            """);
        var output = Path.Combine(TempDir, "report.json");
        (code, _, err) = CliRunner.Run("ccfs", "--config", config, "--output", output, "-q");
        Assert.That(code, Is.EqualTo(0), err);
        var report = CcfsReport.Load(output);
        Assert.That(report.Streamed, Is.True);
        Assert.That(report.ClassNames, Is.EqualTo(classes));
        Assert.That(report.SplitRows, Is.EqualTo(new[] { labels.Length, labels.Length, 0 }));
    }

    [Test]
    public void SentencePoolingTakesOneLabelPerLine()
    {
        var input = Path.Combine(TempDir, "s.in");
        var labels = Path.Combine(TempDir, "s.label");
        File.WriteAllLines(input, ["int x = 1 ;", "return y ;", "x ++ ;"]);
        File.WriteAllLines(labels, ["decl", "ret", "expr"]);
        var folder = Path.Combine(TempDir, "acts");
        var (code, _, err) = Extract(input, labels, folder, "--sentence", "mean");
        Assert.That(code, Is.EqualTo(0), err);
        var raw = RawActivationFolder.ReadLabels(folder);
        Assert.That(raw.Labels.Select(l => raw.Classes[l]), Is.EqualTo(new[] { "decl", "ret", "expr" }));

        File.WriteAllLines(labels, ["decl", "ret x", "expr"]);
        (code, _, err) = Extract(input, labels, Path.Combine(TempDir, "acts2"), "--sentence", "mean");
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.Contain("s.label line 2: 2 labels").And.Contain("exactly one"));
    }

    private static IEnumerable<TestCaseData> Mismatches()
    {
        yield return new TestCaseData("a b c\nd e\n", "X Y Z\nX\n", "raw", Array.Empty<string>(), "line 2: 1 labels but snippet 2 of the input has 2 code tokens").SetName("ALineWithTooFewLabels");
        yield return new TestCaseData("a b c\nd e\n", "X Y Z\n", "raw", Array.Empty<string>(), "has 1 lines but the input has 2 snippets").SetName("TooFewLines");
        yield return new TestCaseData("a b\n", "X Y\n", "out.hdf5", Array.Empty<string>(), "--labels writes y.i32 of a raw folder").SetName("ANeuroxOutput");
        yield return new TestCaseData("a b\n", "X Y\n", "raw", new[] { "--aggregation", "none" }, "not with --aggregation none").SetName("SubwordRows");
        yield return new TestCaseData("a b\n", "X Y\n", "raw", new[] { "--truncate" }, "--truncate").SetName("Truncation");
    }

    [TestCaseSource(nameof(Mismatches))]
    public void LabelsThatCannotMatchTheRowsAreRefusedBeforeTheModelRuns(string tokens, string labelLines, string output, string[] extra, string expected)
    {
        var input = Path.Combine(TempDir, "in.in");
        var labels = Path.Combine(TempDir, "in.label");
        File.WriteAllText(input, tokens);
        File.WriteAllText(labels, labelLines);
        var (code, _, err) = Extract(input, labels, Path.Combine(TempDir, output), extra);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.StartWith("codeneurons: error:").And.Contain(expected));
        Assert.That(Directory.Exists(Path.Combine(TempDir, "raw")) || File.Exists(Path.Combine(TempDir, "out.hdf5")), Is.False, "nothing written");
    }
}
