using System.Runtime;
using System.Text.Json.Nodes;
using CodeNeurons.Analysis;
using CodeNeurons.Reporting;

namespace CodeNeurons.Tests.Analysis;

/// <summary>
/// Peak resident memory per stage (<see cref="StageMemory"/>, <see cref="StageLog"/>). The memory tests allocate and
/// touch 200 MB of a managed array, so they run alone (another test's allocations would count in the process's RSS).
/// </summary>
[NonParallelizable]
public class StageMemoryTests
{
    private const long Big = 200_000_000;

    /// <summary>Whether this environment lets a process reset its peak RSS (checked here, apart from StageMemory).</summary>
    private static bool CanResetPeak()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Allocates <see cref="Big"/> bytes and writes every one of them (so every page is resident), then drops them.</summary>
    private static void TouchBigArray()
    {
        var array = GC.AllocateUninitializedArray<byte>((int)Big);
        Array.Fill(array, (byte)1);
        GC.KeepAlive(array);
    }

    /// <summary>Collects and returns freed memory to the operating system.</summary>
    private static void Release()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    /// <summary>A stage that fills 200 MB (released after it), then a tiny stage; the log of both.</summary>
    private static StageLog BigThenTinyStage()
    {
        var log = new StageLog();
        var big = log.Start();
        TouchBigArray();
        big.Stop("big");
        Release();
        var tiny = log.Start();
        GC.KeepAlive(new byte[1000]);
        tiny.Stop("tiny");
        return log;
    }

    [SetUp]
    public void ResetOn() => StageMemory.ResetPeakPerStage = true;

    [TearDown]
    public void ResetOff() => StageMemory.ResetPeakPerStage = false;

    [Test]
    public void ByDefaultThePeakIsNotResetAndTheFiguresArePeaksSoFar()
    {
        StageMemory.ResetPeakPerStage = false;
        var log = BigThenTinyStage();
        Assert.That(log.PeakMemoryKind, Is.EqualTo(PeakMemoryKind.Cumulative), "no reset unless asked for: it would rewrite the process's peak for getrusage and /usr/bin/time");
        Assert.That(log.PeakMemoryBytes[1].Value, Is.GreaterThanOrEqualTo(log.PeakMemoryBytes[0].Value), "a peak so far never falls");
        if (StageMemory.ReadPeak() is { } hwm) Assert.That(hwm, Is.GreaterThanOrEqualTo(Big), "the kernel's peak still holds the 200 MB");
    }

    [Test]
    public void EachStageRecordsItsOwnPeakOrSaysItIsCumulative()
    {
        bool resettable = CanResetPeak();
        var log = BigThenTinyStage();

        Assert.That(log.PeakMemoryBytes.Select(m => m.Key), Is.EqualTo(new[] { "big", "tiny" }));
        Assert.That(log.TimingsSeconds.Select(t => t.Key), Is.EqualTo(new[] { "big", "tiny" }));
        long bigPeak = log.PeakMemoryBytes[0].Value, tinyPeak = log.PeakMemoryBytes[1].Value;
        TestContext.Out.WriteLine($"reset possible: {resettable}; kind {log.PeakMemoryKind}; big stage {bigPeak:N0} B, tiny stage {tinyPeak:N0} B");
        Assert.That(bigPeak, Is.GreaterThanOrEqualTo(Big), "the big stage's peak holds its 200 MB");
        if (resettable)
        {
            Assert.That(log.PeakMemoryKind, Is.EqualTo(PeakMemoryKind.Stage));
            Assert.That(tinyPeak, Is.LessThan(bigPeak - Big / 2), $"the tiny stage's own peak ({tinyPeak:N0} B) is well below the big one's ({bigPeak:N0} B): the peak was reset");
        }
        else
        {
            Assert.That(log.PeakMemoryKind, Is.EqualTo(PeakMemoryKind.Cumulative), "no reset possible here: the figures are the peak so far");
            Assert.That(tinyPeak, Is.GreaterThanOrEqualTo(bigPeak), "a peak so far never falls");
        }
    }

    [Test]
    public void WithoutAResetTheFiguresArePeaksSoFar()
    {
        StageMemory.ResetDisabled = true;
        try
        {
            var log = BigThenTinyStage();
            Assert.That(log.PeakMemoryKind, Is.EqualTo(PeakMemoryKind.Cumulative));
            Assert.That(log.PeakMemoryBytes[0].Value, Is.GreaterThanOrEqualTo(Big));
            Assert.That(log.PeakMemoryBytes[1].Value, Is.GreaterThanOrEqualTo(log.PeakMemoryBytes[0].Value), "a peak so far never falls");
            var report = log.PrependTo(new StageLog().PrependTo(SmallReport() with { PeakMemoryKind = PeakMemoryKind.Stage }));
            Assert.That(report.PeakMemoryKind, Is.EqualTo(PeakMemoryKind.Cumulative), "one cumulative stage makes the report's kind cumulative");
            Assert.That(report.PeakMemoryBytes.Select(m => m.Key), Is.EqualTo(new[] { "big", "tiny", "load", "oracle" }));
        }
        finally
        {
            StageMemory.ResetDisabled = false;
        }
    }

