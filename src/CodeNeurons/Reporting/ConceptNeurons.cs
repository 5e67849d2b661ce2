namespace CodeNeurons.Reporting;

/// <summary>The top neurons of one concept (for example <c>KEYWORD</c>), best first.</summary>
public sealed record ConceptNeurons
{
    /// <summary>The concept's name.</summary>
    public required string Concept { get; init; }

    /// <summary>The neurons, best first.</summary>
    public IReadOnlyList<NeuronEntry>? Neurons { get; init; }

    /// <summary>How many neurons the full ranking has, when <see cref="Neurons"/> holds only its head; the table note uses it.</summary>
    public int? TotalNeurons { get; init; }

    /// <summary>What the neurons are ranked by, in words (for example "separation max(AUROC, 1 − AUROC)"), or null.</summary>
    public string? RankedBy { get; init; }

    /// <summary>Rows of the concept and of the rest the evidence was measured on, or null.</summary>
    public int? ConceptRows { get; init; }

    /// <summary>Rows of all other tokens, or null.</summary>
    public int? RestRows { get; init; }

    /// <summary>How many random neurons the chance baseline measured, or null for none.</summary>
    public int? RandomNeurons { get; init; }

    /// <summary>Mean separation max(AUROC, 1 − AUROC) of the random neurons.</summary>
    public double? RandomMean { get; init; }

    /// <summary>95th percentile of the random neurons' separation: a neuron above it beats 95 % of random neurons.</summary>
    public double? RandomPercentile95 { get; init; }
}
