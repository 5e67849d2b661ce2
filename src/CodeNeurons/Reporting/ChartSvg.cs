using System.Text;

namespace CodeNeurons.Reporting;

/// <summary>Draws line charts, bar charts and heat maps as SVG with axes, ticks, labels and legends.</summary>
internal static class ChartSvg
{
    private const double Top = 36, Bottom = 56, Left = 70, LegendWidth = 180;
    private const string AxisColor = "#333", GridColor = "#e5e5e5";

    /// <summary>Dash patterns, one per series (the first solid), so lines differ without colour.</summary>
    internal static readonly string?[] Dashes = [null, "7 4", "2 3", "9 3 2 3", "14 5", "4 2 1 2", "1 5", "10 2 10 6"];

    /// <summary>
    /// A line chart; non-finite points are skipped (and break the line), an empty chart says "no data". Each series has
    /// its own colour, marker shape and dash pattern; the legend sits under the plot (the SVG grows by its rows).
    /// </summary>
    internal static string Line(LineChart chart, double width, double height, bool standalone = false)
    {
        var series = (chart.Series ?? []).Where(s => s is not null).ToList();
        bool secondary = series.Any(s => s.SecondaryAxis);
        double right = secondary ? 70 : 24;
        var titleLines = Wrap(chart.Title, TitleChars(width));
        double top = Top + (titleLines.Count - 1) * 18;
        double x0 = Left, x1 = width - right, y0 = height - Bottom + (titleLines.Count - 1) * 18, y1 = top;

        var legend = series.Select((s, i) => (Name: s.Name + (s.SecondaryAxis && !string.IsNullOrEmpty(chart.Y2Label) ? " (right axis)" : ""), Index: i)).ToList();
        var legendRows = LegendRows(legend.Select(l => l.Name).ToList(), width - 2 * 12);
        double legendTop = y0 + 64;
        double totalHeight = series.Count == 0 ? y0 + Bottom : legendTop + legendRows.Count * 18 + 4;

        var sb = new StringBuilder();
        Svg.Open(sb, width, totalHeight, standalone, "chart line-chart", chart.Title);
        Frame(sb, titleLines, chart.XLabel, chart.YLabel, width, x0, x1, y0, y1);

        var pts = series.SelectMany(s => s.Points ?? []).Where(p => p is not null).ToList();
        var xAxis = new Axis(pts.Select(p => p.X), chart.LogX, x0, x1);
        var yAxis = new Axis(series.Where(s => !s.SecondaryAxis).SelectMany(s => s.Points ?? []).Where(p => p is not null && xAxis.Drawable(p.X)).Select(p => p.Y), false, y0, y1);
        var y2Axis = new Axis(series.Where(s => s.SecondaryAxis).SelectMany(s => s.Points ?? []).Where(p => p is not null && xAxis.Drawable(p.X)).Select(p => p.Y), false, y0, y1);

        XTicks(sb, xAxis, y0, y1);
        YTicks(sb, yAxis, x0, x1, left: true);
        if (secondary)
        {
            YTicks(sb, y2Axis, x1, x0, left: false);
            if (!string.IsNullOrEmpty(chart.Y2Label))
                Svg.Text(sb, x1 + 56, (y0 + y1) / 2, chart.Y2Label, "middle", $"transform=\"rotate(90 {Svg.N(x1 + 56)} {Svg.N((y0 + y1) / 2)})\"");
        }

        int drawn = 0;
        for (int s = 0; s < series.Count; s++)
        {
            string color = Svg.Color(s);
            var axis = series[s].SecondaryAxis ? y2Axis : yAxis;
            sb.Append("<g class=\"series\" fill=\"").Append(color).Append("\">");
            var run = new List<(double X, double Y)>();
            var markers = new StringBuilder();
            foreach (var p in series[s].Points ?? [])
            {
                if (p is null || !xAxis.Drawable(p.X) || !double.IsFinite(p.Y))
                {
                    Polyline(sb, run, color, Dash(s));
                    run.Clear();
                    continue;
                }
                double px = xAxis.Map(p.X), py = axis.Map(p.Y);
                run.Add((px, py));
                Marker(markers, s, px, py, 3.5, Svg.Escape($"{series[s].Name}: x = {Svg.Value(p.X)}, y = {Svg.Value(p.Y)}"));
                drawn++;
            }
            Polyline(sb, run, color, Dash(s));
            sb.Append(markers).Append("</g>");
        }
        if (drawn == 0) NoData(sb, x0, x1, y0, y1);
        for (int r = 0; r < legendRows.Count; r++)
        {
            double y = legendTop + r * 18;
            foreach (var (index, x) in legendRows[r])
            {
                string color = Svg.Color(index);
                sb.Append("<g class=\"legend-entry\" fill=\"").Append(color).Append("\">");
                sb.Append("<line x1=\"").Append(Svg.N(x)).Append("\" y1=\"").Append(Svg.N(y - 4)).Append("\" x2=\"").Append(Svg.N(x + 28)).Append("\" y2=\"").Append(Svg.N(y - 4))
                  .Append("\" stroke=\"").Append(color).Append("\" stroke-width=\"2\"").Append(Dash(index) is { } d ? " stroke-dasharray=\"" + d + "\"" : "").Append("/>");
                sb.Append("<path d=\"").Append(MarkerPath(index, x + 14, y - 4, 3.5)).Append("\"/>");
                sb.Append("</g>");
                Svg.Text(sb, x + 34, y, legend[index].Name, "start");
            }
        }
        sb.Append("</svg>");
        return sb.ToString();
    }

