using System.IO.MemoryMappedFiles;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace CodeNeurons.Torch.Models;

/// <summary>
/// A safetensors checkpoint (one file, or shards listed by <c>model.safetensors.index.json</c>) memory-mapped and read
/// tensor by tensor: opening reads only the headers; <see cref="Read"/> maps the tensor's byte range, copies it once into a
/// libtorch tensor of the stored dtype (F32, F16 or BF16) and converts that to the compute dtype, so a weight never exists as
/// a managed array and at most two copies of one tensor (stored and converted) are alive while it is read. The views are
/// unmapped after each read, so the mapped file adds nothing to the process's resident memory beyond the tensor being read
/// (its pages stay in the kernel's page cache, reclaimable).
/// </summary>
internal sealed class MappedCheckpoint : IWeightSource
{
    // Copies go through Span<byte>, so a tensor is copied in slices of at most this many bytes.
    private const long SliceBytes = 1L << 30;

    private sealed record Slot(string Path, MemoryMappedFile File, SafeTensorsReader.Entry Entry);

    private readonly List<MemoryMappedFile> _files = [];
    private readonly Dictionary<string, Slot> _tensors = new(StringComparer.Ordinal);

    private MappedCheckpoint()
    {
    }

    /// <summary>
    /// Opens the folder's <c>model.safetensors</c>, or its sharded index; null when the folder has neither (a pickle checkpoint).
    /// </summary>
    /// <exception cref="FileNotFoundException">A shard named by the index does not exist.</exception>
    /// <exception cref="InvalidDataException">A header or the index is corrupt, or the index names a tensor its shard lacks.</exception>
    public static MappedCheckpoint? TryOpenFolder(string folder)
    {
        string single = Path.Combine(folder, "model.safetensors"), index = Path.Combine(folder, "model.safetensors.index.json");
        if (File.Exists(single)) return Open([(single, null)]);
        if (!File.Exists(index)) return null;
        List<(string Tensor, string Shard)> map;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(index));
            map = doc.RootElement.GetProperty("weight_map").EnumerateObject().Select(p => (p.Name, p.Value.GetString()!)).ToList();
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new InvalidDataException($"Sharded checkpoint index '{index}' is not valid (needs a 'weight_map' object): {ex.Message}", ex);
        }
        var files = new List<(string Path, IReadOnlyList<string>? Expected)>();
        foreach (var group in map.GroupBy(m => m.Shard, StringComparer.Ordinal))
        {
            string p = Path.Combine(folder, group.Key);
            if (!File.Exists(p)) throw new FileNotFoundException($"Shard '{group.Key}' named by '{index}' does not exist.", p);
            files.Add((p, group.Select(g => g.Tensor).ToList()));
        }
        return Open(files, index);
    }

    private static MappedCheckpoint Open(List<(string Path, IReadOnlyList<string>? Expected)> files, string? index = null)
    {
        var result = new MappedCheckpoint();
        try
        {
            foreach (var (path, expected) in files)
            {
                List<SafeTensorsReader.Entry> entries;
                using (var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 12))
                    entries = SafeTensorsReader.ReadHeader(path, fs);
                foreach (var e in entries)
                {
                    int width = e.DType switch
                    {
                        "F32" => 4,
                        "F16" or "BF16" => 2,
                        "I64" => 8,
                        "I32" => 4,
                        _ => throw new InvalidDataException($"Safetensors file '{path}': tensor '{e.Name}' has dtype {e.DType}; supported are F32, F16, BF16 (and I64/I32)."),
                    };
                    SafeTensorsReader.Check(path, e, SafeTensorsReader.Product(e.Shape) * width);
                }
                if (expected is not null)
                    foreach (var name in expected)
                        if (!entries.Any(e => e.Name == name))
                            throw new InvalidDataException($"Sharded checkpoint index '{index}' maps tensor '{name}' to '{Path.GetFileName(path)}', which does not contain it.");
                var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
                result._files.Add(file);
                foreach (var e in entries) result._tensors[e.Name] = new Slot(path, file, e);
            }
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    public IEnumerable<string> Names => _tensors.Keys;

    public long[] ShapeOf(string name) => _tensors[name].Entry.Shape;

    public Tensor Read(string name, ScalarType dtype, Device device)
    {
        var slot = _tensors[name];
        var e = slot.Entry;
        using var scope = NewDisposeScope();
        var stored = torch.empty(e.Shape, StoredType(slot));
        long bytes = e.End - e.Begin;
        if (bytes > 0)
        {
            using var view = slot.File.CreateViewStream(e.Begin, bytes, MemoryMappedFileAccess.Read);
            Fill(stored, view, SliceBytes);
        }
        return stored.to(dtype, device).MoveToOuterDisposeScope();
    }

    public Tensor ReadRows(string name, long[] rows, ScalarType dtype, Device device)
    {
        var slot = _tensors[name];
        var e = slot.Entry;
        if (e.Shape.Length != 2) throw new InvalidOperationException($"Tensor '{name}' in '{slot.Path}' is not 2-D; rows cannot be read.");
        using var scope = NewDisposeScope();
        var stored = torch.empty([rows.Length, e.Shape[1]], StoredType(slot));
        int rowBytes = checked((int)(e.Shape[1] * stored.ElementSize));
        if (rows.Length > 0 && rowBytes > 0)
        {
            using var view = slot.File.CreateViewStream(e.Begin, e.End - e.Begin, MemoryMappedFileAccess.Read);
            var target = stored.bytes;
            for (int r = 0; r < rows.Length; r++)
            {
                if (rows[r] < 0 || rows[r] >= e.Shape[0]) throw new ArgumentOutOfRangeException(nameof(rows), $"Row {rows[r]} is outside [0, {e.Shape[0]}) of '{name}'.");
                view.Position = rows[r] * rowBytes;
                view.ReadExactly(target.Slice(r * rowBytes, rowBytes));
            }
        }
        return stored.to(dtype, device).MoveToOuterDisposeScope();
    }

    /// <summary>Fills the contiguous CPU tensor <paramref name="target"/> from <paramref name="source"/>, in slices of at most <paramref name="sliceBytes"/> bytes.</summary>
    internal static void Fill(Tensor target, Stream source, long sliceBytes)
    {
        using var flat = target.view(-1);
        long perSlice = Math.Max(1, sliceBytes / target.ElementSize), count = flat.shape[0];
        for (long at = 0; at < count; at += perSlice)
        {
            using var part = flat.narrow(0, at, Math.Min(perSlice, count - at));
            source.ReadExactly(part.bytes);
        }
    }

    private static ScalarType StoredType(Slot slot) => slot.Entry.DType switch
    {
        "F32" => ScalarType.Float32,
        "F16" => ScalarType.Float16,
        "BF16" => ScalarType.BFloat16,
        "I64" => ScalarType.Int64,
        _ => ScalarType.Int32,
    };

    public void Dispose()
    {
        foreach (var f in _files) f.Dispose();
        _files.Clear();
        _tensors.Clear();
    }
}
