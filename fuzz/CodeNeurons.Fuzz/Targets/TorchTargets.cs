// Fuzz targets for the readers of src/CodeNeurons.Torch (checkpoint and config files). Shared by the harness and by
// tests/CodeNeurons.Torch.Tests/Fuzzing/FuzzSmokeTests.cs (compiled there by link).
using System.Buffers.Binary;
using System.Text;
using CodeNeurons.Torch.Models;

namespace CodeNeurons.Fuzz;

/// <summary>The fuzz targets of src/CodeNeurons.Torch: one per reader of outside bytes.</summary>
public static class TorchTargets
{
    /// <summary>All Torch targets, in the order of docs/reliability.md.</summary>
    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new("safetensors", SafeTensorsTarget, [typeof(InvalidDataException)], SafeTensorsSeeds),
        new("torch-pickle", TorchPickleTarget, [typeof(InvalidDataException)],
            f => FuzzExecution.Files(f, "hf-models", "pytorch_model.bin")),
        new("hf-config", HfConfigTarget, [typeof(InvalidDataException), typeof(NotSupportedException)],
            f => FuzzExecution.Files(f, "hf-models", "config.json")),
    ];

    private static void SafeTensorsTarget(byte[] input, FuzzScratch scratch)
    {
        string path = scratch.Write("model.safetensors", input);
        var tensors = SafeTensorsReader.Read(path);
        foreach (var (name, tensor) in tensors)
        {
            long count = 1;
            foreach (var d in tensor.Shape) count *= d;
            if (count != tensor.Data.Length) throw new InvalidOperationException($"{name}: shape and data disagree");
        }
        // The exact-integer path, for the first tensor (it rejects non-I64 tensors as documented).
        if (tensors.Count > 0) SafeTensorsReader.ReadInt64(path, tensors.Keys.First());
    }

    private static IEnumerable<byte[]> SafeTensorsSeeds(string fixtures)
    {
        yield return SafeTensors("""{"a":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},"b":{"dtype":"I64","shape":[2],"data_offsets":[16,32]},"__metadata__":{"format":"pt"}}""", 32);
        yield return SafeTensors("""{"h":{"dtype":"F16","shape":[3],"data_offsets":[0,6]},"g":{"dtype":"BF16","shape":[1,1],"data_offsets":[6,8]},"i":{"dtype":"I32","shape":[],"data_offsets":[8,12]}}""", 12);
        foreach (var f in FuzzExecution.Files(fixtures, "hf-models", "expected.safetensors")) yield return f;
    }

    /// <summary>A safetensors file with the given header and <paramref name="dataBytes"/> bytes of data.</summary>
    internal static byte[] SafeTensors(string header, int dataBytes)
    {
        var h = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + h.Length + dataBytes];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, h.Length);
        h.CopyTo(bytes, 8);
        for (int i = 0; i < dataBytes; i++) bytes[8 + h.Length + i] = (byte)(i * 37);
        return bytes;
    }

    private static void TorchPickleTarget(byte[] input, FuzzScratch scratch)
    {
        var tensors = TorchPickleReader.Read(scratch.Write("pytorch_model.bin", input));
        foreach (var (name, tensor) in tensors)
        {
            long count = 1;
            foreach (var d in tensor.Shape) count *= d;
            if (count != tensor.Data.Length) throw new InvalidOperationException($"{name}: shape and data disagree");
        }
    }

    private static void HfConfigTarget(byte[] input, FuzzScratch scratch)
    {
        var config = HfModelConfig.Load(scratch.Write("config.json", input));
        _ = config.ToString();
    }
}
