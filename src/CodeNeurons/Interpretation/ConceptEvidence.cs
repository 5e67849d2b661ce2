
namespace CodeNeurons.Interpretation;

/// <summary>Per-neuron evidence for one concept, neurons ranked by separation (best first), and the random-neuron baseline.</summary>
/// <param name="ConceptRows">Rows of the concept.</param>
/// <param name="RestRows">All other rows.</param>
/// <param name="Neurons">The candidates, highest <see cref="NeuronConceptEvidence.Separation"/> first (ties: higher precision, then lower id).</param>
/// <param name="Random">The chance baseline, or null when <see cref="NeuronEvidenceOptions.RandomNeurons"/> is 0.</param>
public sealed record ConceptEvidence(int ConceptRows, int RestRows, IReadOnlyList<NeuronConceptEvidence> Neurons, RandomNeuronBaseline? Random);
