namespace CodeNeurons.Redundancy;

/// <summary>How the distance between two clusters is defined in agglomerative clustering (SciPy's <c>method</c>).</summary>
public enum LinkageMethod
{
    /// <summary>UPGMA: the mean distance between members of the two clusters (Dalvi et al. 2020, NeuroX default).</summary>
    Average,

    /// <summary>The largest distance between members of the two clusters.</summary>
    Complete,

    /// <summary>The smallest distance between members of the two clusters.</summary>
    Single,
}
