using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;
using CodeNeurons.Data;
using Microsoft.Win32.SafeHandles;

namespace CodeNeurons.Formats;

/// <summary>Class labels of a raw folder: one label in [0, C) per row and the C class names.</summary>
/// <param name="Labels">Label of each row (<c>y.i32</c>).</param>
/// <param name="Classes">Class names, index = label (<c>meta.json</c> "classes").</param>
public sealed record RawLabels(int[] Labels, IReadOnlyList<string> Classes)
{
    /// <summary>Checks that every label is in [0, <c>Classes.Count</c>).</summary>
    /// <exception cref="ArgumentException">A label is out of range (the message names its row).</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Labels);
        ArgumentNullException.ThrowIfNull(Classes);
        for (int r = 0; r < Labels.Length; r++)
        {
            if ((uint)Labels[r] >= (uint)Classes.Count)
                throw new ArgumentException($"Label at row {r} is {Labels[r]}, outside [0, {Classes.Count}) for {Classes.Count} classes.", nameof(Labels));
        }
    }
}

/// <summary>The contents of a raw folder's <c>meta.json</c>.</summary>
/// <param name="Tokens">Rows T.</param>
/// <param name="Neurons">Columns N (= L · D).</param>
/// <param name="Classes">Class names (empty when the folder has no labels).</param>
/// <param name="Layout">L × D; a single layer of N when the file gives no layer fields.</param>
public sealed record RawMeta(int Tokens, int Neurons, IReadOnlyList<string> Classes, LayerLayout Layout);

/// <summary>
/// The raw folder format of <c>tools/make_synthetic.py</c>: <c>X.f32</c> (little-endian float32, row-major
/// <c>[T, N]</c>), <c>y.i32</c> (little-endian int32 labels, length T, optional) and <c>meta.json</c>
/// <c>{"tokens": T, "neurons": N, "classes": [...], "layers": L, "neurons_per_layer": D}</c>.
/// </summary>
public static class RawActivationFolder
{
    /// <summary>Name of the activation matrix file.</summary>
    public const string ValuesFileName = "X.f32";

    /// <summary>Name of the label file.</summary>
    public const string LabelsFileName = "y.i32";

    /// <summary>Name of the metadata file.</summary>
    public const string MetaFileName = "meta.json";

    /// <summary>Whether <paramref name="path"/> is a folder holding <c>X.f32</c>.</summary>
    /// <param name="path">A path.</param>
    /// <returns><see langword="true"/> for a raw folder.</returns>
    public static bool IsRawFolder(string path) => Directory.Exists(path) && File.Exists(Path.Combine(path, ValuesFileName));

