using System.Text.Json.Serialization;
using CodeNeurons.Concepts;
using CodeNeurons.Data;
using CodeNeurons.Interpretation;
using CodeNeurons.Redundancy;

namespace CodeNeurons.Analysis;

/// <summary>Settings of the layer-selection (LS) stage.</summary>
public sealed record LayerSelectionStageOptions
{
    /// <summary>δ_L values (percent), one LS row each. Paper: 1, 2, 3.</summary>
    public IReadOnlyList<double> Deltas { get; init; } = [1, 2, 3];

    /// <summary>How dev scores are compared with the δ threshold: ≥ (default) or strictly &gt; (Dalvi's scripts).</summary>
    public ThresholdComparison Comparison { get; init; } = ThresholdComparison.AtLeast;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">An empty or repeated list, a δ outside (0, 100).</exception>
    public void Validate()
    {
        CcfsChecks.Deltas(Deltas, "layerSelection.deltas");
        CcfsChecks.Defined(Comparison, "layerSelection.comparison");
    }
}
