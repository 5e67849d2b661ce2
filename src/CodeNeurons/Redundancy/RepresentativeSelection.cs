namespace CodeNeurons.Redundancy;

/// <summary>How one neuron is chosen to represent each cluster.</summary>
public enum RepresentativeSelection
{
    /// <summary>The medoid: the member with the smallest total distance to the other members (ties: lowest id). Deterministic.</summary>
    Medoid,

    /// <summary>A member drawn uniformly at random with <see cref="CorrelationClusteringOptions.Seed"/> (NeuroX draws one at random, unseeded).</summary>
    Random,

    /// <summary>The member with the lowest neuron id.</summary>
    Lowest,
}
