using CodeNeurons.Interpretation;

namespace CodeNeurons.Analysis;

/// <summary>Settings of <see cref="LayerSelector"/>.</summary>
public sealed record LayerSelectorOptions
{
    /// <summary>δ_L in percent: the chosen layers may lose at most this share of the oracle's dev accuracy (paper: 1, 2 or 3).</summary>
    public double DeltaPercent { get; init; } = 1;

    /// <summary>Train an independent probe per layer as well (reported only, not used for the choice). Default true.</summary>
    public bool IndependentProbes { get; init; } = true;

    /// <summary>The score every probe is judged by (dev choice and reported scores). Default accuracy.</summary>
    public ProbeMetric Metric { get; init; } = ProbeMetric.Accuracy;

    /// <summary>Options of the <see cref="ManagedElasticNetProbe"/> used when no probe is passed to the constructor.</summary>
    public ProbeOptions Probe { get; init; } = new();

    /// <summary>Checks every option.</summary>
    /// <exception cref="ArgumentOutOfRangeException">δ outside (0, 100) or a bad probe option.</exception>
    public void Validate()
    {
        Ccfs.CheckDelta(DeltaPercent);
        if (!Enum.IsDefined(Metric)) throw new ArgumentOutOfRangeException(nameof(Metric), Metric, "Unknown metric.");
        ArgumentNullException.ThrowIfNull(Probe);
        Probe.Validate();
    }
}
