
namespace CodeNeurons.Interpretation;

/// <summary>One word type's score for a neuron.</summary>
/// <param name="Token">The word type (token string).</param>
/// <param name="Score">Mean z of the type divided by the largest mean over types (NeuroX's normalised score, ≤ 1).</param>
/// <param name="MeanZ">Mean over the type's occurrences of |z| (or z when scoring signed), before normalisation.</param>
/// <param name="Count">Occurrences of the type.</param>
public sealed record TokenScore(string Token, double Score, double MeanZ, int Count);
