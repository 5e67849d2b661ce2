using System.Xml.Linq;
using CodeNeurons.Analysis;
using CodeNeurons.Reporting;
using CodeNeurons.Tests.Analysis;

namespace CodeNeurons.Tests.Cli;

[NonParallelizable]
public class AnalyzeAndReportCommandTests : TempDirectoryTest
{
    [Test]
    public void AnalyzeOnTheBuiltInCorpusWritesTheHtmlReportAndTheJson()
    {
        string html = Path.Combine(TempDir, "report.html"), json = Path.Combine(TempDir, "report.json"), svgs = Path.Combine(TempDir, "svg");
        Directory.CreateDirectory(svgs);
        var (code, stdout, err) = CliRunner.Run("analyze", "--per-class", "60", "--output", html, "--json", json, "--svg-folder", svgs);
        Assert.That(code, Is.EqualTo(0), err);
        Assert.That(err, Does.Contain("[4/4] wrote"));
        Assert.That(stdout, Does.Contain("best on dev:"));

        var report = CcfsReport.Load(json);
        Assert.That(report.ClassNames, Is.EqualTo(new[] { "IDENT", "KEYWORD", "NUMBER", "STRING" }));
        Assert.That(report.InputNeurons, Is.EqualTo(7 * 384));
        Assert.That(report.None!.TestScore, Is.EqualTo(0.25).Within(1e-9), "balanced classes");
        // The model separates these four concepts easily (the oracle is far above chance).
        Assert.That(report.Oracle.TestScore, Is.GreaterThan(0.8));
        Assert.That(report.Best!.Reduction, Is.GreaterThan(0.5));
        Assert.That(report.Concepts.Select(c => c.ClassName), Is.EqualTo(report.ClassNames));

        var page = File.ReadAllText(html);
        Assert.That(page, Does.StartWith("<!DOCTYPE html>").IgnoreCase);
        Assert.That(page, Does.Contain(report.Best.Name.Replace("(", "(")));
        Assert.That(page, Does.Contain("Layer similarity (linear CKA"));
        Assert.That(page, Does.Contain("top NUMBER neuron"));
        Assert.That(page, Does.Not.Contain("src=\"http").And.Not.Contain("href=\"http"));

        // One standalone SVG per concept's top neuron, well-formed.
        var files = Directory.GetFiles(svgs, "neuron-*.svg");
        // One SVG per concept's strongest-evidence neuron (the report's activation maps).
        Assert.That(files, Has.Length.InRange(1, report.Concepts.Count));
        Assert.That(files.Select(Path.GetFileName), Is.All.Match(@"^neuron-\d+\.svg$"));
        foreach (var f in files) Assert.That(System.Xml.Linq.XDocument.Load(f).Root!.Name.LocalName, Is.EqualTo("svg"));
    }

