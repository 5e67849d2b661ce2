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
        var (entries, data) = Open(path);
        var result = new Dictionary<string, CheckpointTensor>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            long count = Product(e.Shape);
            var span = data.AsSpan((int)e.Begin, (int)(e.End - e.Begin));
            var values = new float[count];
            switch (e.DType)
            {
                case "F32":
                    Check(path, e, count * 4);
                    for (long i = 0; i < count; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(span[(int)(i * 4)..]);
                    break;
                case "F16":
                    Check(path, e, count * 2);
                    for (long i = 0; i < count; i++) values[i] = CheckpointTensor.HalfToSingle(BinaryPrimitives.ReadUInt16LittleEndian(span[(int)(i * 2)..]));
                    break;
                case "BF16":
                    Check(path, e, count * 2);
                    for (long i = 0; i < count; i++) values[i] = CheckpointTensor.BFloat16ToSingle(BinaryPrimitives.ReadUInt16LittleEndian(span[(int)(i * 2)..]));
                    break;
                case "I64":
                    Check(path, e, count * 8);
                    for (long i = 0; i < count; i++) values[i] = BinaryPrimitives.ReadInt64LittleEndian(span[(int)(i * 8)..]);
                    break;
                case "I32":
                    Check(path, e, count * 4);
                    for (long i = 0; i < count; i++) values[i] = BinaryPrimitives.ReadInt32LittleEndian(span[(int)(i * 4)..]);
                    break;
                default:
                    throw new InvalidDataException($"Safetensors file '{path}': tensor '{e.Name}' has dtype {e.DType}; supported are F32, F16, BF16 (and I64/I32).");
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
        var (entries, data) = Open(path);
        var e = entries.FirstOrDefault(x => x.Name == name)
            ?? throw new InvalidDataException($"Safetensors file '{path}' has no tensor '{name}'.");
        if (e.DType != "I64") throw new InvalidDataException($"Safetensors file '{path}': tensor '{name}' is {e.DType}, not I64.");
        long count = Product(e.Shape);
        Check(path, e, count * 8);
        var values = new long[count];
        for (long i = 0; i < count; i++) values[i] = BinaryPrimitives.ReadInt64LittleEndian(data.AsSpan((int)(e.Begin + i * 8)));
        return (e.Shape, values);
    }

    private sealed record Entry(string Name, string DType, long[] Shape, long Begin, long End);

    private static void Check(string path, Entry e, long bytes)
    {
        if (e.End - e.Begin != bytes)
            throw new InvalidDataException($"Safetensors file '{path}': tensor '{e.Name}' ({e.DType}, shape [{string.Join(", ", e.Shape)}]) needs {bytes} bytes but its data_offsets span {e.End - e.Begin}.");
    }

    private static long Product(long[] shape)
    {
        long n = 1;
        foreach (var d in shape) n *= d;
        return n;
    }

    private static (List<Entry> Entries, byte[] Data) Open(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length < 8) throw new InvalidDataException($"Safetensors file '{path}' is too short ({bytes.Length} bytes) to hold a header length.");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength == 0 || headerLength > (ulong)(bytes.Length - 8))
            throw new InvalidDataException($"Safetensors file '{path}' has a corrupt header: the header length {headerLength} does not fit in the file ({bytes.Length} bytes).");
        var entries = new List<Entry>();
        long dataStart = 8 + (long)headerLength;
        long dataLength = bytes.Length - dataStart;
        try
        {
            using var doc = JsonDocument.Parse(bytes.AsMemory(8, (int)headerLength));
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new InvalidDataException("the header is not a JSON object");
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                if (p.Name == "__metadata__") continue;
                string dtype = p.Value.GetProperty("dtype").GetString() ?? throw new InvalidDataException($"tensor '{p.Name}' has a null dtype");
                long[] shape = p.Value.GetProperty("shape").EnumerateArray().Select(x => x.GetInt64()).ToArray();
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
        return (entries, bytes);
    }
}
