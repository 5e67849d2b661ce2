using System.Text.RegularExpressions;
using CodeNeurons.Reporting;

namespace CodeNeurons.Tests.Reporting;

public sealed class HtmlReportTests : TempDirectoryTest
{
    private static readonly string[] MissingSentences =
    [
        "No settings recorded in this report.", "No timings recorded in this report.", "No probe results in this report.",
        "No accuracy curves in this report.", "No bar charts in this report.", "No layer-similarity (CKA) matrix in this report.",
        "No top-neuron tables in this report.", "No activation maps in this report.", "No notes.", "No headline result in this report.",
    ];

    [Test]
    public void EmptyReportRendersEverySectionWithItsMissingSentence()
    {
        string html = HtmlReport.Render(new ReportDocument());
        Assert.That(html, Does.StartWith("<!DOCTYPE html>"));
        Assert.That(html, Does.Contain("<title>CodeNeurons report</title>"));
        foreach (string sentence in MissingSentences) Assert.That(html, Does.Contain(sentence));
        Assert.That(ReportSamples.InlineSvgs(html), Is.Empty);
    }

    [Test]
    public void EmptyListsCountAsMissing()
    {
        string html = HtmlReport.Render(new ReportDocument { Stages = [], LineCharts = [], Concepts = [], Notes = [] });
        foreach (string sentence in MissingSentences) Assert.That(html, Does.Contain(sentence));
    }

    [Test]
    public void FullReportHasNoMissingSentenceAndTheExpectedSvgs()
    {
        string html = HtmlReport.Render(ReportSamples.Full());
        foreach (string sentence in MissingSentences) Assert.That(html, Does.Not.Contain(sentence));
        var svgs = ReportSamples.InlineSvgs(html);
        Assert.That(svgs, Has.Count.EqualTo(ReportSamples.FullSvgCount));
        Assert.That(Regex.Matches(html, "<svg[\\s>]").Count, Is.EqualTo(ReportSamples.FullSvgCount), "every svg element parsed as XML");
        Assert.That(html, Does.Contain("9,984").And.Contain("73.1%").And.Contain("95.1%"), "counts and percentages in invariant culture");
    }

    [Test]
    public void AllTextIsEscaped()
    {
        string html = HtmlReport.Render(ReportSamples.Full());
        Assert.That(html, Does.Not.Contain("<script").IgnoreCase);
        Assert.That(html, Does.Contain("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
        int hostile = Regex.Matches(html, Regex.Escape("&lt;script&gt;")).Count;
        Assert.That(hostile, Is.GreaterThanOrEqualTo(12), "title ×2, setting, stage detail, concept, top token, activation token and caption, note, warning, network title, glossary");
    }

    [Test]
    public void NothingIsLoadedFromTheNetwork()
    {
        string html = HtmlReport.Render(ReportSamples.Full());
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Not.Match("(src|href|action|xlink:href)\\s*=\\s*[\"']?\\s*(https?:)?//").IgnoreCase);
            Assert.That(html, Does.Not.Match("url\\(\\s*[\"']?\\s*(https?:)?//").IgnoreCase);
            Assert.That(html, Does.Not.Contain("@import"));
            Assert.That(html, Does.Not.Contain("<link").IgnoreCase);
            Assert.That(html, Does.Not.Contain("http://").And.Not.Contain("https://"));
        });
    }

    [Test]
    public void LongTablesAreCutWithAVisibleNote()
    {
        string html = HtmlReport.Render(ReportSamples.Full());
        Assert.That(html, Does.Contain("showing 50 of 2,688 neurons"));
        string keyword = Regex.Match(html, "<h3>KEYWORD</h3>.*?</table>", RegexOptions.Singleline).Value;
        Assert.That(Regex.Matches(keyword, "<tr><td>").Count, Is.EqualTo(50));

        string small = HtmlReport.Render(ReportSamples.Full(), new HtmlReportOptions { MaxTableRows = 3 });
        Assert.That(small, Does.Contain("showing 3 of 2,688 neurons").And.Contain("showing 3 of 5 neurons"));
    }

    [Test]
    public void ShortTablesHaveNoNote()
    {
        var doc = new ReportDocument { Concepts = [new ConceptNeurons { Concept = "c", Neurons = [new NeuronEntry { NeuronId = 3, Score = 0.5 }] }] };
        string html = HtmlReport.Render(doc);
        Assert.That(html, Does.Not.Contain("showing "));
        Assert.That(html, Does.Contain("<td>0.5</td>"));
    }

    [TestCase(0)]
    [TestCase(-5)]
    public void NonPositiveTableCapIsRejected(int rows)
    {
        var ex = Assert.Throws<ArgumentException>(() => HtmlReport.Render(new ReportDocument(), new HtmlReportOptions { MaxTableRows = rows }));
        Assert.That(ex!.ParamName, Is.EqualTo("MaxTableRows"));
    }

    [Test]
    public void ActivationMapSectionUsesTheConfiguredTokenCap()
    {
        string html = HtmlReport.Render(ReportSamples.Full(), new HtmlReportOptions { ActivationMapMaxTokens = 5 });
        Assert.That(html, Does.Contain("showing 5 of 30 tokens").And.Contain("showing 5 of 22 tokens"));
    }

    [Test]
    public void SaveWritesTheRenderedReport()
    {
        string path = Path.Combine(TempDir, "report.html");
        var doc = ReportSamples.Full();
        HtmlReport.Save(doc, path);
        Assert.That(File.ReadAllText(path), Is.EqualTo(HtmlReport.Render(doc)));
        Assert.That(Directory.GetFiles(TempDir), Is.EqualTo(new[] { path }), "no temporary file left");
    }

    [Test]
    public void SaveIntoMissingFolderThrowsNamingIt()
    {
        string dir = Path.Combine(TempDir, "missing", "deeper");
        var ex = Assert.Throws<DirectoryNotFoundException>(() => HtmlReport.Save(new ReportDocument(), Path.Combine(dir, "r.html")));
        Assert.That(ex!.Message, Does.Contain(dir));
        Assert.That(Directory.Exists(Path.Combine(TempDir, "missing")), Is.False);
    }

    [Test]
    public void CancelledSaveLeavesNoFileAndKeepsAnEarlierOne()
    {
        string path = Path.Combine(TempDir, "report.html");
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => HtmlReport.Save(ReportSamples.Full(), path, null, cts.Token));
        Assert.That(Directory.GetFileSystemEntries(TempDir), Is.Empty);

        File.WriteAllText(path, "earlier");
        Assert.Throws<OperationCanceledException>(() => HtmlReport.Save(ReportSamples.Full(), path, null, cts.Token));
        Assert.That(File.ReadAllText(path), Is.EqualTo("earlier"));
        Assert.That(Directory.GetFiles(TempDir), Is.EqualTo(new[] { path }));
    }
}
