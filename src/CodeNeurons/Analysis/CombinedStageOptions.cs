using System.Text.Json.Serialization;
using CodeNeurons.Concepts;
using CodeNeurons.Data;
using CodeNeurons.Interpretation;
using CodeNeurons.Redundancy;

namespace CodeNeurons.Analysis;

/// <summary>Settings of the combined LS + CC + LCA stage and of the choice of the best combination.</summary>
public sealed record CombinedStageOptions
{
    /// <summary>The (δ_L, δ_N) pairs. Paper: (3, 1), (2, 1), (1, 1).</summary>
    public IReadOnlyList<DeltaPair> Pairs { get; init; } = [new(3, 1), new(2, 1), new(1, 1)];

    /// <summary>Clustering thresholds; null = no clustering. Paper: none and 0.3.</summary>
    public IReadOnlyList<double?> Thresholds { get; init; } = [null, 0.3];

    /// <summary>
    /// The rule for the best combination, on dev: the fewest neurons among the combinations whose dev accuracy is at
    /// least oracle·(1 − this/100); when none is, the highest dev accuracy. Percent, in (0, 100).
    /// </summary>
    public double SelectionDeltaPercent { get; init; } = 1;

    /// <summary>How dev scores are compared with the selection threshold: ≥ (default) or strictly &gt; (Dalvi's scripts).</summary>
    public ThresholdComparison Comparison { get; init; } = ThresholdComparison.AtLeast;

    /// <summary>Checks the options.</summary>
    /// <param name="required">Whether the combined stage runs (then pairs and thresholds must not be empty).</param>
    /// <exception cref="ArgumentException">An empty pair or threshold list, a bad δ, thresholds unsorted or repeated.</exception>
    public void Validate(bool required)
    {
        ArgumentNullException.ThrowIfNull(Pairs, "combined.pairs");
        if (required && Pairs.Count == 0) throw new ArgumentException("The ccfs stage needs at least one (δ_L, δ_N) pair (combined.pairs).", nameof(Pairs));
        for (int i = 0; i < Pairs.Count; i++)
        {
            if (Pairs[i] is null) throw new ArgumentException($"combined.pairs[{i}] is null.", nameof(Pairs));
            CcfsChecks.Delta(Pairs[i].LayerDeltaPercent, $"combined.pairs[{i}] δ_L");
            CcfsChecks.Delta(Pairs[i].NeuronDeltaPercent, $"combined.pairs[{i}] δ_N");
        }
        ArgumentNullException.ThrowIfNull(Thresholds, "combined.thresholds");
        if (required && Thresholds.Count == 0) throw new ArgumentException("combined.thresholds is empty; use [null] for no clustering.", nameof(Thresholds));
        if (Thresholds.Count(t => t is null) > 1) throw new ArgumentException("combined.thresholds lists null (no clustering) twice.", nameof(Thresholds));
        CcfsChecks.Ascending(Thresholds.Where(t => t is not null).Select(t => t!.Value).ToArray(), "combined.thresholds");
        CcfsChecks.Delta(SelectionDeltaPercent, "combined.selectionDeltaPercent");
        CcfsChecks.Defined(Comparison, "combined.comparison");
    }
}
