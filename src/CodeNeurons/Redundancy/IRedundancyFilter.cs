using CodeNeurons.Data;

namespace CodeNeurons.Redundancy;

/// <summary>
/// Removes redundant neurons: given activations, keeps a subset of neurons that carries (nearly) the same
/// information. Implementations: <see cref="CorrelationClustering"/> (general redundancy,
/// Dalvi et al. 2020); task-specific filters follow the same contract.
/// </summary>
public interface IRedundancyFilter
{
    /// <summary>Chooses the neurons to keep.</summary>
    /// <param name="activations">Activations [rows, neurons].</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The kept neurons and the reduced activation set.</returns>
    RedundancyResult Filter(ActivationSet activations, CancellationToken cancellationToken = default);
}

/// <summary>The outcome of an <see cref="IRedundancyFilter"/>.</summary>
/// <param name="Kept">The activations restricted to the kept neurons.</param>
/// <param name="OriginalNeurons">Number of neurons before filtering.</param>
public sealed record RedundancyResult(ActivationSet Kept, int OriginalNeurons)
{
    /// <summary>Global ids of the kept neurons, ascending.</summary>
    public IReadOnlyList<int> KeptNeurons => Kept.NeuronIds;

    /// <summary>Fraction of neurons removed, 1 − kept / original.</summary>
    public double Reduction => 1.0 - (double)Kept.Neurons / OriginalNeurons;
}
