
namespace CodeNeurons.Redundancy;

/// <summary>
/// Removes redundant neurons: given activations (and, for task-specific filters, labels and a dev split), keeps a subset
/// of neurons that carries (nearly) the same information. General redundancy: <see cref="CorrelationClustering"/>
/// (Dalvi et al. 2020); task-specific: <c>LayerSelector.AsFilter()</c> and
/// <c>MinimalNeuronSet.AsFilter()</c> (Analysis namespace); <see cref="RedundancyChain"/> composes filters.
/// </summary>
/// <remarks>A filter is configured once and keeps no state between calls: everything it found is in the result.</remarks>
public interface IRedundancyFilter
{
    /// <summary>Chooses the neurons to keep.</summary>
    /// <param name="input">The activations to reduce, with labels and a dev split when the filter needs them.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The kept neurons, the reduced input and the filter's own findings (<see cref="RedundancyResult.Details"/>).</returns>
    /// <exception cref="ArgumentException">A task-specific filter was given activations without labels.</exception>
    RedundancyResult Filter(RedundancyInput input, CancellationToken cancellationToken = default);
}
