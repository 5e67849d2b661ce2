using System.Text.Json.Serialization;
using CodeNeurons.Concepts;
using CodeNeurons.Data;
using CodeNeurons.Interpretation;
using CodeNeurons.Redundancy;

namespace CodeNeurons.Analysis;

/// <summary>Settings of the correlation-clustering (CC) stage and of the hierarchies the combined stage cuts.</summary>
public sealed record ClusteringStageOptions
{
    /// <summary>Thresholds on 1 − |r| of the CC curve (ascending, in (0, 1]).</summary>
    public IReadOnlyList<double> Thresholds { get; init; } = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

    /// <summary>Linkage of the hierarchy (paper: average).</summary>
    public LinkageMethod Linkage { get; init; } = LinkageMethod.Average;

    /// <summary>How each cluster's representative is chosen.</summary>
    public RepresentativeSelection Representative { get; init; } = RepresentativeSelection.Medoid;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">Thresholds unsorted, repeated or out of range; an unknown linkage or representative rule.</exception>
    public void Validate()
    {
        CcfsChecks.Ascending(Thresholds, "clustering.thresholds");
        if (!Enum.IsDefined(Linkage)) throw new ArgumentOutOfRangeException(nameof(Linkage), Linkage, "Unknown linkage method.");
        if (!Enum.IsDefined(Representative)) throw new ArgumentOutOfRangeException(nameof(Representative), Representative, "Unknown representative selection.");
    }
}
