using System.Xml.Linq;
using CodeNeurons.Reporting;

namespace CodeNeurons.Tests.Reporting;

public sealed class ChartSvgTests
{
    private static readonly XNamespace S = "http://www.w3.org/2000/svg";

    private static XElement Parse(string svg)
    {
        var root = XElement.Parse(svg);
        Assert.That(root.Name, Is.EqualTo(S + "svg"));
        string[] geometry = ["x", "y", "width", "height", "cx", "cy", "x1", "x2", "y1", "y2", "points", "transform", "viewBox"];
        var coordinates = root.DescendantsAndSelf().SelectMany(e => e.Attributes()).Where(a => geometry.Contains(a.Name.LocalName)).Select(a => a.Value).ToList();
        Assert.That(coordinates, Is.Not.Empty);
        Assert.That(coordinates, Has.None.Contain("NaN").And.None.Contain("Infinity").And.None.Contain("∞"), "no non-finite coordinate");
        return root;
    }

    private static LineChart Chart(params ChartSeries[] series) => new() { Title = "t", XLabel = "x", YLabel = "y", Series = series };

    [Test]
    public void HeatMapHasOneCellPerEntryWithItsValueOnHover()
    {
        var map = ReportSamples.Full().HeatMaps![0];
        var root = Parse(ChartSvg.Heat(map, standalone: true));
        var cells = root.Descendants(S + "rect").Where(r => (string?)r.Attribute("class") == "cell").ToList();
        Assert.That(cells, Has.Count.EqualTo(13 * 13));
        var c = cells[2 * 13 + 5];
        Assert.That(c.Element(S + "title")!.Value, Is.EqualTo($"L2 × L5: {Math.Round(Math.Exp(-3 / 4.0) * 0.95, 4).ToString(System.Globalization.CultureInfo.InvariantCulture)}"));
        Assert.That((string?)cells[0].Attribute("data-value"), Is.EqualTo("1"));
        Assert.That((string?)cells[0].Attribute("fill"), Is.EqualTo(ChartSvg.Sequential(1)), "the maximum is darkest");
    }

    [Test]
    public void RectangularHeatMapWithNaNAndDefaultLabels()
    {
        var map = new HeatMap { Title = "r", Values = [[1.0, double.NaN, 3.0], [4.0, 5.0, 6.0]] };
        var cells = Parse(ChartSvg.Heat(map, standalone: true)).Descendants(S + "rect").Where(r => (string?)r.Attribute("class") == "cell").ToList();
        Assert.That(cells, Has.Count.EqualTo(6));
        Assert.That(cells[1].Element(S + "title")!.Value, Is.EqualTo("0 × 1: NaN"));
        Assert.That((string?)cells[1].Attribute("fill"), Is.EqualTo("#bbbbbb"));
        Assert.That((string?)cells[0].Attribute("fill"), Is.EqualTo(ChartSvg.Sequential(0)), "the minimum is lightest");
    }

    [Test]
    public void EmptyHeatMapSaysNoData()
    {
        Assert.That(Parse(ChartSvg.Heat(new HeatMap { Title = "e" }, standalone: true)).Value, Does.Contain("no data"));
    }

    [Test]
    public void LineChartDrawsOneMarkerPerFinitePointAndBreaksAtNaN()
    {
        var chart = Chart(new ChartSeries { Name = "a", Points = [new(0, 1), new(1, 2), new(2, double.NaN), new(3, 1.5), new(4, 1)] });
        var root = Parse(ChartSvg.Line(chart, 600, 300, standalone: true));
        Assert.That(root.Descendants(S + "circle").Count(), Is.EqualTo(4));
        Assert.That(root.Descendants(S + "polyline").Count(), Is.EqualTo(2), "NaN splits the line in two");
        Assert.That(root.Descendants(S + "circle").First().Element(S + "title")!.Value, Is.EqualTo("a: x = 0, y = 1"));
        var texts = root.Descendants(S + "text").Select(t => t.Value).ToList();
        Assert.That(texts, Does.Contain("t").And.Contain("x").And.Contain("y").And.Contain("a"), "title, axis labels, legend");
    }

