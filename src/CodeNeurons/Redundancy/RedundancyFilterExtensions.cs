using CodeNeurons.Data;

namespace CodeNeurons.Redundancy;

/// <summary>Conveniences over <see cref="IRedundancyFilter"/>.</summary>
public static class RedundancyFilterExtensions
{
    /// <summary>Filters activations without labels (general filters only).</summary>
    /// <param name="filter">The filter.</param>
    /// <param name="activations">The activations.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The result.</returns>
    public static RedundancyResult Filter(this IRedundancyFilter filter, ActivationSet activations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return filter.Filter(RedundancyInput.Of(activations), cancellationToken);
    }

    /// <summary>Filters a labelled task (task-specific filters read its labels and dev split).</summary>
    /// <param name="filter">The filter.</param>
    /// <param name="data">The splits.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The result.</returns>
    public static RedundancyResult Filter(this IRedundancyFilter filter, ProbingData data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return filter.Filter(RedundancyInput.Of(data), cancellationToken);
    }
}
