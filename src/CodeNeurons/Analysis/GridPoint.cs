using CodeNeurons.Interpretation;
using CodeNeurons.Redundancy;

namespace CodeNeurons.Analysis;

/// <summary>One point of the grid.</summary>
/// <param name="Fraction">The grid fraction.</param>
/// <param name="K">Neurons kept: max(1, round(fraction · N)), N = input neurons.</param>
/// <param name="DevScore">Dev accuracy of a probe retrained on the top <paramref name="K"/> neurons; null when not evaluated (after the choice).</param>
public sealed record GridPoint(double Fraction, int K, double? DevScore);
