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

    /// <summary>Fractions of the grid (of the stage's input neurons); default <see cref="MinimalNeuronSet.PaperGrid"/>.</summary>
    public IReadOnlyList<double> Grid { get; init; } = MinimalNeuronSet.PaperGrid;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">δ outside (0, 100), a bad grid.</exception>
    public void Validate()
    {
        CcfsChecks.Delta(DeltaPercent, "minimalSet.deltaPercent");
        new MinimalNeuronSetOptions { Grid = Grid, DeltaPercent = DeltaPercent }.Validate();
    }
}
