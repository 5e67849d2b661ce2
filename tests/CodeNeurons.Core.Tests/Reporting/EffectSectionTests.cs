using CodeNeurons.Reporting;

namespace CodeNeurons.Tests.Reporting;

/// <summary>The optional "Effect of the concept neurons" section and the effect.json round trip.</summary>
[TestFixture]
public sealed class EffectSectionTests : TempDirectoryTest
{
    private static InterventionEffect Sample() => new()
    {
        Model = "tiny", Mode = "zero", Neurons = ["7:717", "0:47"], Controls = 2, Seed = 3, Snippets = 4, Tokens = 40,
        Measures =
        [
            new EffectMeasure("probe.accuracy", null, 21, 0.9, 0.6, -0.3, -0.05, 0.02, [-0.03, -0.07]),
            new EffectMeasure("probe.accuracy", "STRING", 5, 1.0, 0.2, -0.8, 0.0, double.NaN, [0.0]),
        ],
        Propagation = [new LayerPropagation(0, 0, 0, 0, 0), new LayerPropagation(1, 1.5, 0.25, 0.4, 0.1)],
        Notes = ["Probe: trained here."],
    };

    [Test]
    public void TheSectionShowsEachMeasureAgainstItsControlPerClass()
    {
        string html = HtmlReport.Render(new ReportDocument { Title = "t", Effects = [Sample()] });
        Assert.That(html, Does.Contain("<section id=\"effects\">").And.Contain("Effect of the concept neurons"));
        Assert.That(html, Does.Contain("zero: 7:717, 0:47"));
        Assert.That(html, Does.Contain("<td class=\"text\">STRING</td><td>5</td><td>1.0000</td><td>0.2000</td><td>−0.8000</td><td>0.0000 ± –</td>"));
        Assert.That(html, Does.Contain("<td>1</td><td>1.5000</td><td>0.2500</td><td>0.4000 ± 0.1000</td>"));
    }

    [Test]
    public void AReportWithoutEffectsHasNoEffectSection()
    {
        Assert.That(HtmlReport.Render(new ReportDocument { Title = "t" }), Does.Not.Contain("id=\"effects\""));
    }

    [Test]
    public void EffectsRoundTripThroughTheirFileAndTheReportDocument()
    {
        string path = Path.Combine(TempDir, "effect.json");
        Sample().Save(path);
        var back = InterventionEffect.Load(path);
        Assert.That(back.ToJson(), Is.EqualTo(Sample().ToJson()));
        Assert.That(back.Measures[1].ControlSd, Is.NaN);
        var doc = ReportDocument.FromJson(new ReportDocument { Effects = [back] }.ToJson());
        Assert.That(doc.Effects![0].ToJson(), Is.EqualTo(back.ToJson()));
        File.WriteAllText(path, "{\"mode\": \"zero\"}");
        Assert.That(Assert.Throws<InvalidDataException>(() => InterventionEffect.Load(path))!.Message, Does.Contain("effect.json"));
    }
}
