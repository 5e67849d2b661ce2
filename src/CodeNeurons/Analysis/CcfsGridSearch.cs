using CodeNeurons.Formats;

namespace CodeNeurons.Analysis;

/// <summary>The minimal-set search of one row: the grid points evaluated (for accuracy-vs-neurons plots).</summary>
/// <param name="Name">The row it belongs to.</param>
/// <param name="BaseDevScore">Dev accuracy of the probe on all of the stage's input neurons.</param>
/// <param name="Threshold">The dev accuracy the chosen k had to reach.</param>
/// <param name="Found">Whether some grid point reached it.</param>
/// <param name="Points">Every grid point (dev score null where not evaluated).</param>
public sealed record CcfsGridSearch(string Name, double BaseDevScore, double Threshold, bool Found, IReadOnlyList<GridPoint> Points);
