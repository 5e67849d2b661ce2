namespace CodeNeurons.Interpretation;

/// <summary>How the cross-entropy terms of the classes are weighted.</summary>
public enum ClassWeighting
{
    /// <summary>All classes weigh 1 (NeuroX).</summary>
    None,

    /// <summary>Class c weighs T / (C · n_c), n_c its training rows (scikit-learn's "balanced").</summary>
    Balanced,

    /// <summary>The weights given in <see cref="ProbeOptions.ExplicitClassWeights"/>.</summary>
    Explicit,
}
