namespace CodeNeurons.Reporting;

/// <summary>One (x, y) point of a chart series; a NaN or infinite coordinate is skipped when drawing.</summary>
/// <param name="X">The x value.</param>
/// <param name="Y">The y value.</param>
public sealed record ChartPoint(double X, double Y);
