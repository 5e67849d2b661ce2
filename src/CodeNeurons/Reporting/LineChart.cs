namespace CodeNeurons.Reporting;

/// <summary>
/// A line chart: accuracy against neurons kept, the correlation-clustering curve (neurons kept and accuracy against
/// the threshold), layer-wise independent and incremental accuracy.
/// </summary>
public sealed record LineChart
{
    /// <summary>The chart's title.</summary>
    public required string Title { get; init; }

    /// <summary>The x axis label.</summary>
    public string? XLabel { get; init; }

    /// <summary>The (left) y axis label.</summary>
    public string? YLabel { get; init; }

    /// <summary>The right y axis label, used by series with <see cref="ChartSeries.SecondaryAxis"/>.</summary>
    public string? Y2Label { get; init; }

    /// <summary>Whether the x axis is logarithmic (base 10); points with x ≤ 0 are then skipped.</summary>
    public bool LogX { get; init; }

    /// <summary>The series.</summary>
    public IReadOnlyList<ChartSeries>? Series { get; init; }
}
