
namespace CodeNeurons.Interpretation;

/// <summary>The top word types of one neuron.</summary>
/// <param name="NeuronId">Global neuron id.</param>
/// <param name="Words">Word types, best first.</param>
public sealed record TopTokens(int NeuronId, IReadOnlyList<TokenScore> Words);
