using System.Text.RegularExpressions;
using CodeNeurons.Reporting;

namespace CodeNeurons.Tests.Reporting;

/// <summary>Issue 18: the headline comes first, every abbreviation is in the glossary, the kept neurons are listed, noise is flagged.</summary>
public sealed partial class ReportExplainsItselfTests
{
    private static string Html => HtmlReport.Render(ReportSamplesCcfs.Document);

    [Test]
    public void HeadlineSentenceComesBeforeAnyTable()
    {
        string html = Html;
        var headline = HeadlineParagraph().Match(html);
        Assert.That(headline.Success, Is.True, "a headline paragraph");
        var best = ReportSamplesCcfs.Report.Best!;
        Assert.That(headline.Groups[1].Value, Does.Contain($"{best.Neurons} of the 40 neurons").And.Contain("the oracle").And.Contain("95 % CI"));
        Assert.That(headline.Index, Is.LessThan(html.IndexOf("<table", StringComparison.Ordinal)), "headline before the first table");
        Assert.That(headline.Index, Is.LessThan(html.IndexOf("<svg", StringComparison.Ordinal)), "headline before the first picture");
        int glossary = html.IndexOf("id=\"glossary\"", StringComparison.Ordinal), settings = html.IndexOf("id=\"settings\"", StringComparison.Ordinal);
        Assert.That(html.IndexOf("id=\"concepts\"", StringComparison.Ordinal), Is.LessThan(glossary), "evidence, then the glossary");
        Assert.That(glossary, Is.LessThan(settings), "settings last");
    }

