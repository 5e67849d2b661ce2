
namespace CodeNeurons.Concepts;

/// <summary>Options of <see cref="BinaryConceptDataset"/>.</summary>
public sealed record BinaryConceptOptions
{
    /// <summary>
    /// When true (default), the larger side is down-sampled (seeded) so positives and negatives are equally many
    /// (NeuroX <c>annotate_data(balance_data=True)</c>); when false every token is kept.
    /// </summary>
    public bool Balance { get; init; } = true;

    /// <summary>At most this many positives (seeded sample) before balancing; null for all.</summary>
    public int? MaxPositives { get; init; }

    /// <summary>The name of class 1.</summary>
    public string PositiveLabel { get; init; } = "positive";

    /// <summary>The name of class 0.</summary>
    public string NegativeLabel { get; init; } = "negative";

    /// <summary>Seed of the sampling.</summary>
    public int Seed { get; init; }
}
