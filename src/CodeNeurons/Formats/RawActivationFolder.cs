using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;
using CodeNeurons.Data;

namespace CodeNeurons.Formats;

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
            WriteLabelsFile(yPath, labels.Labels);
        }
        else if (File.Exists(yPath))
        {
            File.Delete(yPath);
        }
        WriteMeta(folder, set.Rows, set.Layout, labels?.Classes ?? []);
    }

    /// <summary>Writes <c>y.i32</c> (little-endian int32) atomically.</summary>
    internal static void WriteLabelsFile(string path, int[] labels) =>
        IoUtil.WriteAtomically(path, (FileStream fs) =>
        {
            var y = labels.ToArray();
            if (!BitConverter.IsLittleEndian) BinaryPrimitives.ReverseEndianness(y, y);
            fs.Write(MemoryMarshal.AsBytes(y.AsSpan()));
        });

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