    [Test]
    public void EmptySinglePointAndConstantSeriesRender()
    {
        Assert.That(Parse(ChartSvg.Line(Chart(), 600, 300, standalone: true)).Value, Does.Contain("no data"));
        Assert.That(Parse(ChartSvg.Line(Chart(new ChartSeries { Name = "none" }), 600, 300, standalone: true)).Value, Does.Contain("no data"));
        Assert.That(Parse(ChartSvg.Line(Chart(new ChartSeries { Name = "nan", Points = [new(double.NaN, 1)] }), 600, 300, standalone: true)).Value, Does.Contain("no data"));

        var single = Parse(ChartSvg.Line(Chart(new ChartSeries { Name = "one", Points = [new(5, 0.5)] }), 600, 300, standalone: true));
        Assert.That(single.Descendants(S + "circle").Count(), Is.EqualTo(1));

        var flat = Parse(ChartSvg.Line(Chart(new ChartSeries { Name = "flat", Points = [new(1, 0.9), new(2, 0.9), new(3, 0.9)] }), 600, 300, standalone: true));
        var ys = flat.Descendants(S + "circle").Select(c => (string?)c.Attribute("cy")).Distinct().ToList();
        Assert.That(ys, Has.Count.EqualTo(1), "a constant series is a flat line");
    }

    [Test]
    public void LogAxisSkipsNonPositiveXAndTicksAtPowersOfTen()
    {
        var chart = Chart(new ChartSeries { Name = "a", Points = [new(0, 1), new(10, 2), new(100, 3), new(5000, 4)] }) with { LogX = true };
        var root = Parse(ChartSvg.Line(chart, 600, 300, standalone: true));
        Assert.That(root.Descendants(S + "circle").Count(), Is.EqualTo(3));
        var texts = root.Descendants(S + "text").Select(t => t.Value).ToList();
        Assert.That(texts, Does.Contain("10").And.Contain("100").And.Contain("1,000").And.Contain("10,000"));
    }

    [Test]
    public void SecondaryAxisHasItsOwnTicks()
    {
        var chart = Chart(
            new ChartSeries { Name = "acc", Points = [new(0.1, 0.9), new(0.5, 0.8)] },
            new ChartSeries { Name = "kept", SecondaryAxis = true, Points = [new(0.1, 9000), new(0.5, 1000)] }) with
        { Y2Label = "neurons" };
        var texts = Parse(ChartSvg.Line(chart, 600, 300, standalone: true)).Descendants(S + "text").Select(t => t.Value).ToList();
        Assert.That(texts, Does.Contain("neurons").And.Contain("10,000").And.Contain("0.9"));
    }

    [Test]
    public void BarChartDrawsOneBarPerFiniteValue()
    {
        var chart = new BarChart { Title = "b", Categories = ["x", "y", "z"], Series = [new("s1", [1.0, double.NaN, -2.0]), new("s2", [3.0, 4.0, 5.0])] };
        var root = Parse(ChartSvg.Bar(chart, 600, 300, standalone: true));
        var bars = root.Descendants(S + "rect").Where(r => (string?)r.Attribute("class") == "bar").ToList();
        Assert.That(bars, Has.Count.EqualTo(5));
        Assert.That(bars.Select(b => b.Element(S + "title")!.Value), Does.Contain("s1, z: -2"));
        Assert.That(Parse(ChartSvg.Bar(new BarChart { Title = "e" }, 600, 300, standalone: true)).Value, Does.Contain("no data"));
    }

    [Test]
    public void EscapeHandlesMarkupAndCharactersXmlForbids()
    {
        Assert.That(Svg.Escape("<a href=\"x\">&'</a>"), Is.EqualTo("&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;"));
        Assert.That(Svg.Escape("a\u0001b\uD800c😀"), Is.EqualTo("a\uFFFDb\uFFFDc😀"));
        Assert.DoesNotThrow(() => XElement.Parse("<t>" + Svg.Escape("x\u0000\u001F\uDC00") + "</t>"));
    }
}
