namespace CodeNeurons.Reporting;

/// <summary>A named series of bar heights, one per category of its <see cref="BarChart"/>.</summary>
/// <param name="Name">The name shown in the legend.</param>
/// <param name="Values">One value per category; a NaN value draws no bar.</param>
public sealed record BarSeries(string Name, IReadOnlyList<double> Values);
