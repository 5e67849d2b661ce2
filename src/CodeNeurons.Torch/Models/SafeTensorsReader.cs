using System.Buffers.Binary;
using System.Text.Json;

namespace CodeNeurons.Torch.Models;

/// <summary>
/// Reads <c>.safetensors</c> files: an 8-byte little-endian header length, a JSON header mapping each tensor name to
/// its <c>dtype</c>, <c>shape</c> and <c>data_offsets</c> (relative to the end of the header), then the raw data.
/// F32, F16 and BF16 tensors are converted to float32; I64 and I32 are converted to float32 too (see <see cref="ReadInt64"/> for exact integers).
/// </summary>
public static class SafeTensorsReader
{
    /// <summary>Reads every tensor of a file as float32.</summary>
    /// <param name="path">The <c>.safetensors</c> file.</param>
    /// <returns>The tensors by name.</returns>
    /// <exception cref="InvalidDataException">The header or data is corrupt or truncated, or a dtype is not supported; the message names the file.</exception>
    public static IReadOnlyDictionary<string, CheckpointTensor> Read(string path)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var entries = ReadHeader(path, fs);
        var result = new Dictionary<string, CheckpointTensor>(StringComparer.Ordinal);
        byte[] buffer = [];
        foreach (var e in entries.OrderBy(x => x.Begin))
        {
            long count = Product(e.Shape);
            long expected = e.DType switch
            {
                "F32" or "I32" => count * 4,
                "F16" or "BF16" => count * 2,
                "I64" => count * 8,
                _ => throw new InvalidDataException($"Safetensors file '{path}': tensor '{e.Name}' has dtype {e.DType}; supported are F32, F16, BF16 (and I64/I32)."),
            };
            Check(path, e, expected);
            if (expected > Array.MaxLength) throw new InvalidDataException($"Safetensors file '{path}': tensor '{e.Name}' is larger than 2 GiB, which is not supported.");
            if (buffer.Length < expected) buffer = new byte[expected];
            var span = buffer.AsSpan(0, (int)expected);
            fs.Position = e.Begin;
            fs.ReadExactly(span);
            var values = new float[count];
            switch (e.DType)
            {
                case "F32":
                    if (BitConverter.IsLittleEndian) System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(span).CopyTo(values);
                    else for (long i = 0; i < count; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(span[(int)(i * 4)..]);
                    break;
                case "F16":
                    for (long i = 0; i < count; i++) values[i] = CheckpointTensor.HalfToSingle(BinaryPrimitives.ReadUInt16LittleEndian(span[(int)(i * 2)..]));
                    break;
                case "BF16":
                    for (long i = 0; i < count; i++) values[i] = CheckpointTensor.BFloat16ToSingle(BinaryPrimitives.ReadUInt16LittleEndian(span[(int)(i * 2)..]));
                    break;
                case "I64":
                    for (long i = 0; i < count; i++) values[i] = BinaryPrimitives.ReadInt64LittleEndian(span[(int)(i * 8)..]);
                    break;
                default:
                    for (long i = 0; i < count; i++) values[i] = BinaryPrimitives.ReadInt32LittleEndian(span[(int)(i * 4)..]);
                    break;
            }
            result[e.Name] = new CheckpointTensor(e.Shape, values);
        }
        return result;
    }

    /// <summary>Reads one I64 tensor exactly (e.g. <c>input_ids</c>).</summary>
    /// <param name="path">The <c>.safetensors</c> file.</param>
    /// <param name="name">The tensor's name.</param>
    /// <returns>The shape and the values, row-major.</returns>
    /// <exception cref="InvalidDataException">The file is corrupt, the tensor is missing or is not I64.</exception>
    public static (long[] Shape, long[] Data) ReadInt64(string path, string name)
    {
        using var fs = File.OpenRead(path);
        var entries = ReadHeader(path, fs);
        var e = entries.FirstOrDefault(x => x.Name == name)
            ?? throw new InvalidDataException($"Safetensors file '{path}' has no tensor '{name}'.");
        if (e.DType != "I64") throw new InvalidDataException($"Safetensors file '{path}': tensor '{name}' is {e.DType}, not I64.");
        long count = Product(e.Shape);
        Check(path, e, count * 8);
        var bytes = new byte[count * 8];
        fs.Position = e.Begin;
        fs.ReadExactly(bytes);
        var values = new long[count];
        for (long i = 0; i < count; i++) values[i] = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan((int)(i * 8)));
        return (e.Shape, values);
    }

    /// <summary>One tensor of a file's header: dtype, shape and absolute byte range [Begin, End) in the file.</summary>
    internal sealed record Entry(string Name, string DType, long[] Shape, long Begin, long End);

    internal static void Check(string path, Entry e, long bytes)
    {
        if (e.End - e.Begin != bytes)
            throw new InvalidDataException($"Safetensors file '{path}': tensor '{e.Name}' ({e.DType}, shape [{string.Join(", ", e.Shape)}]) needs {bytes} bytes but its data_offsets span {e.End - e.Begin}.");
    }

    internal static long Product(long[] shape)
    {
        long n = 1;
        foreach (var d in shape) n *= d;
        return n;
    }

    internal static List<Entry> ReadHeader(string path, Stream fs)
    {
        long fileLength = fs.Length;
        if (fileLength < 8) throw new InvalidDataException($"Safetensors file '{path}' is too short ({fileLength} bytes) to hold a header length.");
        Span<byte> len = stackalloc byte[8];
        fs.ReadExactly(len);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(len);
        if (headerLength == 0 || headerLength > (ulong)(fileLength - 8) || headerLength > 100_000_000)
            throw new InvalidDataException($"Safetensors file '{path}' has a corrupt header: the header length {headerLength} does not fit in the file ({fileLength} bytes).");
        var header = new byte[headerLength];
        fs.ReadExactly(header);
        var entries = new List<Entry>();
        long dataStart = 8 + (long)headerLength;
        long dataLength = fileLength - dataStart;
        try
        {
            using var doc = JsonDocument.Parse(header);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new InvalidDataException("the header is not a JSON object");
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                if (p.Name == "__metadata__") continue;
                string dtype = p.Value.GetProperty("dtype").GetString() ?? throw new InvalidDataException($"tensor '{p.Name}' has a null dtype");
                long[] shape = p.Value.GetProperty("shape").EnumerateArray().Select(x => x.GetInt64()).ToArray();
                if (shape.Any(d => d < 0)) throw new InvalidDataException($"tensor '{p.Name}' has a negative dimension");
                long[] offsets = p.Value.GetProperty("data_offsets").EnumerateArray().Select(x => x.GetInt64()).ToArray();
                if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0] || offsets[1] > dataLength)
                    throw new InvalidDataException($"tensor '{p.Name}' has data_offsets [{string.Join(", ", offsets)}] outside the {dataLength} data bytes");
                entries.Add(new Entry(p.Name, dtype, shape, dataStart + offsets[0], dataStart + offsets[1]));
            }
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or InvalidDataException)
        {
            throw new InvalidDataException($"Safetensors file '{path}' has a corrupt header: {ex.Message}", ex);
        }
        return entries;
    }
}