    [Test]
    public void AnalyzeQuietPrintsNothingAndBadInputsAreNamed()
    {
        var java = Path.Combine(TempDir, "A.java");
        File.WriteAllText(java, "class A { int x = 1; String s = \"a\"; }\n");
        var (code, stdout, err) = CliRunner.Run("analyze", "-i", Path.Combine(TempDir, "missing.py"), "-o", Path.Combine(TempDir, "r.html"), "-q");
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.Contain("missing.py"));
        var txt = Path.Combine(TempDir, "notes.txt");
        File.WriteAllText(txt, "hello");
        (code, _, err) = CliRunner.Run("analyze", "-i", txt, "-o", Path.Combine(TempDir, "r.html"), "-q");
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.Contain("only .java and .py"));
        (code, _, err) = CliRunner.Run("analyze", "-i", java, "-o", Path.Combine(TempDir, "nowhere", "r.html"), "-q");
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.Contain("does not exist"));
        (code, stdout, err) = CliRunner.Run("analyze", "--per-class", "2", "-o", Path.Combine(TempDir, "r.html"), "-q");
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.Contain("--per-class"));
        Assert.That(stdout, Is.Empty);
        Assert.That(File.Exists(Path.Combine(TempDir, "r.html")), Is.False);
    }

    private CcfsReport SmallReport()
    {
        var (train, yTrain) = CcfsTestData.Planted(300, 1);
        var (dev, yDev) = CcfsTestData.Planted(200, 2);
        var options = new CcfsOptions { Probe = CcfsTestData.FastProbe, MinimalSet = new() { Grid = [0.05, 0.1, 0.3, 0.6] }, Clustering = new() { Thresholds = [0.05, 0.5] }, Seed = 1 };
        return new CcfsPipeline(options).Run(train, yTrain, dev, yDev, null, null, ["A", "B", "C", "D"]);
    }

    [Test]
    public void ReportRendersACcfsReportAndAReportDocument()
    {
        var report = SmallReport();
        var json = Path.Combine(TempDir, "ccfs.json");
        report.Save(json);
        var html = Path.Combine(TempDir, "ccfs.html");
        var (code, stdout, err) = CliRunner.Run("report", "-i", json, "-o", html, "--title", "Planted <task>");
        Assert.That(code, Is.EqualTo(0), err);
        Assert.That(stdout, Does.Contain("Wrote"));
        var page = File.ReadAllText(html);
        Assert.That(page, Does.Contain("Planted &lt;task&gt;"));
        foreach (var row in report.Rows()) Assert.That(page, Does.Contain(System.Net.WebUtility.HtmlEncode(row.Name)), row.Name);

        var docJson = Path.Combine(TempDir, "doc.json");
        new ReportDocument { Title = "Only notes", Notes = ["nothing else"] }.Save(docJson);
        (code, _, err) = CliRunner.Run("report", "-i", docJson, "-o", Path.Combine(TempDir, "doc.html"), "-q");
        Assert.That(code, Is.EqualTo(0), err);
        Assert.That(File.ReadAllText(Path.Combine(TempDir, "doc.html")), Does.Contain("Only notes").And.Contain("nothing else"));
    }

    [Test]
    public void ReportBadInputsAreClearErrorsAndWriteNothing()
    {
        var bad = Path.Combine(TempDir, "bad.json");
        File.WriteAllText(bad, "{ not json");
        var html = Path.Combine(TempDir, "out.html");
        var (code, _, err) = CliRunner.Run("report", "-i", bad, "-o", html);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.Contain("bad.json"));
        (code, _, err) = CliRunner.Run("report", "-i", Path.Combine(TempDir, "none.json"), "-o", html);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.Contain("none.json"));
        var json = Path.Combine(TempDir, "ok.json");
        SmallReport().Save(json);
        (code, _, err) = CliRunner.Run("report", "-i", json, "-o", Path.Combine(TempDir, "missing", "out.html"));
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.Contain("does not exist"));
        Assert.That(File.Exists(html), Is.False);
    }

    [Test]
    public void FromCcfsMapsEveryRowChartAndTable()
    {
        var report = SmallReport();
        var doc = ReportDocuments.FromCcfs(report, neuronsPerLayer: 10);
        Assert.That(doc.Stages!.Select(s => s.Name), Is.EqualTo(report.Rows().Select(r => r.Name)));
        Assert.That(doc.Stages!.Select(s => s.NeuronsKept), Is.EqualTo(report.Rows().Select(r => r.Neurons)));
        var cc = doc.LineCharts!.Single(c => c.Title.StartsWith("CC curve"));
        Assert.That(cc.Series!.Single(s => s.SecondaryAxis).Points!.Select(p => p.Y), Is.EqualTo(report.Clustering.Select(r => (double)r.Neurons)));
        Assert.That(cc.Series!.Any(s => s.Name == "test accuracy"), Is.False, "no test split, no test series");
        var layers = doc.BarCharts!.Single(b => b.Title.StartsWith("Layer distribution"));
        Assert.That(layers.Series![0].Values.Sum(), Is.EqualTo(report.Best!.Neurons));
        Assert.That(layers.Series![0].Values[2], Is.EqualTo(report.Best.KeptNeurons.Count(id => id is >= 20 and < 30)));
        var perClass = doc.BarCharts!.Single(b => b.Title.StartsWith("Per-class"));
        Assert.That(perClass.Categories, Is.EqualTo(new[] { "A", "B", "C", "D" }));
        Assert.That(perClass.Title, Does.Contain("dev"));
        Assert.That(doc.Concepts!.Select(c => c.Concept), Is.EqualTo(new[] { "A", "B", "C", "D" }));
        var top = doc.Concepts![1].Neurons![0];
        Assert.That((top.Layer, top.Unit), Is.EqualTo((top.NeuronId / 10, top.NeuronId % 10)));
        Assert.That(doc.Notes!, Has.Some.StartsWith("Best combination on dev"));
        // Renders, and the SVGs parse.
        var page = HtmlReport.Render(doc);
        Assert.That(page, Does.Contain("<svg"));
    }

    [Test]
    public void ActivationMapsCarryTheNeuronsValues()
    {
        var (x, _) = CcfsTestData.Planted(20, 3);
        var maps = ReportDocuments.ActivationMaps(x, [23, 5], maxSentences: 3, labels: ["signal"]);
        Assert.That(maps.Select(m => m.NeuronId), Is.EqualTo(new[] { 23, 5 }));
        Assert.That(maps[0].Label, Is.EqualTo("signal"));
        Assert.That(maps[1].Label, Is.Null);
        Assert.That(maps[0].Sentences, Has.Count.EqualTo(3));
        Assert.That(maps[0].Sentences![1][0].Value, Is.EqualTo(x[1, 23]));
        Assert.That(maps[0].Sentences![1][0].Token, Is.EqualTo(x.Tokens![1]));
        Assert.Throws<ArgumentException>(() => ReportDocuments.ActivationMaps(x, [99]));
        var svg = ActivationMapSvg.Render(maps[0]);
        Assert.That(() => XDocument.Parse(svg), Throws.Nothing);
    }
}
