namespace CodeNeurons.Redundancy;

/// <summary>Settings of <see cref="CorrelationClustering"/>.</summary>
/// <remarks>Dalvi et al. 2020, "Analyzing Redundancy in Pretrained Transformer Models", §3 (correlation clustering).</remarks>
public sealed record CorrelationClusteringOptions
{
    /// <summary>
    /// Distance thresholds at which the hierarchy is cut (fcluster's <c>t</c>, criterion "distance"), each in [0, 2];
    /// the hierarchy is computed once for all of them. Default: NeuroX's 0.5. <see cref="CorrelationClustering.Filter"/>
    /// uses the first.
    /// </summary>
    public IReadOnlyList<double> Thresholds { get; init; } = [0.5];

    /// <summary>Linkage method. Default: average (NeuroX, Dalvi et al.).</summary>
    public LinkageMethod Linkage { get; init; } = LinkageMethod.Average;

    /// <summary>Use the signed distance 1 − r instead of 1 − |r| (anti-correlated neurons are then far apart).</summary>
    public bool Signed { get; init; }

    /// <summary>How each cluster's representative is chosen.</summary>
    public RepresentativeSelection Representative { get; init; } = RepresentativeSelection.Medoid;

    /// <summary>Seed for <see cref="RepresentativeSelection.Random"/>; the same seed gives the same choice.</summary>
    public int Seed { get; init; }

    /// <summary>Rows per chunk when accumulating correlations (memory is one chunk of this many rows).</summary>
    public int ChunkRows { get; init; } = 4096;

    /// <summary>Checks every setting, naming the one that is wrong.</summary>
    /// <exception cref="ArgumentException">A threshold is outside [0, 2] or not finite, there are none, or ChunkRows &lt; 1.</exception>
    public void Validate()
    {
        if (Thresholds is null || Thresholds.Count == 0)
            throw new ArgumentException("At least one threshold is needed.", nameof(Thresholds));
        for (int i = 0; i < Thresholds.Count; i++)
        {
            double t = Thresholds[i];
            if (!double.IsFinite(t) || t < 0 || t > 2)
                throw new ArgumentOutOfRangeException(nameof(Thresholds), t, $"Threshold {i} is {t}; thresholds must be in [0, 2] (distances 1 − |r| lie in [0, 1], 1 − r in [0, 2]).");
        }
        if (!Enum.IsDefined(Linkage)) throw new ArgumentOutOfRangeException(nameof(Linkage), Linkage, "Unknown linkage method.");
        if (!Enum.IsDefined(Representative)) throw new ArgumentOutOfRangeException(nameof(Representative), Representative, "Unknown representative selection.");
        if (ChunkRows < 1) throw new ArgumentOutOfRangeException(nameof(ChunkRows), ChunkRows, "ChunkRows must be at least 1.");
    }
}
