using System.Text.Json;
using CodeNeurons.Reporting;

namespace CodeNeurons.Tests.Reporting;

public sealed class ReportDocumentTests : TempDirectoryTest
{
    [Test]
    public void FullReportRoundTripsThroughJson()
    {
        var doc = ReportSamples.Full();
        string json = doc.ToJson();
        var back = ReportDocument.FromJson(json);

        Assert.That(back.ToJson(), Is.EqualTo(json));
        Assert.Multiple(() =>
        {
            Assert.That(back.Title, Is.EqualTo(doc.Title));
            Assert.That(back.CreatedUtc, Is.EqualTo(doc.CreatedUtc));
            Assert.That(back.Settings!.Select(s => s.Key), Is.EqualTo(doc.Settings!.Select(s => s.Key)));
            Assert.That(back.Timings![1], Is.EqualTo(new StageTiming("cluster", 37.25)));
            Assert.That(back.Stages![1].Reduction, Is.EqualTo(1 - 2688.0 / 9984).Within(1e-12));
            Assert.That(back.LineCharts![1].Series![1].SecondaryAxis, Is.True);
            Assert.That(double.IsNaN(back.LineCharts[2].Series![1].Points![6].Y), Is.True, "NaN survives the round trip");
            Assert.That(back.HeatMaps![0].Values![3], Is.EqualTo(doc.HeatMaps![0].Values![3]));
            Assert.That(back.Concepts![0].TotalNeurons, Is.EqualTo(2688));
            Assert.That(back.Concepts[0].Neurons![0].TopTokens, Is.EqualTo(doc.Concepts![0].Neurons![0].TopTokens));
            Assert.That(back.ActivationMaps![0].Sentences![0], Is.EqualTo(doc.ActivationMaps![0].Sentences![0]));
        });
    }

    [Test]
    public void JsonIsCamelCaseAndOmitsAbsentSections()
    {
        string json = new ReportDocument { Title = "t", Stages = [new StageRow { Name = "s", NeuronsKept = 1, NeuronsTotal = 4 }] }.ToJson();
        using var parsed = JsonDocument.Parse(json);
        var root = parsed.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("title").GetString(), Is.EqualTo("t"));
            Assert.That(root.TryGetProperty("heatMaps", out _), Is.False);
            var stage = root.GetProperty("stages")[0];
            Assert.That(stage.GetProperty("neuronsKept").GetInt32(), Is.EqualTo(1));
            Assert.That(stage.GetProperty("reduction").GetDouble(), Is.EqualTo(0.75), "the computed reduction is written");
        });
    }

    [Test]
    public void ReductionIsComputedOnlyWhenAbsent()
    {
        Assert.Multiple(() =>
        {
            Assert.That(new StageRow { Name = "a", NeuronsKept = 25, NeuronsTotal = 100 }.Reduction, Is.EqualTo(0.75));
            Assert.That(new StageRow { Name = "b", NeuronsKept = 25, NeuronsTotal = 100, Reduction = 0.5 }.Reduction, Is.EqualTo(0.5));
            Assert.That(new StageRow { Name = "c", NeuronsKept = 0, NeuronsTotal = 0 }.Reduction, Is.Null);
        });
    }

    [Test]
    public void EmptyDocumentRoundTrips()
    {
        var back = ReportDocument.FromJson(new ReportDocument().ToJson());
        Assert.That(back, Is.EqualTo(new ReportDocument()));
    }

    [Test]
    public void SaveAndLoadRoundTripAndLeaveNoTemporaryFile()
    {
        string path = Path.Combine(TempDir, "report.json");
        var doc = ReportSamples.Full();
        doc.Save(path);
        Assert.That(ReportDocument.Load(path).ToJson(), Is.EqualTo(doc.ToJson()));
        Assert.That(Directory.GetFiles(TempDir), Is.EqualTo(new[] { path }));
    }

    [Test]
    public void BadJsonIsInvalidDataNamingTheFile()
    {
        string path = Path.Combine(TempDir, "bad.json");
        File.WriteAllText(path, "{ \"title\": 3 ");
        var ex = Assert.Throws<InvalidDataException>(() => ReportDocument.Load(path));
        Assert.That(ex!.Message, Does.Contain(path));
        Assert.Throws<InvalidDataException>(() => ReportDocument.FromJson("null"));
    }

    [Test]
    public void SaveIntoMissingFolderThrowsNamingIt()
    {
        string dir = Path.Combine(TempDir, "nope");
        var ex = Assert.Throws<DirectoryNotFoundException>(() => new ReportDocument().Save(Path.Combine(dir, "r.json")));
        Assert.That(ex!.Message, Does.Contain(dir));
        Assert.That(Directory.Exists(dir), Is.False);
    }
}
