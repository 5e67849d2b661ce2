using System.Globalization;
using System.Text;
using CodeNeurons.Analysis;

namespace CodeNeurons.Reporting;

/// <summary>
/// Renders a <see cref="ReportDocument"/> as one self-contained HTML5 file: inline CSS and inline SVG charts, nothing
/// loaded from the network, all text HTML-escaped, numbers in the invariant culture. A section without data says so.
/// </summary>
public static class HtmlReport
{
    /// <summary>The sentences shown for sections without data.</summary>
    internal static class Missing
    {
        internal const string Headline = "No headline result in this report.";
        internal const string Effects = "No intervention effects in this report.";
        internal const string Glossary = "No terms to explain.";
        internal const string Settings = "No settings recorded in this report.";
        internal const string Timings = "No timings recorded in this report.";
        internal const string Stages = "No probe results in this report.";
        internal const string LineCharts = "No accuracy curves in this report.";
        internal const string BarCharts = "No bar charts in this report.";
        internal const string HeatMaps = "No layer-similarity (CKA) matrix in this report.";
        internal const string Concepts = "No top-neuron tables in this report.";
        internal const string ActivationMaps = "No activation maps in this report.";
        internal const string Notes = "No notes.";
    }

    /// <summary>Renders the report as an HTML5 document.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="report"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public static string Render(ReportDocument report, HtmlReportOptions? options = null) => Render(report, options, CancellationToken.None);

    /// <summary>Renders the report and writes it to <paramref name="path"/> atomically (temporary file, then rename).</summary>
    /// <exception cref="DirectoryNotFoundException">The folder of <paramref name="path"/> does not exist; the message names it.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; no file, complete or partial, is left behind.</exception>
    public static void Save(ReportDocument report, string path, HtmlReportOptions? options = null, CancellationToken cancellationToken = default)
    {
        ReportFiles.RequireFolder(path);
        string html = Render(report, options, cancellationToken);
        ReportFiles.WriteText(path, html, cancellationToken);
    }

    private static string Render(ReportDocument report, HtmlReportOptions? options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(report);
        options ??= new HtmlReportOptions();
        options.Validate();
        string title = string.IsNullOrWhiteSpace(report.Title) ? "CodeNeurons report" : report.Title;

        var sb = new StringBuilder(1 << 16);
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
          .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
          .Append("<title>").Append(Svg.Escape(title)).Append("</title>\n<style>").Append(Css).Append("</style>\n</head>\n<body>\n");
        sb.Append("<h1>").Append(Svg.Escape(title)).Append("</h1>\n");
        var meta = new List<string>();
        if (!string.IsNullOrWhiteSpace(report.Model)) meta.Add("Model: " + Svg.Escape(report.Model));
        if (report.CreatedUtc is { } created) meta.Add("Created: " + Svg.Escape(created.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)));
        if (meta.Count > 0) sb.Append("<p class=\"meta\">").Append(string.Join(" · ", meta)).Append("</p>\n");

        Section(sb, "result", "Result", report.Headline is null && report.Network is null && (report.Warnings is null || report.Warnings.Count == 0) ? null : new[] { report }, Missing.Headline, (b, _) =>
        {
            if (!string.IsNullOrWhiteSpace(report.Headline)) b.Append("<p class=\"headline\">").Append(Svg.Escape(report.Headline)).Append("</p>\n");
            var warnings = (report.Warnings ?? []).Where(w => !string.IsNullOrWhiteSpace(w)).ToList();
            if (warnings.Count > 0)
            {
                b.Append("<div class=\"warnings\" role=\"note\"><strong>Read with care:</strong><ul>");
                foreach (var w in warnings) b.Append("<li>").Append(Svg.Escape(w)).Append("</li>");
                b.Append("</ul></div>\n");
            }
            if (report.Network is { } net)
            {
                b.Append("<figure>").Append(ChartSvg.Network(net)).Append("</figure>\n");
                KeptList(b, net);
            }
        });
        ct.ThrowIfCancellationRequested();

