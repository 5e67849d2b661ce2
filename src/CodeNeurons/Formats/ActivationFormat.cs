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
