using CodeNeurons.Data;

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

/// <summary>
/// What an <see cref="IRedundancyFilter"/> reduces: the (training) activations, and for task-specific filters the
/// labelled splits they were taken from (<see cref="Task"/>), kept in step when neurons are removed.
/// </summary>
public sealed record RedundancyInput
{
    private RedundancyInput(ActivationSet activations, ProbingData? task)
    {
        Activations = activations;
        Task = task;
    }

    /// <summary>The activations the filter reduces (for a task, its training split).</summary>
    public ActivationSet Activations { get; }

    /// <summary>The labelled train, dev (and test) splits, or null when only activations were given.</summary>
    public ProbingData? Task { get; }

    /// <summary>Number of neurons.</summary>
    public int Neurons => Activations.Neurons;

    /// <summary>Activations without labels (enough for general filters such as clustering).</summary>
    /// <param name="activations">The activations.</param>
    /// <returns>The input.</returns>
    public static RedundancyInput Of(ActivationSet activations)
    {
        ArgumentNullException.ThrowIfNull(activations);
        return new RedundancyInput(activations, null);
    }

    /// <summary>A labelled task: every filter reduces its training activations; task-specific filters also read the labels and dev split.</summary>
    /// <param name="data">The splits.</param>
    /// <returns>The input.</returns>
    public static RedundancyInput Of(ProbingData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new RedundancyInput(data.Train.Activations, data);
    }

    /// <summary>The labelled splits, for a task-specific filter.</summary>
    /// <param name="filter">The filter's name, for the error message.</param>
    /// <returns><see cref="Task"/>.</returns>
    /// <exception cref="ArgumentException">No labels were given.</exception>
    public ProbingData RequireTask(string filter) =>
        Task ?? throw new ArgumentException($"{filter} is a task-specific filter: it needs labels and a dev split (RedundancyInput.Of(ProbingData)), not activations alone.");

    /// <summary>The same input restricted to <paramref name="neuronIds"/> (every split, when labelled).</summary>
    /// <param name="neuronIds">Global neuron ids present in the input.</param>
    /// <returns>The restricted input (this instance when nothing changes).</returns>
    public RedundancyInput SelectNeurons(IReadOnlyList<int> neuronIds)
    {
        ArgumentNullException.ThrowIfNull(neuronIds);
        if (Activations.NeuronIds.SequenceEqual(neuronIds)) return this;
        return Task is null ? new RedundancyInput(Activations.SelectNeurons(neuronIds), null) : Of(Task.SelectNeurons(neuronIds));
    }
}

/// <summary>The outcome of an <see cref="IRedundancyFilter"/>: what was kept, and what the filter found on the way.</summary>
public sealed record RedundancyResult
{
    /// <summary>Creates a result.</summary>
    /// <param name="kept">The input restricted to the kept neurons.</param>
    /// <param name="originalNeurons">Neurons of the input before filtering.</param>
    /// <param name="details">The filter's own result (e.g. a <c>LayerSelectionResult</c>), or null.</param>
    /// <param name="steps">For a chain, neurons in and out of each filter; null for a single filter.</param>
    public RedundancyResult(RedundancyInput kept, int originalNeurons, object? details = null, IReadOnlyList<ChainStep>? steps = null)
    {
        ArgumentNullException.ThrowIfNull(kept);
        Kept = kept;
        OriginalNeurons = originalNeurons;
        Details = details;
        Steps = steps ?? [];
    }

    /// <summary>The input restricted to the kept neurons.</summary>
    public RedundancyInput Kept { get; }

    /// <summary>The kept activations.</summary>
    public ActivationSet KeptActivations => Kept.Activations;

    /// <summary>Global ids of the kept neurons, ascending.</summary>
    public IReadOnlyList<int> KeptNeurons => Kept.Activations.NeuronIds;

    /// <summary>Number of neurons before filtering.</summary>
    public int OriginalNeurons { get; }

    /// <summary>The filter's own findings (clustering result, layer scores, grid search …), or null.</summary>
    public object? Details { get; }

    /// <summary>For a <see cref="RedundancyChain"/>, neurons in and out of each filter; empty otherwise.</summary>
    public IReadOnlyList<ChainStep> Steps { get; }

    /// <summary>Fraction of neurons removed, 1 − kept / original.</summary>
    public double Reduction => OriginalNeurons == 0 ? 0 : 1.0 - (double)KeptNeurons.Count / OriginalNeurons;

    /// <summary>The details as <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The filter's result type.</typeparam>
    /// <returns>The details.</returns>
    /// <exception cref="InvalidOperationException">The details are of another type (the message names it).</exception>
    public T DetailsAs<T>() where T : class =>
        Details as T ?? throw new InvalidOperationException($"The filter's details are {Details?.GetType().Name ?? "null"}, not {typeof(T).Name}.");
}

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
