using System.Globalization;
using System.Text;

namespace CodeNeurons.Reporting;

/// <summary>The HTML of one <see cref="InterventionEffect"/>: the measures against their random controls, per class, and the change per layer.</summary>
internal static class EffectTables
{
    internal static void Append(StringBuilder b, InterventionEffect e)
    {
        b.Append("<h3>").Append(Svg.Escape($"{e.Mode}: {string.Join(", ", e.Neurons ?? [])}")).Append("</h3>\n");
        b.Append("<p class=\"meta\">").Append(Svg.Escape(string.Create(CultureInfo.InvariantCulture,
            $"{e.Model ?? "model"}; {e.Positions ?? "every position"}; {e.Snippets} snippets, {e.Tokens} token positions; random control: the same intervention on as many random neurons of the same layers, {e.Controls} seeds from {e.Seed}.")))
         .Append("</p>\n");
        var measures = (e.Measures ?? []).Where(m => m is not null).ToList();
        if (measures.Count > 0)
        {
            b.Append("<div class=\"scroll\"><table class=\"num\"><thead><tr><th>measure</th><th>class</th><th>rows</th><th>clean</th><th>intervened</th>")
             .Append("<th>effect</th><th>random neurons (mean ± sd)</th></tr></thead><tbody>");
            foreach (var m in measures)
                b.Append("<tr><td class=\"text\">").Append(Svg.Escape(m.Measure)).Append("</td><td class=\"text\">").Append(Svg.Escape(m.Class ?? "all"))
                 .Append("</td><td>").Append(m.Rows.ToString(CultureInfo.InvariantCulture))
                 .Append("</td><td>").Append(Number(m.Clean)).Append("</td><td>").Append(Number(m.Intervened))
                 .Append("</td><td>").Append(Signed(m.Effect)).Append("</td><td>").Append(Signed(m.ControlMean)).Append(" ± ").Append(Number(m.ControlSd))
                 .Append("</td></tr>");
            b.Append("</tbody></table></div>\n");
        }
        var layers = (e.Propagation ?? []).Where(p => p is not null).ToList();
        if (layers.Count > 0)
        {
            b.Append("<div class=\"scroll\"><table class=\"num\"><thead><tr><th>layer</th><th>mean ‖Δh‖</th><th>relative</th><th>random neurons (mean ± sd)</th></tr></thead><tbody>");
            foreach (var p in layers)
                b.Append("<tr><td>").Append(p.Layer.ToString(CultureInfo.InvariantCulture)).Append("</td><td>").Append(Number(p.MeanDifferenceNorm))
                 .Append("</td><td>").Append(Number(p.MeanRelativeDifference)).Append("</td><td>").Append(Number(p.ControlMean)).Append(" ± ").Append(Number(p.ControlSd))
                 .Append("</td></tr>");
            b.Append("</tbody></table></div>\n");
        }
        var notes = (e.Notes ?? []).Where(n => !string.IsNullOrWhiteSpace(n)).ToList();
        if (notes.Count > 0)
        {
            b.Append("<ul>");
            foreach (var n in notes) b.Append("<li>").Append(Svg.Escape(n)).Append("</li>");
            b.Append("</ul>\n");
        }
    }

    private static string Number(double v) => double.IsFinite(v) ? v.ToString("0.0000", CultureInfo.InvariantCulture) : "–";

    private static string Signed(double v) => double.IsFinite(v) ? v.ToString("+0.0000;−0.0000;0.0000", CultureInfo.InvariantCulture) : "–";
}
