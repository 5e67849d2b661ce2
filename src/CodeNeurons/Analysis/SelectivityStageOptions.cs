using System.Text.Json.Serialization;
using CodeNeurons.Concepts;
using CodeNeurons.Interpretation;
using CodeNeurons.Redundancy;

namespace CodeNeurons.Analysis;

/// <summary>Settings of the selectivity stage (Hewitt &amp; Liang's control task).</summary>
public sealed record SelectivityStageOptions
{
    /// <summary>Control-task distribution.</summary>
    public ControlDistribution ControlDistribution { get; init; } = ControlDistribution.Empirical;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An unknown distribution.</exception>
    public void Validate()
    {
        if (!Enum.IsDefined(ControlDistribution)) throw new ArgumentOutOfRangeException(nameof(ControlDistribution), ControlDistribution, "Unknown control distribution.");
    }
}