        Section(sb, "stages", "Neuron sets and their accuracy", report.Stages, Missing.Stages, (b, items) =>
        {
            bool intervals = items.Any(r => r is not null && (r.DevRows is > 0 || r.TestRows is > 0));
            b.Append("<div class=\"scroll\"><table class=\"num\"><thead><tr><th>neuron set</th><th>neurons kept</th><th>of</th><th>reduction</th>")
             .Append("<th>dev accuracy").Append(intervals ? " [95% CI]" : "").Append("</th><th>test accuracy").Append(intervals ? " [95% CI]" : "")
             .Append("</th><th>detail</th></tr></thead><tbody>");
            foreach (var r in items.Where(r => r is not null))
            {
                b.Append("<tr><td class=\"text\">").Append(Svg.Escape(r.Name)).Append("</td><td>").Append(Svg.Count(r.NeuronsKept))
                 .Append("</td><td>").Append(Svg.Count(r.NeuronsTotal)).Append("</td><td>").Append(Percent(r.Reduction))
                 .Append("</td><td>").Append(Accuracy(r.DevAccuracy, r.DevRows)).Append("</td><td>").Append(Accuracy(r.TestAccuracy, r.TestRows))
                 .Append("</td><td class=\"text\">").Append(Svg.Escape(r.Detail)).Append("</td></tr>");
            }
            b.Append("</tbody></table></div>\n");
        });
        ct.ThrowIfCancellationRequested();

        Section(sb, "line-charts", "Accuracy curves", report.LineCharts, Missing.LineCharts, (b, items) =>
        {
            foreach (var c in items.Where(c => c is not null))
                b.Append("<figure>").Append(ChartSvg.Line(c, options.ChartWidth, options.ChartHeight)).Append("</figure>\n");
        });
        ct.ThrowIfCancellationRequested();

        Section(sb, "bar-charts", "Distributions", report.BarCharts, Missing.BarCharts, (b, items) =>
        {
            foreach (var c in items.Where(c => c is not null))
                b.Append("<figure>").Append(ChartSvg.Bar(c, options.ChartWidth, options.ChartHeight)).Append("</figure>\n");
        });
        ct.ThrowIfCancellationRequested();

        Section(sb, "heat-maps", "Layer similarity", report.HeatMaps, Missing.HeatMaps, (b, items) =>
        {
            foreach (var h in items.Where(h => h is not null))
                b.Append("<figure>").Append(ChartSvg.Heat(h)).Append("</figure>\n");
        });
        ct.ThrowIfCancellationRequested();

        Section(sb, "concepts", "Concept neurons", report.Concepts, Missing.Concepts, (b, items) =>
        {
            foreach (var c in items.Where(c => c is not null))
                ConceptTable(b, c, options);
        });
        ct.ThrowIfCancellationRequested();

        if (report.Effects is { Count: > 0 } effects)
            Section(sb, "effects", "Effect of the concept neurons", effects, Missing.Effects, (b, items) =>
            {
                foreach (var e in items.Where(e => e is not null)) EffectTables.Append(b, e);
            });
        ct.ThrowIfCancellationRequested();

        var mapOptions = options.ActivationMap with { MaxTokens = options.ActivationMapMaxTokens, CharsPerLine = options.ActivationMapCharsPerLine };
        Section(sb, "activation-maps", "Activation maps", report.ActivationMaps, Missing.ActivationMaps, (b, items) =>
        {
            b.Append("<p class=\"legend\"><span class=\"swatch\" style=\"background:").Append(mapOptions.PositiveColor)
             .Append("\"></span> positive <span class=\"swatch\" style=\"background:").Append(mapOptions.NegativeColor)
             .Append("\"></span> negative; intensity |activation| / max |activation| of the neuron; hover a token for its value.</p>\n");
            foreach (var m in items.Where(m => m is not null))
            {
                ct.ThrowIfCancellationRequested();
                var labelled = m.Label is null ? m with { Label = $"neuron {m.NeuronId.ToString(CultureInfo.InvariantCulture)}" } : m;
                b.Append("<figure class=\"map\">").Append(ActivationMapSvg.Render(labelled, mapOptions, standalone: false)).Append("</figure>\n");
            }
        });

        // Settings come last; the glossary sits between the evidence and the settings and lists every term the page uses.
        var tail = new StringBuilder();
        Section(tail, "settings", "Settings", report.Settings, Missing.Settings, (b, items) =>
        {
            b.Append("<div class=\"scroll\"><table class=\"kv\"><tbody>");
            foreach (var s in items.Where(s => s is not null))
                b.Append("<tr><th>").Append(Svg.Escape(s.Key)).Append("</th><td>").Append(Svg.Escape(s.Value)).Append("</td></tr>");
            b.Append("</tbody></table></div>\n");
        });
        ct.ThrowIfCancellationRequested();

