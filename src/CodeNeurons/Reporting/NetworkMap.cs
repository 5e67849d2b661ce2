namespace CodeNeurons.Reporting;

/// <summary>The network as a grid, one row per layer and one cell per unit, with the kept neurons marked.</summary>
public sealed record NetworkMap
{
    /// <summary>The picture's title.</summary>
    public required string Title { get; init; }

    /// <summary>The layers drawn, top to bottom (0 = embeddings).</summary>
    public required IReadOnlyList<int> Layers { get; init; }

    /// <summary>Units per layer (global id = layer · this + unit).</summary>
    public required int NeuronsPerLayer { get; init; }

    /// <summary>Global ids of the kept neurons, marked in the grid and listed as layer:unit.</summary>
    public required IReadOnlyList<int> KeptNeurons { get; init; }
}
