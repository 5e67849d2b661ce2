using CodeNeurons.Data;

namespace CodeNeurons.Redundancy;

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
