namespace CodeNeurons.Formats;

/// <summary>The on-disk formats <see cref="ActivationFile"/> understands.</summary>
public enum ActivationFormat
{
    /// <summary>Infer from the path: <c>.json</c>/<c>.jsonl</c>, <c>.hdf5</c>/<c>.h5</c>, or a folder (raw).</summary>
    Auto,

    /// <summary>NeuroX JSON lines: one sentence per line (<see cref="NeuroxJson"/>).</summary>
    NeuroxJson,

    /// <summary>NeuroX HDF5: one <c>[layers, tokens, D]</c> dataset per sentence (<see cref="NeuroxHdf5"/>).</summary>
    NeuroxHdf5,

    /// <summary>A folder with <c>X.f32</c>, <c>y.i32</c> and <c>meta.json</c> (<see cref="RawActivationFolder"/>).</summary>
    RawFolder,
}

/// <summary>Element type of the activation datasets written to HDF5.</summary>
public enum HdfPrecision
{
    /// <summary>IEEE float32 (<c>&lt;f4</c>), exact.</summary>
    Float32,

    /// <summary>IEEE float16 (<c>&lt;f2</c>), as NeuroX's <c>--dtype float16</c>; values are rounded to nearest, and a value beyond ±65504 is an error.</summary>
    Float16,
}

/// <summary>Options for <see cref="ActivationFile.Load"/> and <see cref="ActivationFile.OpenStream"/>.</summary>
public sealed record ActivationFileOptions
{
    /// <summary>The format; <see cref="ActivationFormat.Auto"/> (default) infers it from the path.</summary>
    public ActivationFormat Format { get; init; } = ActivationFormat.Auto;
}

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
