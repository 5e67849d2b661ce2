using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using CodeNeurons.Formats;

namespace CodeNeurons.Torch.Models;

/// <summary>
/// Writes <c>.safetensors</c> files as the <c>safetensors</c> library lays them out: an 8-byte little-endian header
/// length, a JSON header (tensors by name with <c>dtype</c>, <c>shape</c>, <c>data_offsets</c>, and an optional
/// <c>__metadata__</c> map of strings) padded with spaces to a multiple of 8 bytes, then the tensors' bytes back to
/// back in header order. Float32 only (<c>F32</c>); the file is written atomically (<see cref="AtomicFile"/>).
/// </summary>
public static class SafeTensorsWriter
{
    /// <summary>Writes the tensors, ordered by name, to <paramref name="path"/>.</summary>
    /// <param name="path">The file to write; its folder must exist.</param>
    /// <param name="tensors">The tensors by name; each <see cref="CheckpointTensor.Data"/> must hold the product of its shape.</param>
    /// <param name="metadata">Optional string metadata (transformers writes <c>{"format": "pt"}</c>).</param>
    /// <exception cref="ArgumentException">A name is empty or <c>__metadata__</c>, or a tensor's data does not match its shape.</exception>
    public static void Write(string path, IReadOnlyDictionary<string, CheckpointTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(tensors);
        var names = tensors.Keys.OrderBy(n => n, StringComparer.Ordinal).ToList();
        foreach (var name in names)
        {
            if (name.Length == 0 || name == "__metadata__")
                throw new ArgumentException($"'{name}' cannot be a tensor name in a safetensors file.", nameof(tensors));
            var t = tensors[name];
            long count = 1;
            foreach (var d in t.Shape)
            {
                if (d < 0) throw new ArgumentException($"Tensor '{name}' has a negative dimension in {t.ShapeText}.", nameof(tensors));
                count *= d;
            }
            if (count != t.Data.LongLength)
                throw new ArgumentException($"Tensor '{name}' has shape {t.ShapeText} ({count} values) but {t.Data.LongLength} values.", nameof(tensors));
        }

        byte[] header = Header(names, tensors, metadata);
        AtomicFile.Write(path, fs =>
        {
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
            fs.Write(length);
            fs.Write(header);
            foreach (var name in names)
            {
                var data = tensors[name].Data;
                if (BitConverter.IsLittleEndian)
                {
                    fs.Write(MemoryMarshal.AsBytes(data.AsSpan()));
                    continue;
                }
                var bytes = new byte[4];
                foreach (var v in data)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(bytes, v);
                    fs.Write(bytes);
                }
            }
        });
    }

    private static byte[] Header(List<string> names, IReadOnlyDictionary<string, CheckpointTensor> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject("__metadata__");
                foreach (var (key, value) in metadata.OrderBy(p => p.Key, StringComparer.Ordinal)) json.WriteString(key, value);
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var name in names)
            {
                var t = tensors[name];
                long bytes = t.Data.LongLength * 4;
                json.WriteStartObject(name);
                json.WriteString("dtype", "F32");
                json.WriteStartArray("shape");
                foreach (var d in t.Shape) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + bytes);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += bytes;
            }
            json.WriteEndObject();
        }
        int padded = (int)((buffer.Length + 7) / 8 * 8);
        var header = new byte[padded];
        buffer.ToArray().CopyTo(header, 0);
        for (long i = buffer.Length; i < padded; i++) header[i] = (byte)' ';
        return header;
    }
}
