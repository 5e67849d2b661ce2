namespace CodeNeurons.Reporting;

/// <summary>One neuron of a concept's top-neuron table.</summary>
public sealed record NeuronEntry
{
    /// <summary>The neuron's global index (layer × neurons per layer + unit).</summary>
    public int NeuronId { get; init; }

    /// <summary>The layer (0 = embeddings).</summary>
    public int Layer { get; init; }

    /// <summary>The unit within its layer.</summary>
    public int Unit { get; init; }

    /// <summary>The ranking score (for example the probe's weight mass).</summary>
    public double Score { get; init; }

    /// <summary>The tokens that activate the neuron most, best first.</summary>
    public IReadOnlyList<string>? TopTokens { get; init; }

    /// <summary>The neuron's mean activation on each of <see cref="TopTokens"/> (same order), or null.</summary>
    public IReadOnlyList<double>? TopTokenMeans { get; init; }

    /// <summary>AUROC of the neuron's activation for the concept against all other tokens (0.5 = chance; below 0.5 it fires less on the concept), or null.</summary>
    public double? Auroc { get; init; }

    /// <summary>Precision of the neuron as a concept detector at its best (highest-F1) threshold, or null.</summary>
    public double? Precision { get; init; }

    /// <summary>Recall at that threshold, or null.</summary>
    public double? Recall { get; init; }

    /// <summary>Mean activation over the concept's tokens, or null.</summary>
    public double? MeanConcept { get; init; }

    /// <summary>Mean activation over all other tokens, or null.</summary>
    public double? MeanRest { get; init; }

    /// <summary>Whether the neuron is in the reduced (kept) set, or null when not known.</summary>
    public bool? Kept { get; init; }
}
