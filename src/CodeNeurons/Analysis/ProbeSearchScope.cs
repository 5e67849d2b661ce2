namespace CodeNeurons.Analysis;

/// <summary>Which probes of a CCFS run the λ search (<see cref="CcfsOptions.ProbeSearch"/>) trains.</summary>
public enum ProbeSearchScope
{
    /// <summary>Every probe searches its own λ1, λ2 and restart on dev, as the seed paper's script does (|grid| × restarts trainings per probe).</summary>
    Every,

    /// <summary>The oracle searches; every other probe trains once with the oracle's λ1 and λ2 (a cheaper approximation).</summary>
    Oracle,
}
