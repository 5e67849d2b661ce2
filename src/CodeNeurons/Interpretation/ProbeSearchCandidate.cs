namespace CodeNeurons.Interpretation;

/// <summary>One probe of a <see cref="ProbeSearch"/>: its λs, restart and seed, its dev score and the trained probe.</summary>
/// <param name="L1">λ1.</param>
/// <param name="L2">λ2.</param>
/// <param name="Restart">The 0-based restart.</param>
/// <param name="Seed">The seed it was trained with.</param>
/// <param name="DevScore">Its dev score by <see cref="ProbeSearchOptions.Metric"/>.</param>
/// <param name="Result">The trained probe and its history.</param>
public sealed record ProbeSearchCandidate(double L1, double L2, int Restart, int Seed, double DevScore, ProbeResult Result);
