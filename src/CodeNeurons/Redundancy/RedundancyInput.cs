using CodeNeurons.Data;

namespace CodeNeurons.Redundancy;

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
