using System.Globalization;
using System.Text;

namespace CodeNeurons.Reporting;

/// <summary>Text helpers shared by the SVG and HTML writers: escaping and invariant number formatting.</summary>
internal static class Svg
{
    internal const string Namespace = "http://www.w3.org/2000/svg";

    /// <summary>Series colours (a colour-blind-friendly qualitative palette).</summary>
    internal static readonly string[] Palette =
        ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    internal static string Color(int index) => Palette[index % Palette.Length];

    /// <summary>
    /// Escapes text for XML and HTML content and attribute values (<c>&amp; &lt; &gt; " '</c>); characters that XML
    /// forbids (control characters, lone surrogates) become U+FFFD.
    /// </summary>
    internal static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var sb = new StringBuilder(text.Length + 16);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&#39;"); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        sb.Append(c).Append(text[++i]);
                    }
                    else if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || char.IsSurrogate(c) || c == '\uFFFE' || c == '\uFFFF')
                    {
                        sb.Append('\uFFFD');
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        return sb.ToString();
    }

    /// <summary>A coordinate: invariant, at most two decimals.</summary>
    internal static string N(double v) => Math.Round(v, 2).ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>A data value for people: invariant, up to four significant digits, "NaN" for NaN.</summary>
    internal static string Value(double v)
    {
        if (double.IsNaN(v)) return "NaN";
        if (double.IsInfinity(v)) return v > 0 ? "∞" : "−∞";
        double a = Math.Abs(v);
        if (a != 0 && (a >= 1e6 || a < 1e-3)) return v.ToString("0.###e0", CultureInfo.InvariantCulture);
        if (a >= 1000 && Math.Round(v) == v) return v.ToString("#,0", CultureInfo.InvariantCulture);
        return v.ToString("0.####", CultureInfo.InvariantCulture);
    }

    /// <summary>A count with thousands separators (2,688).</summary>
    internal static string Count(long n) => n.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>Opens an <c>svg</c> element of the given size; <paramref name="standalone"/> adds the XML namespace (inline HTML SVG needs none).</summary>
    internal static void Open(StringBuilder sb, double width, double height, bool standalone, string cssClass, string? label)
    {
        sb.Append("<svg");
        if (standalone) sb.Append(" xmlns=\"").Append(Namespace).Append('"');
        sb.Append(" class=\"").Append(cssClass).Append('"')
          .Append(" width=\"").Append(N(width)).Append("\" height=\"").Append(N(height))
          .Append("\" viewBox=\"0 0 ").Append(N(width)).Append(' ').Append(N(height)).Append('"')
          .Append(" font-family=\"sans-serif\" font-size=\"12\"");
        if (label is not null) sb.Append(" role=\"img\" aria-label=\"").Append(Escape(label)).Append('"');
        sb.Append('>');
    }

    /// <summary>Appends a <c>text</c> element.</summary>
    internal static void Text(StringBuilder sb, double x, double y, string text, string anchor = "middle", string? extra = null)
    {
        sb.Append("<text x=\"").Append(N(x)).Append("\" y=\"").Append(N(y)).Append("\" text-anchor=\"").Append(anchor).Append('"');
        if (extra is not null) sb.Append(' ').Append(extra);
        sb.Append('>').Append(Escape(text)).Append("</text>");
    }

    /// <summary>Appends a <c>line</c> element.</summary>
    internal static void Line(StringBuilder sb, double x1, double y1, double x2, double y2, string stroke, double width = 1)
    {
        sb.Append("<line x1=\"").Append(N(x1)).Append("\" y1=\"").Append(N(y1)).Append("\" x2=\"").Append(N(x2)).Append("\" y2=\"").Append(N(y2))
          .Append("\" stroke=\"").Append(stroke).Append("\" stroke-width=\"").Append(N(width)).Append("\"/>");
    }

    /// <summary>Draws a legend of coloured swatches, one row per entry, from (<paramref name="x"/>, <paramref name="y"/>).</summary>
    internal static void Legend(StringBuilder sb, double x, double y, IReadOnlyList<(string Name, string Color)> entries)
    {
        for (int i = 0; i < entries.Count; i++)
        {
            double yy = y + i * 18;
            sb.Append("<rect x=\"").Append(N(x)).Append("\" y=\"").Append(N(yy - 9)).Append("\" width=\"12\" height=\"12\" fill=\"")
              .Append(entries[i].Color).Append("\"/>");
            Text(sb, x + 18, yy + 1, Shorten(entries[i].Name, 24), "start");
        }
    }

    /// <summary>Cuts text to <paramref name="max"/> characters with an ellipsis.</summary>
    internal static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}

/// <summary>A linear or base-10 logarithmic axis: maps data values to pixels and chooses round tick values.</summary>
internal sealed class Axis
{
    private readonly double _lo, _hi, _p0, _p1;

    /// <summary>The axis from data values; empty or non-finite input gives [0, 1], a constant value a range around it.</summary>
    internal Axis(IEnumerable<double> values, bool log, double pixelFrom, double pixelTo, bool includeZero = false)
    {
        Log = log;
        _p0 = pixelFrom;
        _p1 = pixelTo;
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        bool integers = true;
        foreach (double v in values)
        {
            if (!double.IsFinite(v) || (log && v <= 0)) continue;
            integers &= v == Math.Floor(v);
            double t = log ? Math.Log10(v) : v;
            lo = Math.Min(lo, t);
            hi = Math.Max(hi, t);
        }
        if (includeZero && !log)
        {
            lo = Math.Min(lo, 0);
            hi = Math.Max(hi, 0);
        }
        if (lo > hi) { lo = 0; hi = 1; }
        if (log)
        {
            lo = Math.Floor(lo);
            hi = Math.Ceiling(hi);
            if (hi <= lo) hi = lo + 1;
            Ticks = Enumerable.Range(0, (int)(hi - lo) + 1).Select(k => Math.Pow(10, lo + k)).ToArray();
        }
        else
        {
            if (hi <= lo)
            {
                double pad = lo == 0 ? 1 : Math.Abs(lo) * 0.1;
                lo -= pad;
                hi += pad;
            }
            double step = NiceStep((hi - lo) / 5);
            if (integers && step != Math.Floor(step)) step = Math.Max(1, Math.Floor(step)); // layers 0..12: ticks 0, 2, 4, not 2.5
            lo = Math.Floor(lo / step + 1e-9) * step;
            hi = Math.Ceiling(hi / step - 1e-9) * step;
            int n = (int)Math.Round((hi - lo) / step);
            Ticks = Enumerable.Range(0, n + 1).Select(k => Clean(lo + k * step, step)).ToArray();
        }
        _lo = lo;
        _hi = hi;
    }

    /// <summary>Whether the axis is logarithmic.</summary>
    internal bool Log { get; }

    /// <summary>The tick values, in data units.</summary>
    internal double[] Ticks { get; }

    /// <summary>The pixel of a data value (which must be finite, and positive on a log axis).</summary>
    internal double Map(double v)
    {
        double t = Log ? Math.Log10(v) : v;
        return _p0 + (t - _lo) / (_hi - _lo) * (_p1 - _p0);
    }

    /// <summary>Whether a value can be drawn on this axis.</summary>
    internal bool Drawable(double v) => double.IsFinite(v) && (!Log || v > 0);

    private static double NiceStep(double raw)
    {
        double mag = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double f = raw / mag;
        double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
        return nice * mag;
    }

    private static double Clean(double v, double step) => Math.Abs(v) < step * 1e-9 ? 0 : Math.Round(v, 12);
}