    /// <summary>Reads and checks <c>meta.json</c>.</summary>
    /// <param name="folder">The raw folder.</param>
    /// <returns>The metadata.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException"><c>meta.json</c> is missing.</exception>
    /// <exception cref="InvalidDataException">A field is missing, has the wrong type, or N ≠ L · D.</exception>
    public static RawMeta ReadMeta(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        InputPaths.RequireFolder(folder, "Raw activation folder");
        string path = Path.Combine(folder, MetaFileName);
        if (!File.Exists(path)) throw new FileNotFoundException($"Raw activation folder '{folder}' has no {MetaFileName}.", path);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: invalid JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine}: {ex.Message}", ex);
        }
        using (doc)
        {
            var root = doc.RootElement;
            JsonStrings.Check(root, (what, inner) => new InvalidDataException($"{path}: {what}.", inner));
            if (root.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{path}: expected a JSON object, found {root.ValueKind}.");
            int tokens = Int(root, "tokens", path, required: true, min: 0)!.Value;
            int neurons = Int(root, "neurons", path, required: true, min: 1)!.Value;
            int? layers = Int(root, "layers", path, required: false, min: 1);
            int? perLayer = Int(root, "neurons_per_layer", path, required: false, min: 1);
            var classes = new List<string>();
            if (root.TryGetProperty("classes", out var c) && c.ValueKind != JsonValueKind.Null)
            {
                if (c.ValueKind != JsonValueKind.Array) throw new InvalidDataException($"{path}: \"classes\" must be an array of strings, found {c.ValueKind}.");
                foreach (var e in c.EnumerateArray())
                    classes.Add(e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText());
            }
            LayerLayout layout;
            if (layers is null && perLayer is null) layout = LayerLayout.Flat(neurons);
            else if (layers is null || perLayer is null)
                throw new InvalidDataException($"{path}: \"layers\" and \"neurons_per_layer\" must be given together.");
            else if ((long)layers.Value * perLayer.Value != neurons)
                throw new InvalidDataException($"{path}: \"layers\" {layers} × \"neurons_per_layer\" {perLayer} = {(long)layers.Value * perLayer.Value}, but \"neurons\" is {neurons}.");
            else layout = LayerLayout.Create(layers.Value, perLayer.Value);
            return new RawMeta(tokens, neurons, classes, layout);
        }
    }

    private static int? Int(JsonElement root, string name, string path, bool required, int min)
    {
        if (!root.TryGetProperty(name, out var e))
        {
            if (required) throw new InvalidDataException($"{path}: missing \"{name}\" (expected an integer ≥ {min}).");
            return null;
        }
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt32(out int v) || v < min)
            throw new InvalidDataException($"{path}: \"{name}\" is {e.GetRawText()}, expected an integer ≥ {min}.");
        return v;
    }

    /// <summary>Reads the whole activation matrix (no tokens or sentence indices: the format has none).</summary>
    /// <param name="folder">The raw folder.</param>
    /// <returns>The activations.</returns>
    /// <exception cref="InvalidDataException">
    /// <c>meta.json</c> is invalid, T = 0, the size of <c>X.f32</c> is not T · N · 4 bytes, or a value is not finite
    /// (the message names the file, row and neuron).
    /// </exception>
    public static ActivationSet Read(string folder)
    {
        using var stream = OpenStream(folder);
        var meta = stream.Meta;
        long total = (long)meta.Tokens * meta.Neurons;
        if (total > Array.MaxLength)
            throw new InvalidDataException($"{stream.FilePath}: {meta.Tokens} × {meta.Neurons} values exceed one array ({Array.MaxLength}); use OpenStream to read it chunk by chunk.");
        var values = new float[total];
        int rows = 0;
        while (rows < meta.Tokens)
        {
            int got = stream.Read(values.AsSpan(rows * meta.Neurons));
            if (got == 0) break;
            rows += got;
        }
        return IoUtil.Create(stream.FilePath, values, rows, meta.Layout, null, null);
    }

    /// <summary>
    /// Opens <c>X.f32</c> for reading rows chunk by chunk; the file size is checked against <c>meta.json</c> up front.
    /// </summary>
    /// <param name="folder">The raw folder.</param>
    /// <returns>A stream that reads rows straight from disk into the caller's buffer.</returns>
    /// <exception cref="InvalidDataException"><c>meta.json</c> is invalid, T = 0, or the size of <c>X.f32</c> is not T · N · 4 bytes (the message gives both sizes).</exception>
    public static RawActivationStream OpenStream(string folder)
    {
        var meta = ReadMeta(folder);
        string path = Path.Combine(folder, ValuesFileName);
        if (!File.Exists(path)) throw new FileNotFoundException($"Raw activation folder '{folder}' has no {ValuesFileName}.", path);
        if (meta.Tokens == 0) throw new InvalidDataException($"{Path.Combine(folder, MetaFileName)}: \"tokens\" is 0: the folder holds no rows.");
        return new RawActivationStream(path, meta);
    }

    /// <summary>Reads <c>y.i32</c> with the class names of <c>meta.json</c>.</summary>
    /// <param name="folder">The raw folder.</param>
    /// <returns>The labels.</returns>
    /// <exception cref="FileNotFoundException"><c>y.i32</c> is missing.</exception>
    /// <exception cref="InvalidDataException">Its size is not T · 4 bytes, or a label is outside [0, C) (the message names the row).</exception>
    public static RawLabels ReadLabels(string folder)
    {
        var meta = ReadMeta(folder);
        string path = Path.Combine(folder, LabelsFileName);
        if (!File.Exists(path)) throw new FileNotFoundException($"Raw activation folder '{folder}' has no {LabelsFileName}.", path);
        long expected = (long)meta.Tokens * 4, actual = new FileInfo(path).Length;
        if (actual != expected)
            throw new InvalidDataException($"{path}: expected {expected} bytes ({meta.Tokens} tokens × 4) from {MetaFileName}, but the file has {actual} bytes.");
        var labels = new int[meta.Tokens];
        using (var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1))
            fs.ReadExactly(MemoryMarshal.AsBytes(labels.AsSpan()));
        if (!BitConverter.IsLittleEndian) BinaryPrimitives.ReverseEndianness(labels, labels);
        int c = meta.Classes.Count;
        for (int r = 0; r < labels.Length; r++)
        {
            if ((uint)labels[r] >= (uint)c)
                throw new InvalidDataException($"{path}: label at row {r} (byte offset {4L * r}) is {labels[r]}, outside [0, {c}) for the {c} classes of {MetaFileName}.");
        }
        return new RawLabels(labels, meta.Classes);
    }

    /// <summary>
    /// Writes <c>X.f32</c>, <c>y.i32</c> (when <paramref name="labels"/> is given; otherwise an old <c>y.i32</c> is
    /// deleted) and then <c>meta.json</c>, each through a temporary file, creating the folder if needed.
    /// </summary>
    /// <param name="set">Activations holding every neuron of their layout.</param>
    /// <param name="folder">Destination folder.</param>
    /// <param name="labels">Optional labels, one per row.</param>
    /// <exception cref="ArgumentException">The set is a neuron slice, or the labels do not match the rows or are out of range.</exception>
    public static void Write(ActivationSet set, string folder, RawLabels? labels = null)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(folder);
        IoUtil.RequireFullLayout(set, "The raw format");
        if (labels is not null)
        {
            if (labels.Labels.Length != set.Rows)
                throw new ArgumentException($"labels has {labels.Labels.Length} entries but the set has {set.Rows} rows.", nameof(labels));
            labels.Validate();
        }
        Directory.CreateDirectory(folder);
        var values = set.Values.ToArray();
        IoUtil.WriteAtomically(Path.Combine(folder, ValuesFileName), (FileStream fs) =>
        {
            if (!BitConverter.IsLittleEndian)
            {
                var ints = MemoryMarshal.Cast<float, int>(values.AsSpan());
                BinaryPrimitives.ReverseEndianness(ints, ints);
            }
            fs.Write(MemoryMarshal.AsBytes(values.AsSpan()));
        });
        string yPath = Path.Combine(folder, LabelsFileName);
        if (labels is not null)
        {
            IoUtil.WriteAtomically(yPath, (FileStream fs) =>
            {
                var y = labels.Labels.ToArray();
                if (!BitConverter.IsLittleEndian) BinaryPrimitives.ReverseEndianness(y, y);
                fs.Write(MemoryMarshal.AsBytes(y.AsSpan()));
            });
        }
        else if (File.Exists(yPath))
        {
            File.Delete(yPath);
        }
        WriteMeta(folder, set.Rows, set.Layout, labels?.Classes ?? []);
    }

    /// <summary>Writes <c>meta.json</c> atomically.</summary>
    internal static void WriteMeta(string folder, long rows, LayerLayout layout, IReadOnlyList<string> classes)
    {
        IoUtil.WriteAtomically(Path.Combine(folder, MetaFileName), (FileStream fs) =>
        {
            using var w = new Utf8JsonWriter(fs, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            w.WriteStartObject();
            w.WriteNumber("tokens", rows);
            w.WriteNumber("neurons", layout.Neurons);
            w.WriteStartArray("classes");
            foreach (var c in classes) w.WriteStringValue(c);
            w.WriteEndArray();
            w.WriteNumber("layers", layout.Layers);
            w.WriteNumber("neurons_per_layer", layout.NeuronsPerLayer);
            w.WriteEndObject();
        });
    }
}

