namespace CodeNeurons.Reporting;

/// <summary>A grouped bar chart: the layer distribution of top neurons, per-class accuracy.</summary>
public sealed record BarChart
{
    /// <summary>The chart's title.</summary>
    public required string Title { get; init; }

    /// <summary>The x axis label.</summary>
    public string? XLabel { get; init; }

    /// <summary>The y axis label.</summary>
    public string? YLabel { get; init; }

    /// <summary>The category names along the x axis.</summary>
    public IReadOnlyList<string>? Categories { get; init; }

    /// <summary>One or more series; each has one value per category.</summary>
    public IReadOnlyList<BarSeries>? Series { get; init; }
}
