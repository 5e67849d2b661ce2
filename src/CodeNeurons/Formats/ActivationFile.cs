using CodeNeurons.Data;

namespace CodeNeurons.Formats;

/// <summary>
/// Loads and saves activations in any supported format, chosen from the path: <c>.json</c>/<c>.jsonl</c> →
/// <see cref="NeuroxJson"/>, <c>.hdf5</c>/<c>.h5</c> → <see cref="NeuroxHdf5"/>, a folder containing <c>X.f32</c> →
/// <see cref="RawActivationFolder"/>.
/// </summary>
/// <example>
/// <code>
/// var acts = ActivationFile.Load("bert.hdf5");
/// ActivationFile.Save(acts, "bert-f16.hdf5", new ActivationSaveOptions { Precision = HdfPrecision.Float16 });
/// using var rows = ActivationFile.OpenStream("synthetic/");   // raw: read chunk by chunk from disk
/// </code>
/// </example>
public static class ActivationFile
{
    /// <summary>Infers the format of an existing file or folder, or of a path to be written.</summary>
    /// <param name="path">A file or folder path.</param>
    /// <param name="forWriting">When true, a path without extension (or an existing folder) means a raw folder even without <c>X.f32</c>.</param>
    /// <returns>The format.</returns>
    /// <exception cref="ArgumentException">The format cannot be inferred.</exception>
    public static ActivationFormat DetectFormat(string path, bool forWriting = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        string ext = Path.GetExtension(path.TrimEnd('/', '\\')).ToLowerInvariant();
        if (Directory.Exists(path))
        {
            if (RawActivationFolder.IsRawFolder(path) || forWriting) return ActivationFormat.RawFolder;
            throw new ArgumentException($"Folder '{path}' holds no {RawActivationFolder.ValuesFileName}, so it is not a raw activation folder.", nameof(path));
        }
        switch (ext)
        {
            case ".json" or ".jsonl": return ActivationFormat.NeuroxJson;
            case ".hdf5" or ".h5": return ActivationFormat.NeuroxHdf5;
            case "" when forWriting: return ActivationFormat.RawFolder;
        }
        if (!forWriting && !File.Exists(path))
            throw new FileNotFoundException($"Activation file or folder '{path}' does not exist.", path);
        throw new ArgumentException(
            $"Cannot infer the activation format of '{path}' from its extension '{ext}': use .json/.jsonl (NeuroX JSON), .hdf5/.h5 (NeuroX HDF5) or a folder (raw), or set the Format option.", nameof(path));
    }

    /// <summary>Loads a whole activation file into memory.</summary>
    /// <param name="path">File or raw folder.</param>
    /// <param name="options">Options (format); <see langword="null"/> for defaults.</param>
    /// <returns>The activations.</returns>
    /// <exception cref="FileNotFoundException">The file or folder does not exist.</exception>
    /// <exception cref="InvalidDataException">The content is invalid (see the format's reader; the message names the file and position).</exception>
    public static ActivationSet Load(string path, ActivationFileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var format = Resolve(path, options?.Format ?? ActivationFormat.Auto, forWriting: false);
        return format switch
        {
            ActivationFormat.NeuroxJson => NeuroxJson.Read(path),
            ActivationFormat.NeuroxHdf5 => NeuroxHdf5.Read(path),
            _ => RawActivationFolder.Read(path),
        };
    }

    /// <summary>
    /// Opens activations for reading row chunks. A raw folder is streamed from disk; JSON and HDF5 files are loaded
    /// whole first (their layout is per sentence) and then served from memory.
    /// </summary>
    /// <param name="path">File or raw folder.</param>
    /// <param name="options">Options (format); <see langword="null"/> for defaults.</param>
    /// <returns>The stream; dispose it.</returns>
    public static IActivationStream OpenStream(string path, ActivationFileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var format = Resolve(path, options?.Format ?? ActivationFormat.Auto, forWriting: false);
        return format == ActivationFormat.RawFolder ? RawActivationFolder.OpenStream(path) : Load(path, options).OpenStream();
    }

    /// <summary>Saves activations; the file (or each file of a raw folder) is replaced atomically.</summary>
    /// <param name="set">The activations.</param>
    /// <param name="path">Destination: <c>.json</c>/<c>.jsonl</c>, <c>.hdf5</c>/<c>.h5</c>, or a folder path (raw).</param>
    /// <param name="options">Format, HDF5 precision and raw labels; <see langword="null"/> for defaults.</param>
    /// <exception cref="ArgumentException">The format needs tokens the set lacks, the set is a neuron slice, or the format cannot be inferred.</exception>
    public static void Save(ActivationSet set, string path, ActivationSaveOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(path);
        options ??= new ActivationSaveOptions();
        switch (Resolve(path, options.Format, forWriting: true))
        {
            case ActivationFormat.NeuroxJson: NeuroxJson.Write(set, path); break;
            case ActivationFormat.NeuroxHdf5: NeuroxHdf5.Write(set, path, options.Precision); break;
            default: RawActivationFolder.Write(set, path, options.Labels); break;
        }
    }

    private static ActivationFormat Resolve(string path, ActivationFormat format, bool forWriting)
    {
        if (!Enum.IsDefined(format)) throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown activation format.");
        return format == ActivationFormat.Auto ? DetectFormat(path, forWriting) : format;
    }
}
