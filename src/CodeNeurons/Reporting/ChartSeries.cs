namespace CodeNeurons.Reporting;

/// <summary>A named series of points of a <see cref="LineChart"/>, drawn as a line with markers in the order given.</summary>
public sealed record ChartSeries
{
    /// <summary>The name shown in the legend.</summary>
    public required string Name { get; init; }

    /// <summary>The points, drawn in this order; a non-finite point breaks the line.</summary>
    public IReadOnlyList<ChartPoint>? Points { get; init; }

    /// <summary>Whether the series is drawn against the right-hand axis (<see cref="LineChart.Y2Label"/>), e.g. neuron counts beside accuracies.</summary>
    public bool SecondaryAxis { get; init; }
}