/// <summary>
/// Reads the rows of a raw folder's <c>X.f32</c> chunk by chunk straight into the caller's buffer (positional reads,
/// no whole-file buffer), checking each chunk for NaN/±Inf.
/// </summary>
public sealed class RawActivationStream : IActivationStream
{
    private readonly SafeFileHandle _handle;
    private readonly int[] _ids;
    private long _nextRow;

    internal RawActivationStream(string path, RawMeta meta)
    {
        FilePath = path;
        Meta = meta;
        long expected = (long)meta.Tokens * meta.Neurons * sizeof(float);
        long actual = new FileInfo(path).Length;
        if (actual != expected)
            throw new InvalidDataException(
                $"{path}: expected {expected} bytes ({meta.Tokens} tokens × {meta.Neurons} neurons × 4) from {RawActivationFolder.MetaFileName}, but the file has {actual} bytes{(actual < expected ? " (truncated)" : "")}.");
        _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        _ids = Enumerable.Range(0, meta.Neurons).ToArray();
    }

    /// <summary>The <c>X.f32</c> file being read.</summary>
    public string FilePath { get; }

    /// <summary>The folder's metadata.</summary>
    public RawMeta Meta { get; }

    /// <summary>Index of the next row to be read.</summary>
    public long Position => _nextRow;

    /// <inheritdoc />
    public LayerLayout Layout => Meta.Layout;

    /// <inheritdoc />
    public IReadOnlyList<int> NeuronIds => _ids;

    /// <inheritdoc />
    public long? RowCount => Meta.Tokens;

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="destination"/> cannot hold one row while rows remain.</exception>
    public int Read(Span<float> destination)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        int n = Meta.Neurons;
        long remaining = Meta.Tokens - _nextRow;
        if (remaining <= 0) return 0;
        if (destination.Length < n)
            throw new ArgumentException($"destination holds {destination.Length} values, fewer than one row of {n}.", nameof(destination));
        int rows = (int)Math.Min(destination.Length / n, remaining);
        var block = destination[..(rows * n)];
        var bytes = MemoryMarshal.AsBytes(block);
        long offset = _nextRow * n * sizeof(float);
        int done = 0;
        while (done < bytes.Length)
        {
            int got = RandomAccess.Read(_handle, bytes[done..], offset + done);
            if (got == 0)
                throw new InvalidDataException($"{FilePath}: the file ended at byte offset {offset + done} while reading rows {_nextRow}..{_nextRow + rows - 1} (it was truncated after opening).");
            done += got;
        }
        if (!BitConverter.IsLittleEndian)
        {
            var ints = MemoryMarshal.Cast<float, int>(block);
            BinaryPrimitives.ReverseEndianness(ints, ints);
        }
        int bad = Numerics.FiniteCheck.IndexOfNonFinite(block);
        if (bad >= 0)
        {
            long row = _nextRow + bad / n;
            int neuron = bad % n;
            throw new InvalidDataException(
                $"{FilePath}: activation at row {row}, neuron {neuron} (byte offset {offset + 4L * bad}) is {block[bad].ToString(IoUtil.Inv)}; activations must be finite.");
        }
        _nextRow += rows;
        return rows;
    }

    /// <inheritdoc />
    public void Dispose() => _handle.Dispose();
}
