using CodeNeurons.Formats;

namespace CodeNeurons.Analysis;

/// <summary>The neurons with the largest positive oracle weights for one class.</summary>
/// <param name="ClassName">The class.</param>
/// <param name="Neurons">Neurons, largest weight first.</param>
public sealed record CcfsConceptNeurons(string ClassName, IReadOnlyList<CcfsNeuron> Neurons);
