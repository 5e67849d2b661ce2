namespace CodeNeurons.Formats;

/// <summary>Element type of the activation datasets written to HDF5.</summary>
public enum HdfPrecision
{
    /// <summary>IEEE float32 (<c>&lt;f4</c>), exact.</summary>
    Float32,

    /// <summary>IEEE float16 (<c>&lt;f2</c>), as NeuroX's <c>--dtype float16</c>; values are rounded to nearest, and a value beyond ±65504 is an error.</summary>
    Float16,
}