    [Test]
    public void AnOuterStageKeepsThePeakOfItsStartBeforeAnInnerStageResetsIt()
    {
        bool resettable = CanResetPeak();
        var outer = StageMemory.Start();
        TouchBigArray();
        Release();
        var inner = StageMemory.Start();
        long innerPeak = inner.Stop();
        long outerPeak = outer.Stop();
        Assert.That(outer.Kind, Is.EqualTo(resettable ? PeakMemoryKind.Stage : PeakMemoryKind.Cumulative));
        Assert.That(outerPeak, Is.GreaterThanOrEqualTo(Big), "the inner stage's reset does not lose the outer stage's 200 MB");
        if (resettable) Assert.That(innerPeak, Is.LessThan(outerPeak - Big / 2), "the inner stage started after the 200 MB were freed");
        Assert.That(outer.Stop(), Is.EqualTo(outerPeak), "stopping twice gives the same figure");
    }

    private static CcfsReport SmallReport() => new()
    {
        Options = new CcfsOptions(),
        InputNeurons = 4,
        Layers = [0],
        ClassNames = ["A", "B"],
        SplitRows = [10, 5, 0],
        Oracle = new CcfsRow("oracle", "Oracle", 4, 4, 0.9, null, [0, 1, 2, 3]),
        TimingsSeconds = [new("load", 1.5), new("oracle", 2.5)],
        PeakMemoryBytes = [new("load", 150_000_000), new("oracle", 2_345_678_901)],
        PeakMemoryKind = PeakMemoryKind.Stage,
    };

    [Test]
    public void PeakMemoryRoundTripsThroughTheReportJson()
    {
        var report = SmallReport();
        string json = report.ToJson();
        var node = JsonNode.Parse(json)!;
        Assert.That(node["peakMemoryKind"]!.GetValue<string>(), Is.EqualTo("stage"));
        Assert.That(node["peakMemoryBytes"]![1]!["value"]!.GetValue<long>(), Is.EqualTo(2_345_678_901));
        var back = CcfsReport.FromJson(json);
        Assert.That(back.PeakMemoryBytes, Is.EqualTo(report.PeakMemoryBytes));
        Assert.That(back.PeakMemoryKind, Is.EqualTo(PeakMemoryKind.Stage));
        Assert.That(back.ToJson(), Is.EqualTo(json));
    }

    [Test]
    public void AReportWithoutPeakMemoryLoads()
    {
        var node = JsonNode.Parse(SmallReport().ToJson())!.AsObject();
        Assert.That(node.Remove("peakMemoryBytes") && node.Remove("peakMemoryKind"), Is.True);
        var old = CcfsReport.FromJson(node.ToJsonString());
        Assert.That(old.PeakMemoryBytes, Is.Empty);
        Assert.That(old.PeakMemoryKind, Is.EqualTo(PeakMemoryKind.None));
        Assert.That(old.TimingsSeconds, Has.Count.EqualTo(2));
        Assert.That(CcfsReportText.Format(old), Does.Not.Contain("peak RSS"), "nothing recorded, nothing printed");
        Assert.That(ReportDocuments.StageTimings(old).Select(t => t.PeakMemoryBytes), Has.All.Null);
    }

    [Test]
    public void TextAndHtmlShowPeakMemoryNextToTheTimings()
    {
        var report = SmallReport();
        var lines = CcfsReportText.Format(report).Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[^2], Is.EqualTo("timings (s): load 1.5, oracle 2.5"));
        Assert.That(lines[^1], Is.EqualTo("peak RSS (MB): load 150, oracle 2,346"));
        var cumulative = CcfsReportText.Format(report with { PeakMemoryKind = PeakMemoryKind.Cumulative });
        Assert.That(cumulative, Does.Contain("peak RSS so far (MB; the stage's own peak could not be measured): load 150, oracle 2,346"));

        var timings = ReportDocuments.StageTimings(report);
        Assert.That(timings.Select(t => t.PeakMemoryBytes), Is.EqualTo(new long?[] { 150_000_000, 2_345_678_901 }));
        string html = HtmlReport.Render(new ReportDocument { Title = "t", Timings = timings });
        Assert.That(html, Does.Contain("<th>peak RSS (MB)</th>"));
        Assert.That(html, Does.Contain("<td class=\"text\">oracle</td><td>2.50</td><td>2,346</td>"));
        Assert.That(html, Does.Contain("<th>total</th><th>4.00</th><th>2,346</th>"));
        Assert.That(HtmlReport.Render(new ReportDocument { Title = "t", Timings = [new("load", 1.5)] }), Does.Not.Contain("peak RSS"), "no column without figures");
        var back = ReportDocument.FromJson(new ReportDocument { Timings = timings }.ToJson());
        Assert.That(back.Timings![1], Is.EqualTo(timings[1]), "the document's JSON keeps the figure and its kind");
    }
}