    [Test]
    public void EveryAbbreviationUsedHasAGlossaryEntry()
    {
        string html = Html;
        var terms = GlossaryTerm().Matches(html).Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)).ToHashSet();
        // What a reader sees, without code tokens (they are the model's input, not our words).
        string visible = ReportGlossary.VisibleText(CodeElement().Replace(html, " "));
        var used = Abbreviation().Matches(visible).Select(m => m.Value).Distinct().ToList();
        Assert.That(used, Is.Not.Empty);
        Assert.That(used.Where(a => !terms.Contains(a)), Is.Empty, $"abbreviations without a glossary entry; used: {string.Join(" ", used)}");
        foreach (string word in new[] { "oracle", "probeless", "selectivity", "separation", "AUROC", "LS", "CC", "LCA", "δ_L", "δ_N", "CI", "CKA", "IDENT" })
            if (Regex.IsMatch(visible, $"(?<!\\w){Regex.Escape(word)}(?!\\w)", RegexOptions.IgnoreCase))
                Assert.That(terms, Does.Contain(word), word);
        Assert.That(terms, Does.Contain("oracle").And.Contain("LCA").And.Contain("AUROC").And.Contain("NUMBER"));
    }

    [Test]
    public void KeptNeuronIdsAppearInTheHtml()
    {
        string html = Html;
        var best = ReportSamplesCcfs.Report.Best!;
        Assert.That(best.KeptNeurons, Is.Not.Empty);
        foreach (int id in best.KeptNeurons)
        {
            Assert.That(html, Does.Contain($"<code>{id / 10}:{id % 10}</code>"), $"neuron {id} listed as layer:unit");
            Assert.That(html, Does.Contain($"<title>{id / 10}:{id % 10} (neuron {id})</title>"), $"neuron {id} marked in the network picture");
        }
        var network = ReportSamples.InlineSvgs(html).Single(s => (string?)s.Attribute("class") == "chart network-map");
        Assert.That(network.Descendants().Count(e => (string?)e.Attribute("class") == "kept"), Is.EqualTo(best.Neurons));
        Assert.That(network.Descendants().Count(e => (string?)e.Attribute("class") == "layer"), Is.EqualTo(4));
    }

    [Test]
    public void SmallSplitsAndTiesWithTheOracleAreFlagged()
    {
        var doc = ReportSamplesCcfs.Document;
        Assert.That(doc.Warnings, Has.Some.Contains("dev split has only 148 tokens").And.Some.Contains("test split has only 200 tokens"));
        Assert.That(doc.Warnings!.Any(w => w.Contains("train split")), Is.False, "300 < 500 rows, but only dev and test decide or report");
        string html = Html;
        Assert.That(html, Does.Match("<td>\\d+\\.\\d%\\s*<span class=\"ci\">\\[\\d+\\.\\d–\\d+\\.\\d\\]</span></td>"), "accuracies carry their interval");
    }

    [Test]
    public void ASetThatBeatsTheOracleWithinItsIntervalIsCalledATie()
    {
        var report = ReportSamplesCcfs.Report;
        var cc = report.Clustering[0] with { Name = "CC t=0.7", DevScore = report.Oracle.DevScore + 0.005 };
        var doc = ReportDocuments.FromCcfs(report with { Clustering = [cc, .. report.Clustering.Skip(1)] });
        Assert.That(doc.Warnings, Has.One.Contains("CC t=0.7").And.Contains("a tie, not a gain").And.Contains("95 % CI"));
        Assert.That(doc.Concepts![0].RankedBy, Does.Contain("weight"), "without activations the tables say they are ranked by weight");
        Assert.That(doc.ActivationMaps, Is.Null);
        Assert.That(doc.Headline, Does.StartWith($"A probe on {report.Best!.Neurons} of the 40 neurons"));
    }

    [Test]
    public void ConceptNeuronsAreRankedByEvidenceAgainstRandomNeurons()
    {
        var number = ReportSamplesCcfs.Document.Concepts!.Single(c => c.Concept == "NUMBER");
        // NUMBER = class 2 = bit 1 only: neurons 25/26 fire on it (and on class 3).
        var top = number.Neurons![0];
        Assert.That(top.NeuronId, Is.AnyOf(25, 26, 23, 24));
        Assert.That(Math.Max(top.Auroc!.Value, 1 - top.Auroc.Value), Is.GreaterThan(number.RandomPercentile95!.Value));
        Assert.That(number.Neurons.Select(n => Math.Max(n.Auroc!.Value, 1 - n.Auroc.Value)), Is.Ordered.Descending);
        Assert.That(number.RandomNeurons, Is.EqualTo(20));
        Assert.That(top.TopTokens, Is.Not.Empty);
        Assert.That(top.TopTokenMeans, Has.Count.EqualTo(top.TopTokens!.Count));
        string html = Html;
        Assert.That(html, Does.Contain("<th>AUROC</th>").And.Contain("random neurons of the same layers"));
    }

    [Test]
    public void ActivationMapsShowFiringLinesAndAQuietLinePerNeuron()
    {
        var maps = ReportSamplesCcfs.Document.ActivationMaps!;
        Assert.That(maps, Is.Not.Empty);
        Assert.That(maps.Select(m => m.NeuronId).Distinct().Count(), Is.GreaterThan(1), "not every map is the same neuron");
        foreach (var m in maps)
        {
            Assert.That(m.Sentences, Has.Count.EqualTo(4));
            Assert.That(m.SentenceCaptions!.Take(3), Has.All.StartWith("fires most"));
            Assert.That(m.SentenceCaptions![3], Does.StartWith("does not fire"));
            int dir = double.Parse(Regex.Match(m.Label!, "AUROC ([0-9.]+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= 0.5 ? 1 : -1;
            double Peak(int s) => m.Sentences![s].Max(t => dir * t.Value);
            Assert.That(Peak(0), Is.GreaterThan(Peak(3)), m.Label);
        }
        var firstLines = maps.Select(m => string.Join(" ", m.Sentences![0].Select(t => t.Token))).Distinct().Count();
        Assert.That(firstLines, Is.GreaterThan(1), "maps do not all show the same first line");
    }

    [Test]
    public void SentenceCaptionsAreDrawnAboveTheirSentences()
    {
        var map = new ActivationMap
        {
            NeuronId = 1,
            Sentences = [[new TokenActivation("a", 1)], [new TokenActivation("b", -1)]],
            SentenceCaptions = ["fires most: 1.00 on “a”", null],
        };
        var svg = System.Xml.Linq.XElement.Parse(ActivationMapSvg.Render(map));
        var captions = svg.Descendants().Where(e => (string?)e.Attribute("class") == "caption").ToList();
        Assert.That(captions.Select(c => c.Value), Is.EqualTo(new[] { "fires most: 1.00 on “a”" }));
        double Y(System.Xml.Linq.XElement e) => double.Parse((string)e.Attribute("y")!, System.Globalization.CultureInfo.InvariantCulture);
        var tokens = svg.Descendants().Where(e => e.Name.LocalName == "text" && e.Parent?.Attribute("class")?.Value == "tok").ToList();
        Assert.That(Y(captions[0]), Is.LessThan(Y(tokens[0])).And.LessThan(Y(tokens[1])));
    }

    [Test]
    public void IdenticalSearchCurvesAreMergedAndSortedByX()
    {
        var chart = ReportSamplesCcfs.Document.LineCharts!.Single(c => c.Title.StartsWith("Dev accuracy vs neurons kept"));
        var searches = ReportSamplesCcfs.Report.GridSearches.Select(g => g.Name).Distinct().ToList();
        var series = chart.Series!.Where(s => !s.Name.StartsWith("oracle")).ToList();
        Assert.That(series.SelectMany(s => s.Name.Replace(" (identical)", "").Split(" = ")), Is.EquivalentTo(searches), "every search named once");
        var shapes = series.Select(s => string.Join(";", s.Points!.Select(p => $"{p.X},{p.Y}"))).ToList();
        Assert.That(shapes, Is.Unique, "no two series draw the same curve");
        foreach (var s in series) Assert.That(s.Points!.Select(p => p.X), Is.Ordered.Ascending, s.Name);
        Assert.That(chart.Series!.Last().Name, Is.EqualTo("oracle (all neurons)"));
    }

    [Test]
    public void LineSeriesDifferInMarkerAndDash()
    {
        var chart = new LineChart
        {
            Title = "t",
            Series = Enumerable.Range(0, 4).Select(i => new ChartSeries { Name = "s" + i, Points = [new(1, i), new(2, i + 0.5)] }).ToArray(),
        };
        var svg = System.Xml.Linq.XElement.Parse(ChartSvg.Line(chart, 600, 300, standalone: true));
        var ns = svg.Name.Namespace;
        var dashes = svg.Descendants(ns + "polyline").Select(p => (string?)p.Attribute("stroke-dasharray")).ToList();
        Assert.That(dashes, Is.Unique);
        var markers = svg.Descendants(ns + "g").Where(g => (string?)g.Attribute("class") == "series")
            .Select(g => g.Elements().Where(e => e.Name.LocalName is "circle" or "path").Select(e => (string?)e.Attribute("data-marker")).First()).ToList();
        Assert.That(markers, Is.Unique, "each series has its own marker shape");
    }

    [Test]
    public void HeatMapIsWideEnoughForItsTitle()
    {
        var map = ReportSamplesCcfs.Document.HeatMaps![0];
        Assert.That(map.Values, Has.Count.EqualTo(3));
        var svg = System.Xml.Linq.XElement.Parse(ChartSvg.Heat(map, standalone: true));
        double width = double.Parse((string)svg.Attribute("width")!, System.Globalization.CultureInfo.InvariantCulture);
        var title = svg.Descendants().Where(e => (string?)e.Attribute("class") == "title").ToList();
        Assert.That(title, Is.Not.Empty);
        foreach (var t in title)
            Assert.That(ChartSvg.TextWidth(t.Value, 14), Is.LessThanOrEqualTo(width - 10), $"title line '{t.Value}' fits in {width} px");
    }

    [GeneratedRegex("<p class=\"headline\">(.*?)</p>", RegexOptions.Singleline)]
    private static partial Regex HeadlineParagraph();

    [GeneratedRegex("<dt>(.*?)</dt>")]
    private static partial Regex GlossaryTerm();

    [GeneratedRegex("<code>.*?</code>|<svg class=\"activation-map\".*?</svg>", RegexOptions.Singleline)]
    private static partial Regex CodeElement();

    /// <summary>Two or more capitals (LS, LCA, AUROC, IDENT), optionally joined by '+', or δ_X.</summary>
    [GeneratedRegex("(?<![\\w+])(?:[A-Z][A-Z0-9]+(?:\\+[A-Z][A-Z0-9]+)*|δ_[A-Za-z])(?![\\w+])")]
    private static partial Regex Abbreviation();
}
