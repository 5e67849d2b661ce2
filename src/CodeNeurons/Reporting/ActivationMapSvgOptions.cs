using System.Globalization;
using System.Text.RegularExpressions;

namespace CodeNeurons.Reporting;

/// <summary>Options of <see cref="ActivationMapSvg"/>; the defaults follow NeuroX's <c>visualize_activations</c>.</summary>
public sealed partial record ActivationMapSvgOptions
{
    /// <summary>The |activation| drawn at full intensity; the largest finite |activation| of the data when null.</summary>
    public double? MaxAbsValue { get; init; }

    /// <summary>Characters per line before tokens wrap to the next line (default 60, as NeuroX's <c>char_limit</c>).</summary>
    public int CharsPerLine { get; init; } = 60;

    /// <summary>Font size in pixels (default 20, as NeuroX).</summary>
    public double FontSize { get; init; } = 20;

    /// <summary>Background of tokens with a positive activation, <c>#rrggbb</c> (default NeuroX's blue <c>#00aad4</c>).</summary>
    public string PositiveColor { get; init; } = "#00aad4";

    /// <summary>Background of tokens with a negative activation, <c>#rrggbb</c> (default NeuroX's red <c>#d35f5f</c>).</summary>
    public string NegativeColor { get; init; } = "#d35f5f";

    /// <summary>
    /// How many times the background is conceptually layered (default 2, as NeuroX's <c>darken</c>): the fill opacity is
    /// 1 − (1 − |v|/max)^Darken, so 1 gives opacity proportional to |v|; zero stays transparent and the maximum stays opaque.
    /// </summary>
    public int Darken { get; init; } = 2;

    /// <summary>The most tokens drawn per map; the rest are left out with a note (default 2000).</summary>
    public int MaxTokens { get; init; } = 2000;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (MaxAbsValue is { } m && !(m > 0 && double.IsFinite(m)))
            throw new ArgumentException($"MaxAbsValue must be a positive finite number or null, not {m.ToString(CultureInfo.InvariantCulture)}.", nameof(MaxAbsValue));
        if (CharsPerLine < 1) throw new ArgumentException($"CharsPerLine must be at least 1, not {CharsPerLine}.", nameof(CharsPerLine));
        if (!(FontSize > 0 && double.IsFinite(FontSize))) throw new ArgumentException($"FontSize must be positive, not {FontSize.ToString(CultureInfo.InvariantCulture)}.", nameof(FontSize));
        if (Darken < 1) throw new ArgumentException($"Darken must be at least 1, not {Darken}.", nameof(Darken));
        if (MaxTokens < 1) throw new ArgumentException($"MaxTokens must be at least 1, not {MaxTokens}.", nameof(MaxTokens));
        if (!HexColor().IsMatch(PositiveColor ?? "")) throw new ArgumentException($"PositiveColor must be #rrggbb, not '{PositiveColor}'.", nameof(PositiveColor));
        if (!HexColor().IsMatch(NegativeColor ?? "")) throw new ArgumentException($"NegativeColor must be #rrggbb, not '{NegativeColor}'.", nameof(NegativeColor));
    }

    [GeneratedRegex("^#[0-9a-fA-F]{6}$")]
    private static partial Regex HexColor();
}
