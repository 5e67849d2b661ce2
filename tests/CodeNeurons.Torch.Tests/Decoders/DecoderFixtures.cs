using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using CodeNeurons.Torch.Models;

namespace CodeNeurons.Tests.Decoders;

/// <summary>Access to <c>Fixtures/hf-decoders</c> (tiny Llama, Qwen2 and StarCoder2; see its README) and a safetensors writer.</summary>
internal static class DecoderFixtures
{
    public static readonly string[] Models = ["tiny-llama", "tiny-qwen2", "tiny-starcoder2"];

    public static string Folder(string model) => TestData.Fixture("hf-decoders", model);

    /// <summary>One expected batch: ids, mask and positions [batch, seq] and every float tensor of the file.</summary>
    public sealed record Batch(long[,] Ids, long[,] Mask, long[,] Positions, IReadOnlyDictionary<string, CheckpointTensor> Tensors, long[,]? GeneratePositions);

    public static Batch Load(string model, bool leftPadded)
    {
        string path = Path.Combine(Folder(model), leftPadded ? "expected_left_padded.safetensors" : "expected.safetensors");
        long[,] Read2D(string name)
        {
            var (shape, data) = SafeTensorsReader.ReadInt64(path, name);
            var r = new long[shape[0], shape[1]];
            for (int i = 0; i < shape[0]; i++)
                for (int j = 0; j < shape[1]; j++) r[i, j] = data[i * shape[1] + j];
            return r;
        }
        var all = SafeTensorsReader.Read(path);
        return new Batch(Read2D("input_ids"), Read2D("attention_mask"), Read2D("position_ids"), all,
            leftPadded ? Read2D("generate_position_ids") : null);
    }

    /// <summary>Writes tensors as safetensors in F32 or BF16 (BF16 rounds to nearest even, as torch's <c>.to(torch.bfloat16)</c>).</summary>
    public static void WriteSafetensors(string path, IReadOnlyDictionary<string, CheckpointTensor> tensors, bool bfloat16 = false)
    {
        int width = bfloat16 ? 2 : 4;
        var header = new JsonObject { ["__metadata__"] = new JsonObject { ["format"] = "pt" } };
        long offset = 0;
        foreach (var (n, t) in tensors)
        {
            long bytes = t.Data.Length * (long)width;
            header[n] = new JsonObject
            {
                ["dtype"] = bfloat16 ? "BF16" : "F32",
                ["shape"] = new JsonArray(t.Shape.Select(d => (JsonNode)d).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + bytes),
            };
            offset += bytes;
        }
        var h = Encoding.UTF8.GetBytes(header.ToJsonString());
        using var fs = File.Create(path);
        Span<byte> len = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(len, (ulong)h.Length);
        fs.Write(len);
        fs.Write(h);
        var b = new byte[width];
        foreach (var t in tensors.Values)
            foreach (var v in t.Data)
            {
                if (bfloat16) BinaryPrimitives.WriteUInt16LittleEndian(b, ToBFloat16(v));
                else BinaryPrimitives.WriteSingleLittleEndian(b, v);
                fs.Write(b);
            }
    }

    /// <summary>float32 → bfloat16 bits, round to nearest even.</summary>
    public static ushort ToBFloat16(float v)
    {
        uint bits = BitConverter.SingleToUInt32Bits(v);
        uint rounding = 0x7FFF + ((bits >> 16) & 1);
        return (ushort)((bits + rounding) >> 16);
    }

    /// <summary>Copies a fixture model folder (config and tokenizer files, no weights unless asked) into <paramref name="dir"/>.</summary>
    public static void CopyFolder(string model, string dir, bool weights)
    {
        Directory.CreateDirectory(dir);
        foreach (var f in Directory.GetFiles(Folder(model)))
        {
            string name = Path.GetFileName(f);
            if (name.StartsWith("expected", StringComparison.Ordinal)) continue;
            if (!weights && name == "model.safetensors") continue;
            File.Copy(f, Path.Combine(dir, name));
        }
    }
}