        Section(tail, "timings", "Timings", report.Timings, Missing.Timings, (b, items) =>
        {
            var rows = items.Where(t => t is not null).ToList();
            bool memory = rows.Any(t => t.PeakMemoryBytes is not null);
            string memoryHeader = rows.Any(t => t.PeakMemoryKind == PeakMemoryKind.Cumulative) ? "peak RSS so far (MB)" : "peak RSS (MB)";
            b.Append("<table class=\"num\"><thead><tr><th>stage</th><th>seconds</th>");
            if (memory) b.Append("<th>").Append(memoryHeader).Append("</th>");
            b.Append("</tr></thead><tbody>");
            foreach (var t in rows)
            {
                b.Append("<tr><td class=\"text\">").Append(Svg.Escape(t.Stage)).Append("</td><td>").Append(Seconds(t.Seconds)).Append("</td>");
                if (memory) b.Append("<td>").Append(t.PeakMemoryBytes is { } bytes ? Megabytes(bytes) : "–").Append("</td>");
                b.Append("</tr>");
            }
            b.Append("</tbody><tfoot><tr><th>total</th><th>").Append(Seconds(rows.Where(t => double.IsFinite(t.Seconds)).Sum(t => t.Seconds))).Append("</th>");
            // The total's peak is the largest stage's (a cumulative column's last value is already the run's peak).
            if (memory) b.Append("<th>").Append(Megabytes(rows.Max(t => t.PeakMemoryBytes ?? 0))).Append("</th>");
            b.Append("</tr></tfoot></table>\n");
        });

        Section(tail, "notes", "Notes", report.Notes, Missing.Notes, (b, items) =>
        {
            b.Append("<ul>");
            foreach (var n in items.Where(n => n is not null)) b.Append("<li>").Append(Svg.Escape(n)).Append("</li>");
            b.Append("</ul>\n");
        });

        var glossary = Glossary(report, ReportGlossary.VisibleText(sb.ToString() + tail));
        Section(sb, "glossary", "Glossary", glossary, Missing.Glossary, (b, items) =>
        {
            b.Append("<dl class=\"glossary\">");
            foreach (var e in items) b.Append("<dt>").Append(Svg.Escape(e.Term)).Append("</dt><dd>").Append(Svg.Escape(e.Definition)).Append("</dd>");
            b.Append("</dl>\n");
        });
        sb.Append(tail);

