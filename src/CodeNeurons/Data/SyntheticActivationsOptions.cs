namespace CodeNeurons.Data;

/// <summary>Settings of <see cref="SyntheticActivations"/>.</summary>
public sealed record SyntheticActivationsOptions
{
    /// <summary>Number of layers L.</summary>
    public int Layers { get; init; } = 3;

    /// <summary>Neurons per layer D.</summary>
    public int NeuronsPerLayer { get; init; } = 64;

    /// <summary>Number of rows (tokens) T.</summary>
    public int Rows { get; init; } = 2000;

    /// <summary>Number of planted groups of near-duplicate neurons.</summary>
    public int Groups { get; init; } = 12;

    /// <summary>Smallest group size (≥ 2).</summary>
    public int GroupSizeMin { get; init; } = 2;

    /// <summary>Largest group size.</summary>
    public int GroupSizeMax { get; init; } = 5;

    /// <summary>Smallest noise σ added to a group's members, relative to the shared unit signal (each group draws σ in [min, max]).</summary>
    public double GroupNoiseMin { get; init; } = 0.1;

    /// <summary>Largest group noise σ; within-group |r| ≈ 1 / (1 + σ² + c²), c = <see cref="LayerCommon"/>.</summary>
    public double GroupNoiseMax { get; init; } = 0.7;

    /// <summary>Loading c of a component shared by every neuron of a layer (neurons of one layer then correlate at about c² / (1 + c²)).</summary>
    public double LayerCommon { get; init; } = 0.5;

    /// <summary>Seed of every random draw.</summary>
    public int Seed { get; init; } = 1234;
}
