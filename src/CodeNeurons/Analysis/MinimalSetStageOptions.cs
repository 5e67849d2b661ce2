using System.Text.Json.Serialization;
using CodeNeurons.Concepts;
using CodeNeurons.Data;
using CodeNeurons.Interpretation;
using CodeNeurons.Redundancy;

namespace CodeNeurons.Analysis;

/// <summary>Settings of the minimal-neuron-set searches (LCA, probeless, and the LCA step of the combined stage).</summary>
public sealed record MinimalSetStageOptions
{
    /// <summary>δ_N (percent) of the stand-alone LCA and probeless minimal sets. Paper: 1.</summary>
    public double DeltaPercent { get; init; } = 1;

    /// <summary>Fractions of the grid of the stand-alone LCA and probeless rows (see <see cref="Basis"/>); default <see cref="MinimalNeuronSet.PaperGrid"/>.</summary>
    public IReadOnlyList<double> Grid { get; init; } = MinimalNeuronSet.PaperGrid;

    /// <summary>The grid of the combined stage's LCA step; null uses <see cref="Grid"/>. Dalvi's pipeline: <see cref="MinimalNeuronSet.DalviCoarseGrid"/>.</summary>
    public IReadOnlyList<double>? CombinedGrid { get; init; }

    /// <summary>What the fractions are fractions of: the search's input (default) or the whole network (Dalvi's <c>int(p·layers·width)</c>, skipped when larger than the input).</summary>
    public GridBasis Basis { get; init; } = GridBasis.Input;

    /// <summary>How a grid point's dev score is compared with base·(1 − δ_N/100): ≥ (default) or strictly &gt; (Dalvi's scripts).</summary>
    public ThresholdComparison Comparison { get; init; } = ThresholdComparison.AtLeast;

    /// <summary>Mass steps of the weight-mass ordering (NeuroX's <c>search_stride</c>, ≥ 1): default 100; Dalvi's and the seed's scripts: 1000.</summary>
    public int SearchStride { get; init; } = 100;

    /// <summary>The search settings of one minimal set.</summary>
    /// <param name="combined">Whether it is the combined stage's LCA step (its own grid).</param>
    /// <param name="deltaPercent">δ_N.</param>
    /// <param name="ranking">The ordering.</param>
    /// <returns>The options of <see cref="MinimalNeuronSet"/> (probe and seed left to the caller).</returns>
    internal MinimalNeuronSetOptions ToSearchOptions(bool combined, double deltaPercent, MinimalSetRanking ranking) => new()
    {
        DeltaPercent = deltaPercent, Ranking = ranking, Grid = combined ? CombinedGrid ?? Grid : Grid,
        Basis = Basis, Comparison = Comparison, SearchStride = SearchStride,
    };

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">δ outside (0, 100), a bad grid.</exception>
    public void Validate()
    {
        CcfsChecks.Delta(DeltaPercent, "minimalSet.deltaPercent");
        ToSearchOptions(false, DeltaPercent, MinimalSetRanking.WeightMass).Validate();
        if (CombinedGrid is not null) ToSearchOptions(true, DeltaPercent, MinimalSetRanking.WeightMass).Validate();
    }
}