        sb.Append("<footer>Written by CodeNeurons. This file is self-contained: it loads nothing from the network.</footer>\n</body>\n</html>\n");
        return sb.ToString();
    }

    private static void Section<T>(StringBuilder sb, string id, string heading, IReadOnlyList<T>? items, string missing, Action<StringBuilder, IReadOnlyList<T>> body)
    {
        sb.Append("<section id=\"").Append(id).Append("\">\n<h2>").Append(Svg.Escape(heading)).Append("</h2>\n");
        if (items is null || !items.Any(i => i is not null)) sb.Append("<p class=\"missing\">").Append(Svg.Escape(missing)).Append("</p>\n");
        else body(sb, items);
        sb.Append("</section>\n");
    }

    private static void ConceptTable(StringBuilder b, ConceptNeurons c, HtmlReportOptions options)
    {
        var neurons = (c.Neurons ?? []).Where(n => n is not null).ToList();
        int total = Math.Max(c.TotalNeurons ?? neurons.Count, neurons.Count);
        b.Append("<h3>").Append(Svg.Escape(c.Concept)).Append("</h3>\n");
        if (neurons.Count == 0)
        {
            b.Append("<p class=\"missing\">No neurons ranked for this concept.</p>\n");
            return;
        }
        bool evidence = neurons.Any(n => n.Auroc is not null);
        if (evidence)
        {
            var parts = new List<string>();
            if (c.RankedBy is not null) parts.Add("Ranked by " + c.RankedBy);
            if (c.ConceptRows is { } cr && c.RestRows is { } rr) parts.Add($"measured on {Svg.Count(cr)} {c.Concept} tokens against {Svg.Count(rr)} other tokens");
            if (c.RandomNeurons is { } rn && c.RandomMean is { } rm && c.RandomPercentile95 is { } rp)
                parts.Add($"{Svg.Count(rn)} random neurons of the same layers separate it with mean {Fixed(rm, 3)} and 95th percentile {Fixed(rp, 3)}; a neuron above that is marked ✓");
            if (parts.Count > 0) b.Append("<p class=\"note\">").Append(Svg.Escape(string.Join("; ", parts) + ".")).Append("</p>\n");
        }
        else if (c.RankedBy is not null)
        {
            b.Append("<p class=\"note\">").Append(Svg.Escape("Ranked by " + c.RankedBy + ".")).Append("</p>\n");
        }
        int shown = Math.Min(neurons.Count, options.MaxTableRows);
        b.Append("<div class=\"scroll\"><table class=\"num\"><thead><tr><th>#</th><th>neuron</th>");
        if (evidence)
            b.Append("<th>AUROC</th><th>beats random</th><th>precision</th><th>recall</th><th>mean on ").Append(Svg.Escape(c.Concept))
             .Append("</th><th>mean on rest</th><th>weight</th><th>kept</th><th>top tokens (mean activation)</th>");
        else
            b.Append("<th>layer</th><th>unit</th><th>score</th><th>top tokens</th>");
        b.Append("</tr></thead><tbody>");
        for (int i = 0; i < shown; i++)
        {
            var n = neurons[i];
            var tokens = (n.TopTokens ?? []).Take(options.MaxTopTokens).Select((t, k) => "<code>" + Svg.Escape(t) + "</code>"
                + (n.TopTokenMeans is { } m && k < m.Count ? " <span class=\"tm\">" + Svg.Escape(Fixed(m[k], 2)) + "</span>" : ""));
            b.Append("<tr><td>").Append(i + 1).Append("</td>");
            if (evidence)
            {
                double sep = n.Auroc is { } a ? Math.Max(a, 1 - a) : double.NaN;
                bool beats = c.RandomPercentile95 is { } p95 && sep > p95;
                b.Append("<td class=\"text\">").Append(n.Layer.ToString(CultureInfo.InvariantCulture)).Append(':').Append(n.Unit.ToString(CultureInfo.InvariantCulture))
                 .Append("</td><td class=\"nowrap\">").Append(n.Auroc is { } au ? Fixed(au, 3) + (au < 0.5 ? " <span class=\"tm\">(fires less)</span>" : "") : "–")
                 .Append("</td><td>").Append(c.RandomPercentile95 is null ? "–" : beats ? "✓" : "no")
                 .Append("</td><td>").Append(Percent(n.Precision)).Append("</td><td>").Append(Percent(n.Recall))
                 .Append("</td><td>").Append(n.MeanConcept is { } mc ? Fixed(mc, 3) : "–").Append("</td><td>").Append(n.MeanRest is { } mr ? Fixed(mr, 3) : "–")
                 .Append("</td><td>").Append(double.IsFinite(n.Score) ? Svg.Value(n.Score) : "–").Append("</td><td>").Append(n.Kept switch { true => "yes", false => "no", null => "–" })
                 .Append("</td><td class=\"text\">").Append(string.Join(" ", tokens)).Append("</td></tr>");
            }
            else
            {
                b.Append("<td>").Append(n.NeuronId.ToString(CultureInfo.InvariantCulture))
                 .Append("</td><td>").Append(n.Layer.ToString(CultureInfo.InvariantCulture)).Append("</td><td>").Append(n.Unit.ToString(CultureInfo.InvariantCulture))
                 .Append("</td><td>").Append(Svg.Value(n.Score)).Append("</td><td class=\"text\">").Append(string.Join(" ", tokens)).Append("</td></tr>");
            }
        }
        b.Append("</tbody></table></div>\n");
        if (shown < total)
            b.Append("<p class=\"note\">showing ").Append(Svg.Count(shown)).Append(" of ").Append(Svg.Count(total)).Append(" neurons</p>\n");
    }

    /// <summary>The kept neurons as layer:unit, one line per layer.</summary>
    private static void KeptList(StringBuilder b, NetworkMap net)
    {
        int per = Math.Max(1, net.NeuronsPerLayer);
        var kept = (net.KeptNeurons ?? []).Distinct().Order().ToList();
        b.Append("<p>Kept neurons (layer:unit), ").Append(Svg.Count(kept.Count)).Append(" in all:</p>\n<ul class=\"ids\">");
        foreach (var g in kept.GroupBy(id => id / per))
        {
            b.Append("<li><strong>layer ").Append(g.Key.ToString(CultureInfo.InvariantCulture)).Append("</strong> (").Append(Svg.Count(g.Count())).Append("): ");
            b.Append(string.Join(" ", g.Select(id => "<code>" + (id / per).ToString(CultureInfo.InvariantCulture) + ":" + (id % per).ToString(CultureInfo.InvariantCulture) + "</code>")));
            b.Append("</li>");
        }
        b.Append("</ul>\n");
    }

    /// <summary>The glossary entries the page uses, closed under the terms their own definitions use.</summary>
    private static IReadOnlyList<GlossaryEntry> Glossary(ReportDocument report, string text)
    {
        var byTerm = new Dictionary<string, GlossaryEntry>(StringComparer.Ordinal);
        foreach (var e in ReportGlossary.Default) byTerm[e.Term] = e;
        foreach (var e in report.Glossary ?? []) if (e is not null && !string.IsNullOrWhiteSpace(e.Term)) byTerm[e.Term] = e;
        var used = ReportGlossary.Used(byTerm.Values, text);
        while (true)
        {
            var more = ReportGlossary.Used(byTerm.Values, text + " " + string.Join(" ", used.Select(e => e.Definition)));
            if (more.Count == used.Count) return used;
            used = more;
        }
    }

    /// <summary>An accuracy with its 95 % Wilson interval when the number of rows is known.</summary>
    private static string Accuracy(double? accuracy, int? rows)
    {
        string text = Percent(accuracy);
        if (accuracy is not { } a || !double.IsFinite(a) || rows is not > 0) return text;
        int n = rows.Value;
        var (lo, hi) = Interpretation.NeuronEvidence.WilsonInterval((int)Math.Round(Math.Clamp(a, 0, 1) * n), n);
        return text + " <span class=\"ci\">[" + (lo * 100).ToString("0.0", CultureInfo.InvariantCulture) + "–" + (hi * 100).ToString("0.0", CultureInfo.InvariantCulture) + "]</span>";
    }

    private static string Fixed(double v, int decimals) =>
        double.IsFinite(v) ? v.ToString("0." + new string('0', decimals), CultureInfo.InvariantCulture) : "–";

    private static string Percent(double? v) =>
        v is { } x && double.IsFinite(x) ? (x * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "–";

    /// <summary>Bytes as whole megabytes (10⁶ bytes).</summary>
    internal static string Megabytes(long bytes) => (bytes / 1e6).ToString("#,0", CultureInfo.InvariantCulture);

    private static string Seconds(double s) =>
        double.IsFinite(s) ? s.ToString("#,0.00", CultureInfo.InvariantCulture) : "–";

    private const string Css = """

body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; margin: 2em auto; max-width: 1180px; padding: 0 1em; color: #222; line-height: 1.4; }
h1 { font-size: 1.7em; margin-bottom: .2em; }
h2 { font-size: 1.3em; border-bottom: 1px solid #ccc; padding-bottom: .2em; margin-top: 1.6em; }
h3 { font-size: 1.05em; margin: 1em 0 .4em; }
.meta { color: #555; margin-top: 0; }
table { border-collapse: collapse; margin: .5em 0; font-size: .92em; }
th, td { border: 1px solid #ddd; padding: .25em .6em; vertical-align: top; }
thead th { background: #f3f3f3; }
table.num td { text-align: right; font-variant-numeric: tabular-nums; }
table.num td.text, table.kv td { text-align: left; }
table.kv th { text-align: left; background: #f7f7f7; font-weight: 600; }
tfoot th { text-align: right; background: #fafafa; }
code { background: #f2f2f2; border-radius: 3px; padding: 0 .25em; font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: .92em; white-space: pre; }
@media (max-width: 600px) { body { margin: 1em auto; padding: 0 .6em; } h1 { font-size: 1.35em; } table { font-size: .8em; } }
figure { margin: .8em 0; }
figure svg { max-width: 100%; height: auto; display: block; }
figure.map { border: 1px solid #eee; display: inline-block; max-width: 100%; }
.scroll { overflow-x: auto; max-width: 100%; }
.headline { font-size: 1.2em; font-weight: 600; background: #f4f8fc; border-left: 4px solid #1f77b4; padding: .5em .8em; }
.warnings { background: #fff8e5; border-left: 4px solid #e0a000; padding: .3em .8em; margin: .8em 0; }
.warnings ul { margin: .3em 0; padding-left: 1.2em; }
ul.ids { list-style: none; padding-left: 0; font-size: .9em; }
ul.ids li { margin: .15em 0; }
ul.ids code { margin-right: .15em; }
.nowrap { white-space: nowrap; }
.ci { color: #666; font-size: .9em; white-space: nowrap; }
.tm { color: #666; font-size: .85em; }
dl.glossary dt { font-weight: 600; margin-top: .5em; }
dl.glossary dd { margin-left: 1.5em; }
.missing { color: #777; font-style: italic; }
.note { color: #555; font-size: .9em; }
.legend .swatch { display: inline-block; width: 1em; height: 1em; vertical-align: middle; border: 1px solid #aaa; }
footer { margin-top: 3em; color: #888; font-size: .85em; }

""";
}
