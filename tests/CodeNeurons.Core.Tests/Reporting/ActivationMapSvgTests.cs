using System.Globalization;
using System.Xml.Linq;
using CodeNeurons.Reporting;

namespace CodeNeurons.Tests.Reporting;

public sealed class ActivationMapSvgTests : TempDirectoryTest
{
    private static readonly XNamespace S = "http://www.w3.org/2000/svg";

    /// <summary>Each token's (text, title, fill, fill-opacity, x, y) parsed back from the SVG.</summary>
    private static List<(string Text, string Title, string Fill, double Opacity, double X, double Y)> Tokens(string svg)
    {
        var root = XElement.Parse(svg);
        Assert.That(root.Name, Is.EqualTo(S + "svg"));
        return root.Descendants(S + "g").Where(g => (string?)g.Attribute("class") == "tok").Select(g =>
        {
            var rect = g.Element(S + "rect")!;
            return (g.Element(S + "text")!.Value, g.Element(S + "title")!.Value, (string)rect.Attribute("fill")!,
                double.Parse((string)rect.Attribute("fill-opacity")!, CultureInfo.InvariantCulture),
                double.Parse((string)rect.Attribute("x")!, CultureInfo.InvariantCulture), double.Parse((string)rect.Attribute("y")!, CultureInfo.InvariantCulture));
        }).ToList();
    }

    private static bool RedFamily((int R, int G, int B) c) => c.R > c.G + 40 && c.R > c.B + 40;
    private static bool BlueFamily((int R, int G, int B) c) => c.B > c.R + 40 && c.B >= c.G;

    [Test]
    public void DefaultColoursFollowNeuroXPositiveBlueNegativeRedZeroTransparentMaxFull()
    {
        TokenActivation[] toks = [new("a", 2.0), new("b", -4.0), new("c", 0.0), new("d", 4.0), new("e", -1.0)];
        var t = Tokens(ActivationMapSvg.Render(toks));
        Assert.That(t.Select(x => x.Text), Is.EqualTo(new[] { "a", "b", "c", "d", "e" }));
        Assert.Multiple(() =>
        {
            Assert.That(BlueFamily(ReportSamples.Rgb(t[0].Fill)), Is.True, $"positive is blue as in NeuroX, got {t[0].Fill}");
            Assert.That(RedFamily(ReportSamples.Rgb(t[1].Fill)), Is.True, $"negative is red as in NeuroX, got {t[1].Fill}");
            Assert.That(t[2].Opacity, Is.EqualTo(0), "zero is transparent (white background)");
            Assert.That(t[3].Opacity, Is.EqualTo(1), "max |value| is full intensity");
            Assert.That(t[1].Opacity, Is.EqualTo(1), "max |value| of a negative is full intensity too");
            Assert.That(t[0].Opacity, Is.EqualTo(0.75).Within(1e-4), "darken 2: 1 − (1 − 0.5)²");
            Assert.That(t[4].Opacity, Is.EqualTo(1 - 0.75 * 0.75).Within(1e-4));
            Assert.That(t[0].Title, Is.EqualTo("a: 2"));
            Assert.That(t[1].Title, Is.EqualTo("b: -4"));
        });
    }

    [Test]
    public void SwappedColoursAndLinearIntensity()
    {
        var options = new ActivationMapSvgOptions { PositiveColor = "#d62728", NegativeColor = "#1f77b4", Darken = 1, MaxAbsValue = 8 };
        var t = Tokens(ActivationMapSvg.Render([new("p", 2.0), new("n", -6.0), new("big", 20.0)], options));
        Assert.Multiple(() =>
        {
            Assert.That(RedFamily(ReportSamples.Rgb(t[0].Fill)), Is.True, "positive → red when asked");
            Assert.That(BlueFamily(ReportSamples.Rgb(t[1].Fill)), Is.True, "negative → blue when asked");
            Assert.That(t[0].Opacity, Is.EqualTo(0.25).Within(1e-4), "given scale: 2 / 8");
            Assert.That(t[1].Opacity, Is.EqualTo(0.75).Within(1e-4), "given scale: 6 / 8");
            Assert.That(t[2].Opacity, Is.EqualTo(1), "beyond the scale is clamped");
        });
    }

    [Test]
    public void OpacityGrowsWithMagnitude()
    {
        var values = Enumerable.Range(-10, 21).Select(i => i / 10.0).ToArray();
        var t = Tokens(ActivationMapSvg.Render(values.Select(v => new TokenActivation("x", v)).ToList()));
        for (int i = 1; i < values.Length; i++)
        {
            if (Math.Abs(values[i]) > Math.Abs(values[i - 1])) Assert.That(t[i].Opacity, Is.GreaterThan(t[i - 1].Opacity));
            if (Math.Abs(values[i]) < Math.Abs(values[i - 1])) Assert.That(t[i].Opacity, Is.LessThan(t[i - 1].Opacity));
        }
    }

    [Test]
    public void AllZeroAndNaNValuesDrawNoShading()
    {
        var t = Tokens(ActivationMapSvg.Render([new("a", 0.0), new("b", double.NaN), new("c", 0.0)]));
        Assert.That(t.Select(x => x.Opacity), Is.All.EqualTo(0));
        Assert.That(t[1].Title, Is.EqualTo("b: NaN"));
    }

