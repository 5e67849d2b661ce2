namespace CodeNeurons.Formats;

/// <summary>Options for <see cref="ActivationFile.Save"/>.</summary>
public sealed record ActivationSaveOptions
{
    /// <summary>The format; <see cref="ActivationFormat.Auto"/> (default) infers it from the path (a path with no extension is a raw folder).</summary>
    public ActivationFormat Format { get; init; } = ActivationFormat.Auto;

    /// <summary>Element type of HDF5 datasets (default <see cref="HdfPrecision.Float32"/>); ignored by other formats.</summary>
    public HdfPrecision Precision { get; init; } = HdfPrecision.Float32;

    /// <summary>Labels written to <c>y.i32</c> (and their class names to <c>meta.json</c>) by the raw format; ignored by other formats.</summary>
    public RawLabels? Labels { get; init; }
}
