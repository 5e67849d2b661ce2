using CodeNeurons.Interpretation;

namespace CodeNeurons.Analysis;

/// <summary>A reference score of the task-specific pipeline.</summary>
/// <param name="Name"><c>"oracle"</c> or <c>"none"</c>.</param>
/// <param name="DevScore">Accuracy on the dev set.</param>
/// <param name="TestScore">Accuracy on the test set, or null when no test set was given.</param>
/// <param name="Neurons">Neurons the baseline uses (all for the oracle, 0 for none).</param>
/// <param name="Probe">The trained probe (oracle only).</param>
/// <param name="MajorityClass">The training-set majority class predicted by the none baseline (none only).</param>
public sealed record BaselineScore(string Name, double DevScore, double? TestScore, int Neurons, ProbeResult? Probe = null, int? MajorityClass = null);