    [Test]
    public void TokensAreEscapedAndKeptVerbatim()
    {
        string svg = ActivationMapSvg.Render([new(ReportSamples.Hostile, 1.0), new("a&b", -1.0), new("\"q\"", 0.5)]);
        Assert.That(svg, Does.Not.Contain("<script"));
        var t = Tokens(svg);
        Assert.That(t.Select(x => x.Text), Is.EqualTo(new[] { ReportSamples.Hostile, "a&b", "\"q\"" }));
    }

    [Test]
    public void LinesWrapAtTheCharacterLimit()
    {
        var toks = Enumerable.Range(0, 12).Select(i => new TokenActivation("tok" + i, i)).ToList();
        var t = Tokens(ActivationMapSvg.Render(toks, new ActivationMapSvgOptions { CharsPerLine = 20 }));
        var lines = t.GroupBy(x => x.Y).ToList();
        Assert.That(lines, Has.Count.GreaterThan(1));
        double charWidth = 20 * 0.6;
        foreach (var line in lines)
        {
            int chars = line.Sum(x => x.Text.Length + 1) - 1;
            Assert.That(chars, Is.LessThanOrEqualTo(20), $"line at y={line.Key}");
            Assert.That(line.Min(x => x.X), Is.EqualTo(t.Min(x => x.X)), "each line starts at the left margin");
        }
        Assert.That(t.Zip(t.Skip(1)).All(p => p.Second.Y > p.First.Y || (p.Second.Y == p.First.Y && p.Second.X > p.First.X + charWidth)), Is.True, "reading order");
    }

    [Test]
    public void SentencesStartOnNewLinesAndShareOneScale()
    {
        var map = new ActivationMap { NeuronId = 3, Label = "n3", Sentences = [[new("a", 1.0)], [new("b", 2.0)]] };
        var t = Tokens(ActivationMapSvg.Render(map, new ActivationMapSvgOptions { Darken = 1 }));
        Assert.Multiple(() =>
        {
            Assert.That(t[1].Y, Is.GreaterThan(t[0].Y));
            Assert.That(t[1].X, Is.EqualTo(t[0].X));
            Assert.That(t[0].Opacity, Is.EqualTo(0.5).Within(1e-4), "scale is the max over all sentences");
        });
    }

    [Test]
    public void TwoColumnsDrawPairsSideBySide()
    {
        // Two pairs: (a | b b b), then (c | d). Each pair starts on one row, the second input to the right of the first;
        // the next pair starts below the longer of the two.
        var map = new ActivationMap
        {
            NeuronId = 1, Columns = 2,
            Sentences = [[new("a", 1.0)], [new("bbbbbbbbbb", 1.0), new("bbbbbbbbbb", 1.0), new("bbbbbbbbbb", 1.0)], [new("c", 1.0)], [new("d", 1.0)]],
        };
        var t = Tokens(ActivationMapSvg.Render(map, new ActivationMapSvgOptions { CharsPerLine = 50 }));
        var (a, b1, b3, c, d) = (t[0], t[1], t[3], t[4], t[5]);
        Assert.Multiple(() =>
        {
            Assert.That(b1.Y, Is.EqualTo(a.Y), "the pair's second input starts on the first's row");
            Assert.That(b1.X, Is.EqualTo(a.X + (25 + 3) * 20 * 0.6).Within(1e-6), "in the second column, 25 + 3 characters to the right");
            Assert.That(b3.Y, Is.GreaterThan(b1.Y), "a column wraps at CharsPerLine / 2 = 25 characters");
            Assert.That(c.Y, Is.GreaterThan(b3.Y), "the next pair starts below the longer input");
            Assert.That(d.Y, Is.EqualTo(c.Y));
            Assert.That(c.X, Is.EqualTo(a.X));
        });
        var round = ReportDocument.FromJson(new ReportDocument { ActivationMaps = [map] }.ToJson());
        Assert.That(round.ActivationMaps![0].Columns, Is.EqualTo(2));
    }

    [Test]
    public void SaveWritesAWellFormedSvgFile()
    {
        string path = Path.Combine(TempDir, "neuron.svg");
        ActivationMapSvg.Save([new("int", 1.0), new("x", -0.5)], path);
        var doc = XDocument.Load(path);
        Assert.That(doc.Root!.Name, Is.EqualTo(S + "svg"));
        Assert.Throws<DirectoryNotFoundException>(() => ActivationMapSvg.Save([new("a", 1.0)], Path.Combine(TempDir, "no", "n.svg")));
    }

    [Test]
    public void InvalidOptionsNameTheOption()
    {
        TokenActivation[] toks = [new("a", 1.0)];
        Assert.Multiple(() =>
        {
            Assert.That(Assert.Throws<ArgumentException>(() => ActivationMapSvg.Render(toks, new() { CharsPerLine = 0 }))!.ParamName, Is.EqualTo("CharsPerLine"));
            Assert.That(Assert.Throws<ArgumentException>(() => ActivationMapSvg.Render(toks, new() { PositiveColor = "red\" onload=\"x" }))!.ParamName, Is.EqualTo("PositiveColor"));
            Assert.That(Assert.Throws<ArgumentException>(() => ActivationMapSvg.Render(toks, new() { MaxAbsValue = 0 }))!.ParamName, Is.EqualTo("MaxAbsValue"));
            Assert.That(Assert.Throws<ArgumentException>(() => ActivationMapSvg.Render(toks, new() { Darken = 0 }))!.ParamName, Is.EqualTo("Darken"));
        });
    }
}