    private static string? Dash(int series) => Dashes[series % Dashes.Length];

    /// <summary>Approximate width in pixels of <paramref name="text"/> at 12 px sans-serif (generous, so text never overruns its box).</summary>
    internal static double TextWidth(string text, double fontSize = 12) => text.Length * fontSize * 0.62;

    /// <summary>How many title characters (14 px bold) fit in <paramref name="width"/>.</summary>
    private static int TitleChars(double width) => Math.Max(12, (int)((width - 20) / (14 * 0.62)));

    /// <summary>Splits text at spaces into lines of at most <paramref name="maxChars"/> characters (a longer word gets its own line).</summary>
    internal static List<string> Wrap(string? text, int maxChars)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (var word in (text ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > maxChars)
            {
                lines.Add(line.ToString());
                line.Clear();
            }
            if (line.Length > 0) line.Append(' ');
            line.Append(word);
        }
        if (line.Length > 0 || lines.Count == 0) lines.Add(line.ToString());
        return lines;
    }

    /// <summary>Legend entries flowed into rows: (series index, x) per entry.</summary>
    private static List<List<(int Index, double X)>> LegendRows(IReadOnlyList<string> names, double available)
    {
        var rows = new List<List<(int, double)>>();
        var row = new List<(int, double)>();
        double x = 12;
        for (int i = 0; i < names.Count; i++)
        {
            double w = 34 + TextWidth(names[i]) + 18;
            if (row.Count > 0 && x + w > available + 12)
            {
                rows.Add(row);
                row = [];
                x = 12;
            }
            row.Add((i, x));
            x += w;
        }
        if (row.Count > 0) rows.Add(row);
        return rows;
    }

    /// <summary>One data marker: a circle for the first series, then square, triangle, diamond, … (as paths).</summary>
    private static void Marker(StringBuilder sb, int series, double x, double y, double r, string escapedTitle)
    {
        if (series % 8 == 0)
            sb.Append("<circle cx=\"").Append(Svg.N(x)).Append("\" cy=\"").Append(Svg.N(y)).Append("\" r=\"").Append(Svg.N(r)).Append("\" data-marker=\"circle\">");
        else
            sb.Append("<path class=\"marker\" data-marker=\"").Append(MarkerNames[series % 8]).Append("\" d=\"").Append(MarkerPath(series, x, y, r)).Append("\">");
        sb.Append("<title>").Append(escapedTitle).Append("</title>").Append(series % 8 == 0 ? "</circle>" : "</path>");
    }

    private static readonly string[] MarkerNames = ["circle", "square", "triangle-up", "diamond", "triangle-down", "plus", "triangle-left", "triangle-right"];

    /// <summary>The outline of series <paramref name="series"/>'s marker centred at (x, y).</summary>
    internal static string MarkerPath(int series, double x, double y, double r)
    {
        string P(double dx, double dy) => Svg.N(x + dx) + "," + Svg.N(y + dy);
        double q = r * 1.2;
        return (series % 8) switch
        {
            0 => $"M{P(-r, 0)}A{Svg.N(r)},{Svg.N(r)} 0 1,0 {P(r, 0)}A{Svg.N(r)},{Svg.N(r)} 0 1,0 {P(-r, 0)}Z",
            1 => $"M{P(-r, -r)}L{P(r, -r)}L{P(r, r)}L{P(-r, r)}Z",
            2 => $"M{P(0, -q)}L{P(q, q * 0.8)}L{P(-q, q * 0.8)}Z",
            3 => $"M{P(0, -q)}L{P(q, 0)}L{P(0, q)}L{P(-q, 0)}Z",
            4 => $"M{P(0, q)}L{P(q, -q * 0.8)}L{P(-q, -q * 0.8)}Z",
            5 => $"M{P(-r, -r / 3)}L{P(-r / 3, -r / 3)}L{P(-r / 3, -r)}L{P(r / 3, -r)}L{P(r / 3, -r / 3)}L{P(r, -r / 3)}L{P(r, r / 3)}L{P(r / 3, r / 3)}L{P(r / 3, r)}L{P(-r / 3, r)}L{P(-r / 3, r / 3)}L{P(-r, r / 3)}Z",
            6 => $"M{P(-q, 0)}L{P(q, -q * 0.8)}L{P(q, q * 0.8)}Z",
            _ => $"M{P(q, 0)}L{P(-q, -q * 0.8)}L{P(-q, q * 0.8)}Z",
        };
    }

    /// <summary>
    /// The network as a grid: one row per layer, one column per unit, the kept neurons marked (each a <c>rect class="kept"</c>
    /// with its layer:unit on hover), the number kept per layer on the right.
    /// </summary>
    internal static string Network(NetworkMap map, bool standalone = false)
    {
        const double W = 1000, left = 70, right = 96, rowH = 16, gap = 4;
        var layers = (map.Layers ?? []).ToList();
        int per = Math.Max(1, map.NeuronsPerLayer);
        var kept = (map.KeptNeurons ?? []).Distinct().Order().ToList();
        var titleLines = Wrap(map.Title, TitleChars(W));
        double top = 24 + (titleLines.Count - 1) * 18 + 22;
        double gridW = W - left - right, cellW = gridW / per;
        double height = top + Math.Max(1, layers.Count) * (rowH + gap) + 34;

        var sb = new StringBuilder();
        Svg.Open(sb, W, height, standalone, "chart network-map", map.Title);
        sb.Append("<rect x=\"0\" y=\"0\" width=\"100%\" height=\"100%\" fill=\"#fff\"/>");
        TitleText(sb, titleLines, W / 2);
        double legendY = top - 10;
        sb.Append("<rect x=\"").Append(Svg.N(left)).Append("\" y=\"").Append(Svg.N(legendY - 9)).Append("\" width=\"10\" height=\"10\" fill=\"#d62728\"/>");
        Svg.Text(sb, left + 14, legendY, $"kept neuron ({Svg.Count(kept.Count)})", "start");
        double l2 = left + 14 + TextWidth($"kept neuron ({Svg.Count(kept.Count)})") + 16;
        sb.Append("<rect x=\"").Append(Svg.N(l2)).Append("\" y=\"").Append(Svg.N(legendY - 9)).Append("\" width=\"10\" height=\"10\" fill=\"#e6e6e6\"/>");
        Svg.Text(sb, l2 + 14, legendY, "removed", "start");
        for (int i = 0; i < layers.Count; i++)
        {
            int layer = layers[i];
            double y = top + i * (rowH + gap);
            Svg.Text(sb, left - 8, y + rowH - 4, $"layer {layer}", "end");
            sb.Append("<rect class=\"layer\" x=\"").Append(Svg.N(left)).Append("\" y=\"").Append(Svg.N(y)).Append("\" width=\"").Append(Svg.N(gridW))
              .Append("\" height=\"").Append(Svg.N(rowH)).Append("\" fill=\"#e6e6e6\"/>");
            int count = 0;
            foreach (int id in kept.Where(id => id / per == layer))
            {
                int unit = id % per;
                double w = Math.Max(cellW, 2);
                double x = left + (unit + 0.5) * cellW - w / 2;
                sb.Append("<rect class=\"kept\" x=\"").Append(Svg.N(x)).Append("\" y=\"").Append(Svg.N(y)).Append("\" width=\"").Append(Svg.N(w))
                  .Append("\" height=\"").Append(Svg.N(rowH)).Append("\" fill=\"#d62728\"").Append(cellW >= 4 ? " stroke=\"#fff\" stroke-width=\"0.5\"" : "").Append("><title>").Append(Svg.Escape($"{layer}:{unit} (neuron {id})")).Append("</title></rect>");
                count++;
            }
            Svg.Text(sb, left + gridW + 8, y + rowH - 4, $"{Svg.Count(count)} kept", "start");
        }
        double axisY = top + Math.Max(1, layers.Count) * (rowH + gap);
        Svg.Line(sb, left, axisY, left + gridW, axisY, AxisColor);
        foreach (int u in new[] { 0, per / 2, per - 1 }.Distinct())
        {
            double x = left + (u + 0.5) * cellW;
            Svg.Line(sb, x, axisY, x, axisY + 4, AxisColor);
            Svg.Text(sb, x, axisY + 16, u.ToString(System.Globalization.CultureInfo.InvariantCulture), u == 0 ? "start" : u == per - 1 ? "end" : "middle");
        }
        Svg.Text(sb, left + gridW / 2, axisY + 30, "unit within the layer", "middle");
        sb.Append("</svg>");
        return sb.ToString();
    }

    private static void TitleText(StringBuilder sb, IReadOnlyList<string> lines, double x)
    {
        for (int i = 0; i < lines.Count; i++)
            Svg.Text(sb, x, 20 + i * 18, lines[i], "middle", "font-size=\"14\" font-weight=\"bold\" class=\"title\"");
    }

    /// <summary>A grouped bar chart; NaN values draw no bar, bars start at zero.</summary>
    internal static string Bar(BarChart chart, double width, double height, bool standalone = false)
    {
        var categories = chart.Categories ?? [];
        var series = (chart.Series ?? []).Where(s => s is not null).ToList();
        bool legendShown = series.Count > 1;
        double right = 24 + (legendShown ? LegendWidth : 0);
        double slotGuess = (width - Left - right) / Math.Max(1, categories.Count);
        bool rotate = categories.Any(c => Math.Min(16, (c ?? "").Length) * 7 > slotGuess * 0.9);
        double bottom = Bottom + (rotate ? 40 : 0);
        double x0 = Left, x1 = width - right, y0 = height - bottom, y1 = Top;

        var sb = new StringBuilder();
        Svg.Open(sb, width, height, standalone, "chart bar-chart", chart.Title);
        Frame(sb, [chart.Title], chart.XLabel, chart.YLabel, width, x0, x1, y0, y1, xLabelY: rotate ? height - 12 : null);

        var values = series.SelectMany(s => (s.Values ?? []).Take(categories.Count));
        var yAxis = new Axis(values, false, y0, y1, includeZero: true);
        YTicks(sb, yAxis, x0, x1, left: true);

        int drawn = 0;
        if (categories.Count > 0)
        {
            double slot = (x1 - x0) / categories.Count;
            double barWidth = slot * 0.8 / Math.Max(1, series.Count);
            double zero = yAxis.Map(0);
            for (int c = 0; c < categories.Count; c++)
            {
                double cx = x0 + slot * (c + 0.5);
                Svg.Line(sb, cx, y0, cx, y0 + 5, AxisColor);
                string label = Svg.Shorten(categories[c] ?? "", 16);
                if (rotate) Svg.Text(sb, cx, y0 + 16, label, "end", $"transform=\"rotate(-45 {Svg.N(cx)} {Svg.N(y0 + 16)})\"");
                else Svg.Text(sb, cx, y0 + 18, label);
                for (int s = 0; s < series.Count; s++)
                {
                    var vals = series[s].Values ?? [];
                    if (c >= vals.Count || !double.IsFinite(vals[c])) continue;
                    double v = vals[c], py = yAxis.Map(v);
                    double bx = x0 + slot * c + slot * 0.1 + barWidth * s;
                    sb.Append("<rect class=\"bar\" x=\"").Append(Svg.N(bx)).Append("\" y=\"").Append(Svg.N(Math.Min(py, zero)))
                      .Append("\" width=\"").Append(Svg.N(Math.Max(1, barWidth - 1))).Append("\" height=\"").Append(Svg.N(Math.Abs(zero - py)))
                      .Append("\" fill=\"").Append(Svg.Color(s)).Append("\"><title>")
                      .Append(Svg.Escape($"{series[s].Name}, {categories[c]}: {Svg.Value(v)}")).Append("</title></rect>");
                    drawn++;
                }
            }
            Svg.Line(sb, x0, zero, x1, zero, AxisColor);
        }
        if (drawn == 0) NoData(sb, x0, x1, y0, y1);
        if (legendShown) Svg.Legend(sb, width - LegendWidth + 8, Top + 10, series.Select((s, i) => (s.Name, Svg.Color(i))).ToList());
        sb.Append("</svg>");
        return sb.ToString();
    }

    /// <summary>
    /// A heat map: one <c>rect class="cell"</c> per matrix entry with its value in a <c>title</c> (shown on hover),
    /// the value written in the cell when cells are large enough, and a colour bar.
    /// </summary>
    internal static string Heat(HeatMap map, double maxCell = 44, bool standalone = false)
    {
        var rows = (map.Values ?? []).Select(r => r ?? []).ToList();
        int cols = rows.Count == 0 ? 0 : rows.Max(r => r.Count);
        string RowLabel(int r) => map.RowLabels is { } l && r < l.Count ? l[r] ?? "" : r.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string ColLabel(int c) => map.ColumnLabels is { } l && c < l.Count ? l[c] ?? "" : c.ToString(System.Globalization.CultureInfo.InvariantCulture);

        double finiteMin = double.PositiveInfinity, finiteMax = double.NegativeInfinity;
        foreach (var r in rows)
            foreach (double v in r)
                if (double.IsFinite(v)) { finiteMin = Math.Min(finiteMin, v); finiteMax = Math.Max(finiteMax, v); }
        double lo = map.Min ?? (double.IsFinite(finiteMin) ? finiteMin : 0);
        double hi = map.Max ?? (double.IsFinite(finiteMax) ? finiteMax : 1);

        double cell = cols == 0 ? maxCell : Math.Clamp(560.0 / Math.Max(cols, rows.Count), 8, maxCell);
        int labelChars = Math.Min(16, Enumerable.Range(0, rows.Count).Select(r => RowLabel(r).Length).DefaultIfEmpty(1).Max());
        int colChars = Math.Min(16, Enumerable.Range(0, cols).Select(c => ColLabel(c).Length).DefaultIfEmpty(1).Max());
        bool rotateCols = colChars * 7 > cell;
        double gridW = Math.Max(cols, 1) * cell, gridH = Math.Max(rows.Count, 1) * cell;
        // The title wraps at about 60 characters and the picture is at least as wide as its longest line (a 3-layer CKA map is narrow).
        var titleLines = Wrap(map.Title, 60);
        double titleWidth = titleLines.Max(l => TextWidth(l, 14)) + 20;
        double left = 16 + labelChars * 7;
        double contentWidth = left + gridW + 110;
        if (titleWidth > contentWidth) left += (titleWidth - contentWidth) / 2; // centre the grid under a wide title
        double top = Top + (titleLines.Count - 1) * 18 + (rotateCols ? colChars * 6 + 8 : 20);
        double width = Math.Max(contentWidth, titleWidth), height = top + gridH + 20;
        bool writeValues = cell >= 30;

        var sb = new StringBuilder();
        Svg.Open(sb, width, height, standalone, "chart heat-map", map.Title);
        TitleText(sb, titleLines, width / 2);
        for (int c = 0; c < cols; c++)
        {
            double cx = left + cell * (c + 0.5);
            string label = Svg.Shorten(ColLabel(c), 16);
            if (rotateCols) Svg.Text(sb, cx, top - 6, label, "start", $"transform=\"rotate(-60 {Svg.N(cx)} {Svg.N(top - 6)})\"");
            else Svg.Text(sb, cx, top - 6, label);
        }
        for (int r = 0; r < rows.Count; r++)
        {
            double ry = top + cell * r;
            Svg.Text(sb, left - 6, ry + cell / 2 + 4, Svg.Shorten(RowLabel(r), 16), "end");
            for (int c = 0; c < cols; c++)
            {
                double v = c < rows[r].Count ? rows[r][c] : double.NaN;
                double t = Fraction(v, lo, hi);
                string fill = double.IsFinite(v) ? Sequential(t) : "#bbbbbb";
                double x = left + cell * c;
                sb.Append("<rect class=\"cell\" x=\"").Append(Svg.N(x)).Append("\" y=\"").Append(Svg.N(ry)).Append("\" width=\"").Append(Svg.N(cell))
                  .Append("\" height=\"").Append(Svg.N(cell)).Append("\" fill=\"").Append(fill).Append("\" data-value=\"").Append(Svg.Value(v))
                  .Append("\" stroke=\"#fff\" stroke-width=\"0.5\"><title>")
                  .Append(Svg.Escape($"{RowLabel(r)} × {ColLabel(c)}: {Svg.Value(v)}")).Append("</title></rect>");
                if (writeValues && double.IsFinite(v))
                    Svg.Text(sb, x + cell / 2, ry + cell / 2 + 4, v.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), "middle",
                        $"font-size=\"10\" pointer-events=\"none\" fill=\"{(t > 0.55 ? "#fff" : "#000")}\"");
            }
        }
        if (rows.Count == 0 || cols == 0)
            Svg.Text(sb, left + gridW / 2, top + gridH / 2, "no data", "middle", "fill=\"#888\"");

        // Colour bar: lightest at the bottom (min), darkest at the top (max).
        double barX = left + gridW + 24, barH = Math.Max(gridH, 60);
        const int Steps = 20;
        for (int i = 0; i < Steps; i++)
        {
            sb.Append("<rect x=\"").Append(Svg.N(barX)).Append("\" y=\"").Append(Svg.N(top + barH * i / Steps)).Append("\" width=\"14\" height=\"")
              .Append(Svg.N(barH / Steps + 0.5)).Append("\" fill=\"").Append(Sequential(1 - (i + 0.5) / Steps)).Append("\"/>");
        }
        Svg.Text(sb, barX + 20, top + 10, Svg.Value(hi), "start");
        Svg.Text(sb, barX + 20, top + barH, Svg.Value(lo), "start");
        sb.Append("</svg>");
        return sb.ToString();
    }

    /// <summary>Where <paramref name="v"/> lies in [lo, hi], clamped to [0, 1] (0.5 for a degenerate range).</summary>
    internal static double Fraction(double v, double lo, double hi)
    {
        if (!double.IsFinite(v)) return 0;
        if (!(hi > lo)) return 0.5;
        return Math.Clamp((v - lo) / (hi - lo), 0, 1);
    }

    /// <summary>A sequential colour from near white (0) to dark blue (1).</summary>
    internal static string Sequential(double t)
    {
        // Interpolate #f7fbff → #6baed6 → #08306b.
        (double r, double g, double b) a = (247, 251, 255), m = (107, 174, 214), z = (8, 48, 107);
        var (p, q, u) = t < 0.5 ? (a, m, t * 2) : (m, z, (t - 0.5) * 2);
        int R = (int)Math.Round(p.r + (q.r - p.r) * u), G = (int)Math.Round(p.g + (q.g - p.g) * u), B = (int)Math.Round(p.b + (q.b - p.b) * u);
        return $"#{R:x2}{G:x2}{B:x2}";
    }

    private static void Frame(StringBuilder sb, IReadOnlyList<string> title, string? xLabel, string? yLabel, double width, double x0, double x1, double y0, double y1, double? xLabelY = null)
    {
        sb.Append("<rect x=\"0\" y=\"0\" width=\"100%\" height=\"100%\" fill=\"#fff\"/>");
        TitleText(sb, title, width / 2);
        Svg.Line(sb, x0, y0, x1, y0, AxisColor);
        Svg.Line(sb, x0, y0, x0, y1, AxisColor);
        if (!string.IsNullOrEmpty(xLabel)) Svg.Text(sb, (x0 + x1) / 2, xLabelY ?? y0 + 40, xLabel);
        if (!string.IsNullOrEmpty(yLabel))
            Svg.Text(sb, 16, (y0 + y1) / 2, yLabel, "middle", $"transform=\"rotate(-90 16 {Svg.N((y0 + y1) / 2)})\"");
    }

    private static void XTicks(StringBuilder sb, Axis axis, double y0, double y1)
    {
        foreach (double t in axis.Ticks)
        {
            double px = axis.Map(t);
            Svg.Line(sb, px, y0, px, y1, GridColor);
            Svg.Line(sb, px, y0, px, y0 + 5, AxisColor);
            Svg.Text(sb, px, y0 + 18, Svg.Value(t));
        }
    }

    private static void YTicks(StringBuilder sb, Axis axis, double xAxis, double xOther, bool left)
    {
        foreach (double t in axis.Ticks)
        {
            double py = axis.Map(t);
            if (left) Svg.Line(sb, xAxis, py, xOther, py, GridColor);
            Svg.Line(sb, xAxis, py, xAxis + (left ? -5 : 5), py, AxisColor);
            Svg.Text(sb, xAxis + (left ? -8 : 8), py + 4, Svg.Value(t), left ? "end" : "start");
        }
        if (!left) Svg.Line(sb, xAxis, axis.Map(axis.Ticks[0]), xAxis, axis.Map(axis.Ticks[^1]), AxisColor);
    }

    private static void Polyline(StringBuilder sb, List<(double X, double Y)> run, string color, string? dash = null)
    {
        if (run.Count < 2) return;
        sb.Append("<polyline fill=\"none\" stroke=\"").Append(color).Append("\" stroke-width=\"2\"");
        if (dash is not null) sb.Append(" stroke-dasharray=\"").Append(dash).Append('"');
        sb.Append(" points=\"");
        for (int i = 0; i < run.Count; i++)
            sb.Append(i == 0 ? "" : " ").Append(Svg.N(run[i].X)).Append(',').Append(Svg.N(run[i].Y));
        sb.Append("\"/>");
    }

    private static void NoData(StringBuilder sb, double x0, double x1, double y0, double y1) =>
        Svg.Text(sb, (x0 + x1) / 2, (y0 + y1) / 2, "no data", "middle", "fill=\"#888\"");
}
