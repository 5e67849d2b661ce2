
namespace CodeNeurons.Interpretation;

/// <summary>How well one neuron, alone, separates a concept's tokens from all other tokens.</summary>
/// <param name="NeuronId">The neuron's global id.</param>
/// <param name="Auroc">
/// Area under the ROC curve of the raw activation for concept (positive) against rest: the probability that a random
/// concept token activates the neuron more than a random other token, ties counting one half. 0.5 is chance; below 0.5
/// the neuron fires <i>less</i> on the concept.
/// </param>
/// <param name="Threshold">The best threshold (highest F1 for the concept): the neuron "detects" the concept when its activation is ≥ this (direction +1) or ≤ this (direction −1).</param>
/// <param name="Precision">Precision of that detector: of the rows past the threshold, the fraction that are the concept.</param>
/// <param name="Recall">Recall of that detector: of the concept's rows, the fraction past the threshold.</param>
/// <param name="MeanConcept">Mean activation over the concept's rows.</param>
/// <param name="MeanRest">Mean activation over all other rows.</param>
/// <param name="TopTokens">Token types (at least <see cref="NeuronEvidenceOptions.MinTokenCount"/> occurrences) with the largest mean activation in the neuron's direction, first the strongest.</param>
public sealed record NeuronConceptEvidence(int NeuronId, double Auroc, double Threshold, double Precision, double Recall, double MeanConcept, double MeanRest,
    IReadOnlyList<TokenMean> TopTokens)
{
    /// <summary>+1 when the neuron fires more on the concept (AUROC ≥ 0.5), −1 when it fires less.</summary>
    public int Direction => Auroc >= 0.5 ? 1 : -1;

    /// <summary>max(AUROC, 1 − AUROC): how well the neuron separates the concept in either direction (0.5 = chance, 1 = perfectly).</summary>
    public double Separation => Math.Max(Auroc, 1 - Auroc);
}
