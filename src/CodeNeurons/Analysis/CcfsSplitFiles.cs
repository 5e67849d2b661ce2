using CodeNeurons.Data;

namespace CodeNeurons.Analysis;

/// <summary>One split of a CCFS config given as files: activations and, unless they are a raw folder with y.i32, a NeuroX .label file.</summary>
public sealed record CcfsSplitFiles
{
    /// <summary>NeuroX .json/.hdf5 activations or a raw folder (after <see cref="CcfsConfigFile.Load"/>: an absolute path).</summary>
    public string Activations { get; init; } = "";

    /// <summary>A NeuroX .label file; null for a raw folder's y.i32.</summary>
    public string? Labels { get; init; }
}
