using CodeNeurons.Analysis;
using CodeNeurons.Reporting;

namespace CodeNeurons.Tests.Reporting;

public class InputBaselineReportTests
{
    private static CcfsReport Report(double oracleTest, double surfaceTest, double contextTest) => new()
    {
        Options = new CcfsOptions { Stages = CcfsStage.None },
        InputNeurons = 40,
        NeuronsPerLayer = 10,
        Layers = [0, 1, 2, 3],
        ClassNames = ["NAME", "STRING", "NUMBER", "KEYWORD"],
        SplitRows = [800, 400, 400],
        Oracle = new CcfsRow("oracle", "Oracle", 40, 40, oracleTest, oracleTest, Enumerable.Range(0, 40).ToArray()),
        None = new CcfsRow("none", "None", 0, 40, 0.25, 0.25, []),
        InputBaselines =
        [
            new CcfsRow("none", "Surface rule", 0, 40, surfaceTest, surfaceTest, [], "quotes → STRING"),
            new CcfsRow("none", "Context only", 0, 40, contextTest, contextTest, [], "one-hot neighbours"),
        ],
    };

    [Test]
    public void ReportWarnsWhenTheOracleIsNotAboveAnInputBaseline()
    {
        var report = Report(oracleTest: 0.525, surfaceTest: 0.50, contextTest: 0.629);
        var doc = ReportDocuments.FromCcfs(report);
        Assert.That(doc.Warnings, Has.Count.GreaterThanOrEqualTo(1));
        Assert.That(doc.Warnings![0], Does.Contain("carry no more than the input's surface").And.Contain("52.5 %").And.Contain("context only baseline's 62.9 %"));
        Assert.That(doc.Warnings, Has.None.Contains("surface rule baseline's"), "the oracle beats the surface rule");
        Assert.That(doc.Headline, Does.Contain("Surface rule 50.0 %, Context only 62.9 % test accuracy"));
        Assert.That(doc.Stages!.Select(s => s.Name), Does.Contain("Surface rule").And.Contain("Context only"));
        Assert.That(CcfsReportText.Format(report), Does.Contain("warning: The model's neurons carry no more"));
        var html = HtmlReport.Render(doc);
        Assert.That(html, Does.Contain("carry no more than the input"));
    }

    [Test]
    public void NoWarningWhenTheOracleBeatsEveryBaselineAndTiesWarn()
    {
        var above = ReportDocuments.FromCcfs(Report(0.9, 0.5, 0.629));
        Assert.That(above.Warnings ?? [], Has.None.Contains("input's surface"));
        var tie = ReportDocuments.FromCcfs(Report(0.5, 0.5, 0.4));
        Assert.That(tie.Warnings, Has.Some.Contains("surface rule baseline's 50.0 %"), "a tie is not a gain");
        var none = Report(0.5, 0.5, 0.4) with { InputBaselines = [] };
        Assert.That(ReportDocuments.FromCcfs(none).Headline, Does.Not.Contain("input alone"));
    }

    [Test]
    public void ReportJsonKeepsTheInputBaselines()
    {
        var back = CcfsReport.FromJson(Report(0.525, 0.5, 0.629).ToJson());
        Assert.That(back.InputBaselines.Select(r => (r.Name, r.TestScore)), Is.EqualTo(new[] { ("Surface rule", (double?)0.5), ("Context only", (double?)0.629) }));
        Assert.That(back.Rows().Select(r => r.Name).Take(4), Is.EqualTo(new[] { "Oracle", "None", "Surface rule", "Context only" }));
    }
}
