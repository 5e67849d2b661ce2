
namespace CodeNeurons.Interpretation;

/// <summary>One token type and a neuron's mean activation over its occurrences.</summary>
/// <param name="Token">The token's text.</param>
/// <param name="Count">How many rows have this token.</param>
/// <param name="MeanActivation">The neuron's mean activation over those rows.</param>
public sealed record TokenMean(string Token, int Count, double MeanActivation);
