using System.Globalization;
using System.Text;

namespace CodeNeurons.Reporting;

/// <summary>
/// Draws one neuron's activations over tokens as a standalone SVG, as NeuroX's <c>visualize_activations</c> does:
/// each token is monospace text on a box shaded by its activation, positive in one colour and negative in another,
/// with intensity |value| / max|value|; the value shows on hover (<c>title</c>), and lines wrap at a width in characters.
/// </summary>
/// <remarks>
/// Each token is a <c>g class="tok"</c> holding a <c>title</c>, a <c>rect</c> (attributes <c>fill</c> and
/// <c>fill-opacity</c>) and the <c>text</c>. NeuroX: F. Dalvi et al., "NeuroX Library for Neuron Analysis of Deep NLP
/// Models", ACL 2023 demos.
/// </remarks>
public static class ActivationMapSvg
{
    /// <summary>Renders one sentence: tokens and their activations.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="tokens"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public static string Render(IReadOnlyList<TokenActivation> tokens, ActivationMapSvgOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        return Render(new ActivationMap { Sentences = [tokens] }, options);
    }

    /// <summary>Renders a neuron's map: its label, then each sentence starting on a new line, all on one scale.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="map"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public static string Render(ActivationMap map, ActivationMapSvgOptions? options = null) => Render(map, options, standalone: true);

    /// <summary>Writes <see cref="Render(ActivationMap, ActivationMapSvgOptions?)"/> to <paramref name="path"/>, atomically.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder of <paramref name="path"/> does not exist.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; no file is left behind.</exception>
    public static void Save(ActivationMap map, string path, ActivationMapSvgOptions? options = null, CancellationToken cancellationToken = default)
    {
        string svg = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + Render(map, options, standalone: true);
        ReportFiles.WriteText(path, svg, cancellationToken);
    }

    /// <summary>Writes <see cref="Render(IReadOnlyList{TokenActivation}, ActivationMapSvgOptions?)"/> to <paramref name="path"/>, atomically.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder of <paramref name="path"/> does not exist.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; no file is left behind.</exception>
    public static void Save(IReadOnlyList<TokenActivation> tokens, string path, ActivationMapSvgOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        Save(new ActivationMap { Sentences = [tokens] }, path, options, cancellationToken);
    }

    /// <summary>
    /// The fill opacity of a token: 1 − (1 − min(1, |value| / scale))^darken; 0 for a non-finite value or a
    /// non-positive scale.
    /// </summary>
    internal static double Opacity(double value, double scale, int darken)
    {
        if (!double.IsFinite(value) || !(scale > 0)) return 0;
        double a = Math.Min(1, Math.Abs(value) / scale);
        return 1 - Math.Pow(1 - a, darken);
    }

    internal static string Render(ActivationMap map, ActivationMapSvgOptions? options, bool standalone)
    {
        ArgumentNullException.ThrowIfNull(map);
        options ??= new ActivationMapSvgOptions();
        options.Validate();

        double scale = map.MaxAbsValue ?? options.MaxAbsValue ?? 0;
        if (scale <= 0)
            foreach (var s in map.Sentences ?? [])
                foreach (var t in s ?? [])
                    if (t is not null && double.IsFinite(t.Value)) scale = Math.Max(scale, Math.Abs(t.Value));

        double font = options.FontSize, cw = font * 0.6, lh = font * 1.25, gap = font * 0.25;
        double pad = 6;
        double width = pad * 2 + options.CharsPerLine * cw;

        // Lay tokens out: (token, line, column in characters, side-by-side column). With Columns = c, sentences go c to a
        // row of the figure (a pair's two inputs side by side), each column CharsPerLine / c characters wide.
        int columns = Math.Max(1, map.Columns ?? 1);
        int chars = columns == 1 ? options.CharsPerLine : Math.Max(20, options.CharsPerLine / columns);
        int stride = chars + 3;
        var placed = new List<(TokenActivation Tok, string Text, int Line, int Col)>();
        int line = 0, total = 0, drawn = 0;
        var sentenceStarts = new List<int>();
        var captions = new List<(string Text, int Line, int Col)>();
        var sentences = map.Sentences ?? [];
        for (int group = 0; group < sentences.Count; group += columns)
        {
            sentenceStarts.Add(line);
            int groupEnd = line;
            for (int c = 0; c < columns && group + c < sentences.Count; c++)
            {
                int sentenceIndex = group + c, at = line, col = 0, left = c * stride;
                string? caption = map.SentenceCaptions is { } sc && sentenceIndex < sc.Count ? sc[sentenceIndex] : null;
                if (!string.IsNullOrWhiteSpace(caption))
                {
                    captions.Add((caption, at, left));
                    width = Math.Max(width, pad * 2 + left * cw + caption.Length * font * 0.75 * 0.62);
                    at++;
                }
                foreach (var tok in sentences[sentenceIndex] ?? [])
                {
                    if (tok is null) continue;
                    total++;
                    if (drawn >= options.MaxTokens) continue;
                    string text = Display(tok.Token);
                    int len = Math.Max(1, text.Length);
                    if (col > 0 && col + len > chars) { at++; col = 0; }
                    placed.Add((tok, text, at, left + col));
                    width = Math.Max(width, pad * 2 + (left + col + len) * cw);
                    col += len + 1;
                    drawn++;
                }
                groupEnd = Math.Max(groupEnd, at + 1);
            }
            line = groupEnd;
        }
        bool hasLabel = !string.IsNullOrEmpty(map.Label);
        double top = pad + (hasLabel ? font * 1.1 : 0);
        int lines = Math.Max(line, 1);
        double rowH = lh + gap;
        double sentenceGap = gap * 2;
        double LineY(int l) => top + l * rowH + sentenceStarts.Count(s => s > 0 && s <= l) * sentenceGap;
        bool truncated = total > drawn;
        double height = LineY(lines) + pad + (truncated ? font : 0);

        var sb = new StringBuilder();
        Svg.Open(sb, width, height, standalone, "activation-map", map.Label ?? $"neuron {map.NeuronId}");
        sb.Append("<rect x=\"0\" y=\"0\" width=\"100%\" height=\"100%\" fill=\"#fff\"/>");
        if (hasLabel) Svg.Text(sb, pad, pad + font * 0.8, map.Label!, "start", $"font-size=\"{Svg.N(font * 0.8)}\" font-weight=\"bold\"");
        sb.Append("<g font-family=\"'DejaVu Sans Mono', Menlo, Consolas, 'Courier New', monospace\" font-size=\"").Append(Svg.N(font)).Append("\">");
        foreach (var (tok, text, l, c) in placed)
        {
            double x = pad + c * cw, y = LineY(l);
            int len = Math.Max(1, text.Length);
            double v = tok.Value;
            string fill = double.IsFinite(v) && v < 0 ? options.NegativeColor : options.PositiveColor;
            double opacity = Opacity(v, scale, options.Darken);
            sb.Append("<g class=\"tok\" data-value=\"").Append(Svg.Value(v)).Append("\"><title>")
              .Append(Svg.Escape($"{tok.Token}: {Svg.Value(v)}")).Append("</title>")
              .Append("<rect x=\"").Append(Svg.N(x)).Append("\" y=\"").Append(Svg.N(y)).Append("\" width=\"").Append(Svg.N(len * cw))
              .Append("\" height=\"").Append(Svg.N(lh)).Append("\" fill=\"").Append(fill).Append("\" fill-opacity=\"")
              .Append(opacity.ToString("0.####", CultureInfo.InvariantCulture)).Append("\"/>")
              .Append("<text x=\"").Append(Svg.N(x)).Append("\" y=\"").Append(Svg.N(y + lh * 0.78))
              .Append("\" xml:space=\"preserve\" style=\"white-space:pre\">").Append(Svg.Escape(text)).Append("</text></g>");
        }
        sb.Append("</g>");
        foreach (var (text, l, c) in captions)
            Svg.Text(sb, pad + c * cw, LineY(l) + lh * 0.78, text, "start", $"class=\"caption\" font-size=\"{Svg.N(font * 0.75)}\" font-style=\"italic\" fill=\"#555\"");
        if (truncated)
            Svg.Text(sb, pad, height - pad, $"showing {Svg.Count(drawn)} of {Svg.Count(total)} tokens", "start", $"font-size=\"{Svg.N(font * 0.6)}\" fill=\"#666\"");
        sb.Append("</svg>");
        return sb.ToString();
    }

    /// <summary>The token as drawn: a line break shows as ↵ and a tab as →, so every token stays on its line.</summary>
    private static string Display(string? token) =>
        (token ?? "").Replace("\r\n", "\n").Replace('\n', '↵').Replace('\r', '↵').Replace('\t', '→');
}
