using System.Globalization;
using CodeNeurons.Analysis;

namespace CodeNeurons.Reporting;

/// <summary>A plain-text rendering of a <see cref="CcfsReport"/>: one table row per pipeline row, the best choice, selectivity, notes, timings and peak memory.</summary>
public static class CcfsReportText
{
    /// <summary>Writes the table to <paramref name="writer"/>.</summary>
    /// <param name="report">The report.</param>
    /// <param name="writer">Where to write (e.g. <c>Console.Out</c> in an application).</param>
    public static void Write(CcfsReport report, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(writer);
        var w = writer;
        w.WriteLine($"protocol: {report.Options.Protocol.ToString().ToLowerInvariant()}; metric: {MetricName(report.Options.Metric)} (dev and test columns){(report.Streamed ? "; streamed (StreamedCcfs, rows read from disk)" : "")}");
        w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"row",-34} {"neurons",8} {"removed",8} {"dev",7} {"test",7}"));
        foreach (var r in report.Rows())
            w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Name,-34} {r.Neurons,8} {r.Reduction,8:P1} {r.DevScore,7:F4} {(r.TestScore is { } t ? t.ToString("F4", CultureInfo.InvariantCulture) : "-"),7}"));
        if (report.Best is { } best)
            w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"best on dev: {best.Name}: {best.Neurons} of {best.TotalNeurons} neurons ({best.Reduction:P1} removed), test {best.TestScore:F4} vs oracle {report.Oracle.TestScore:F4}"));
        foreach (var s in report.Selectivity)
            w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"selectivity {s.Name}: {s.Selectivity:F3} (task {s.TaskAccuracy:F3}, control {s.ControlAccuracy:F3})"));
        foreach (var warning in InputBaselineCheck.Warnings(report)) w.WriteLine($"warning: {warning}");
        foreach (var n in report.Notes) w.WriteLine($"note: {n}");
        w.WriteLine("timings (s): " + string.Join(", ", report.TimingsSeconds.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Key} {t.Value:F1}"))));
        if (report.PeakMemoryBytes.Count > 0)
            w.WriteLine((report.PeakMemoryKind == PeakMemoryKind.Cumulative ? "peak RSS so far (MB; the stage's own peak could not be measured): " : "peak RSS (MB): ")
                + string.Join(", ", report.PeakMemoryBytes.Select(m => $"{m.Key} {HtmlReport.Megabytes(m.Value)}")));
    }

    /// <summary>The name of a metric as config files spell it.</summary>
    /// <param name="metric">The metric.</param>
    /// <returns><c>accuracy</c>, <c>f1</c> or <c>macroF1</c>.</returns>
    internal static string MetricName(Interpretation.ProbeMetric metric) => metric switch
    {
        Interpretation.ProbeMetric.F1 => "f1",
        Interpretation.ProbeMetric.MacroF1 => "macroF1",
        _ => "accuracy",
    };

    /// <summary>The table as a string (lines end with <see cref="Environment.NewLine"/>).</summary>
    /// <param name="report">The report.</param>
    /// <returns>The text.</returns>
    public static string Format(CcfsReport report)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        Write(report, writer);
        return writer.ToString();
    }
}
