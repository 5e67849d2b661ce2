using CodeNeurons.Analysis;
using CodeNeurons.Reporting;
using CodeNeurons.Tests.Analysis;

namespace CodeNeurons.Tests.Reporting;

public class CcfsReportTextTests
{
    [Test]
    public void FormatHasEveryRowTheBestChoiceAndTheTimings()
    {
        var (train, yTrain) = CcfsTestData.Planted(300, 1);
        var (dev, yDev) = CcfsTestData.Planted(200, 2);
        var options = new CcfsOptions { Probe = CcfsTestData.FastProbe, MinimalSet = new() { Grid = [0.05, 0.3] }, Clustering = new() { Thresholds = [0.5] }, Seed = 1 };
        var report = new CcfsPipeline(options).Run(train, yTrain, dev, yDev, null, null, ["A", "B", "C", "D"]);
        report = report with { TimingsSeconds = [new("load", 1.26), .. report.TimingsSeconds] };
        var text = CcfsReportText.Format(report);
        var lines = text.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Is.EqualTo("protocol: strict; metric: accuracy (dev and test columns)"));
        Assert.That(lines[1], Does.StartWith("row").And.Contain("neurons").And.Contain("test"));
        foreach (var row in report.Rows()) Assert.That(lines, Has.Some.StartsWith(row.Name + " "), row.Name);
        Assert.That(lines, Has.Some.StartsWith($"best on dev: {report.Best!.Name}: {report.Best.Neurons} of"));
        Assert.That(lines[^2], Does.StartWith("timings (s): load 1.3"));
        Assert.That(lines[^1], Does.Match(@"^peak RSS (so far )?\(MB.*\): oracle \d"), "the pipeline's stages with their peak memory");
        Assert.That(text, Does.Not.Contain("NaN"));
        Assert.That(lines.Count(l => l.EndsWith(" -", StringComparison.Ordinal)), Is.EqualTo(report.Rows().Count()), "no test split: every test cell is '-'");
    }
}
