using CodeNeurons.Formats;

namespace CodeNeurons.Analysis;

/// <summary>A neuron that carries a class in the oracle probe, with the tokens that activate it most.</summary>
/// <param name="NeuronId">Global neuron id.</param>
/// <param name="Weight">The oracle probe's weight of this neuron for the class.</param>
/// <param name="TopTokens">The training tokens with the highest mean activation z-score (empty without tokens).</param>
public sealed record CcfsNeuron(int NeuronId, double Weight, IReadOnlyList<string> TopTokens);
