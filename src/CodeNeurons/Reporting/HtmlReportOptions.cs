using System.Text;

namespace CodeNeurons.Reporting;

/// <summary>Options of <see cref="HtmlReport"/>.</summary>
public sealed record HtmlReportOptions
{
    /// <summary>The most rows of a top-neuron table; longer tables show a "showing 50 of 2,688 neurons" note (default 50).</summary>
    public int MaxTableRows { get; init; } = 50;

    /// <summary>The most top tokens listed per neuron (default 10).</summary>
    public int MaxTopTokens { get; init; } = 10;

    /// <summary>The most tokens drawn per activation map (default 500).</summary>
    public int ActivationMapMaxTokens { get; init; } = 500;

    /// <summary>Characters per line of an activation map (default 100).</summary>
    public int ActivationMapCharsPerLine { get; init; } = 100;

    /// <summary>How activation maps are drawn: colours, font size, darkening; its MaxTokens and CharsPerLine are replaced by the two options above.</summary>
    public ActivationMapSvgOptions ActivationMap { get; init; } = new() { FontSize = 16 };

    /// <summary>Width of line and bar charts in pixels (default 720).</summary>
    public int ChartWidth { get; init; } = 720;

    /// <summary>Height of line and bar charts in pixels (default 360).</summary>
    public int ChartHeight { get; init; } = 360;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (MaxTableRows < 1) throw new ArgumentException($"MaxTableRows must be at least 1, not {MaxTableRows}.", nameof(MaxTableRows));
        if (MaxTopTokens < 0) throw new ArgumentException($"MaxTopTokens must be 0 or more, not {MaxTopTokens}.", nameof(MaxTopTokens));
        if (ActivationMapMaxTokens < 1) throw new ArgumentException($"ActivationMapMaxTokens must be at least 1, not {ActivationMapMaxTokens}.", nameof(ActivationMapMaxTokens));
        if (ActivationMapCharsPerLine < 1) throw new ArgumentException($"ActivationMapCharsPerLine must be at least 1, not {ActivationMapCharsPerLine}.", nameof(ActivationMapCharsPerLine));
        if (ChartWidth < 200) throw new ArgumentException($"ChartWidth must be at least 200 pixels, not {ChartWidth}.", nameof(ChartWidth));
        if (ChartHeight < 150) throw new ArgumentException($"ChartHeight must be at least 150 pixels, not {ChartHeight}.", nameof(ChartHeight));
        ArgumentNullException.ThrowIfNull(ActivationMap, nameof(ActivationMap));
        (ActivationMap with { MaxTokens = ActivationMapMaxTokens, CharsPerLine = ActivationMapCharsPerLine }).Validate();
    }
}
