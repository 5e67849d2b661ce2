using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using CodeNeurons.Torch;
using CodeNeurons.Torch.Models;

namespace CodeNeurons.Tests.Models;

/// <summary>Bad model folders give exceptions whose messages say what is wrong and where.</summary>
[TestFixture]
public sealed class HfModelLoadErrorTests : TempDirectoryTest
{
    private string CopyModel(string model, params string[] files)
    {
        string dir = Path.Combine(TempDir, model);
        Directory.CreateDirectory(dir);
        foreach (var f in files)
        {
            File.Copy(Path.Combine(HfModelParityTests.ModelFolder(model), f), Path.Combine(dir, f));
            File.SetAttributes(Path.Combine(dir, f), FileAttributes.Normal);
        }
        return dir;
    }

    private static void EditConfig(string dir, Action<JsonObject> edit)
    {
        string path = Path.Combine(dir, "config.json");
        var node = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        edit(node);
        File.WriteAllText(path, node.ToJsonString());
    }

    [Test]
    public void UnsupportedModelTypeNamesTheSupportedOnes()
    {
        string dir = CopyModel("tiny-bert", "config.json", "model.safetensors");
        EditConfig(dir, c => c["model_type"] = "mamba");
        var ex = Assert.Throws<NotSupportedException>(() => HfModel.Load(dir));
        Assert.That(ex!.Message, Does.Contain("mamba").And.Contain("roberta, bert, gpt2, t5, llama, qwen2, starcoder2"));
    }

    [Test]
    public void MissingConfigKeyNamesKeyAndFile()
    {
        string dir = CopyModel("tiny-gpt2", "config.json", "model.safetensors");
        EditConfig(dir, c => c.Remove("n_embd"));
        var ex = Assert.Throws<InvalidDataException>(() => HfModel.Load(dir));
        Assert.That(ex!.Message, Does.Contain("'n_embd'").And.Contain("config.json"));
    }

    [Test]
    public void MismatchedWeightShapeNamesTensorAndBothShapes()
    {
        string dir = CopyModel("tiny-roberta", "config.json", "model.safetensors");
        EditConfig(dir, c => c["intermediate_size"] = 48);
        var ex = Assert.Throws<InvalidDataException>(() => HfModel.Load(dir));
        Assert.That(ex!.Message, Does.Contain("encoder.layer.0.intermediate.dense.weight").And.Contain("[64, 32]").And.Contain("[48, 32]"));
    }

    [Test]
    public void MissingWeightIsNamed()
    {
        string dir = CopyModel("tiny-t5-encoder", "config.json", "model.safetensors");
        EditConfig(dir, c => c["num_layers"] = 3);
        var ex = Assert.Throws<InvalidDataException>(() => HfModel.Load(dir));
        Assert.That(ex!.Message, Does.Contain("block.2.layer.0.layer_norm.weight"));
    }

    [Test]
    public void CorruptSafetensorsHeaderNamesTheFile()
    {
        string dir = CopyModel("tiny-bert", "config.json", "model.safetensors");
        string path = Path.Combine(dir, "model.safetensors");
        byte[] bytes = File.ReadAllBytes(path);
        bytes[8] = (byte)'#'; // the JSON header no longer parses
        File.WriteAllBytes(path, bytes);
        var ex = Assert.Throws<InvalidDataException>(() => HfModel.Load(dir));
        Assert.That(ex!.Message, Does.Contain("model.safetensors").And.Contain("corrupt header"));

        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 1UL << 40); // header length beyond the file
        File.WriteAllBytes(path, bytes);
        ex = Assert.Throws<InvalidDataException>(() => HfModel.Load(dir));
        Assert.That(ex!.Message, Does.Contain("model.safetensors").And.Contain("corrupt header"));
    }

    [Test]
    public void TruncatedPytorchBinNamesTheFile()
    {
        string dir = CopyModel("tiny-gpt2", "config.json", "pytorch_model.bin");
        string path = Path.Combine(dir, "pytorch_model.bin");
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var ex = Assert.Throws<InvalidDataException>(() => HfModel.Load(dir));
        Assert.That(ex!.Message, Does.Contain("pytorch_model.bin").And.Contain("truncated"));
    }

    [Test]
    public void MissingWeightsFileIsReported()
    {
        string dir = CopyModel("tiny-bert", "config.json");
        var ex = Assert.Throws<FileNotFoundException>(() => HfModel.Load(dir));
        Assert.That(ex!.Message, Does.Contain("model.safetensors").And.Contain("pytorch_model.bin"));
    }

    [Test]
    public void CudaWithoutBackendNamesThePackage()
    {
        if (TorchDevices.IsCudaAvailable) Assert.Ignore("CUDA is available here.");
        string dir = CopyModel("tiny-bert", "config.json", "model.safetensors");
        var ex = Assert.Throws<NotSupportedException>(() => HfModel.Load(dir, new ModelLoadOptions(Device: "cuda")));
        Assert.That(ex!.Message, Does.Contain("TorchSharp-cuda-linux"));
    }

    [Test]
    public void ShardedSafetensorsCheckpointLoadsAndMatches()
    {
        // Split model.safetensors into two shards with an index, as save_pretrained(max_shard_size=…) does.
        string src = HfModelParityTests.ModelFolder("tiny-bert");
        string dir = CopyModel("tiny-bert", "config.json");
        var all = SafeTensorsReader.Read(Path.Combine(src, "model.safetensors"));
        var names = all.Keys.Order().ToList();
        var map = new JsonObject();
        for (int s = 0; s < 2; s++)
        {
            string file = $"model-0000{s + 1}-of-00002.safetensors";
            var part = names.Where((_, i) => i % 2 == s).ToList();
            WriteSafetensors(Path.Combine(dir, file), part.ToDictionary(n => n, n => all[n]));
            foreach (var n in part) map[n] = file;
        }
        File.WriteAllText(Path.Combine(dir, "model.safetensors.index.json"), new JsonObject { ["metadata"] = new JsonObject(), ["weight_map"] = map }.ToJsonString());

        var (ids, mask, _) = HfModelParityTests.LoadExpected("tiny-bert");
        using var sharded = HfModel.Load(dir);
        using var whole = HfModel.Load(src);
        Assert.That(sharded.Forward(ids, mask).Values, Is.EqualTo(whole.Forward(ids, mask).Values));
    }

    [Test]
    public void HalfAndBFloat16SafetensorsAreWidened()
    {
        var values = new float[] { 1.5f, -2.25f, 0.0078125f };
        string path = Path.Combine(TempDir, "h.safetensors");
        var header = """{"a":{"dtype":"F16","shape":[3],"data_offsets":[0,6]},"b":{"dtype":"BF16","shape":[3],"data_offsets":[6,12]}}""";
        using (var fs = File.Create(path))
        {
            var h = Encoding.UTF8.GetBytes(header);
            Span<byte> len = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(len, (ulong)h.Length);
            fs.Write(len);
            fs.Write(h);
            var b = new byte[2];
            foreach (var v in values) { BinaryPrimitives.WriteUInt16LittleEndian(b, BitConverter.HalfToUInt16Bits((Half)v)); fs.Write(b); }
            foreach (var v in values) { BinaryPrimitives.WriteUInt16LittleEndian(b, (ushort)(BitConverter.SingleToInt32Bits(v) >> 16)); fs.Write(b); }
        }
        var t = SafeTensorsReader.Read(path);
        Assert.That(t["a"].Data, Is.EqualTo(values));
        Assert.That(t["b"].Data, Is.EqualTo(values));
    }

    private static void WriteSafetensors(string path, Dictionary<string, CheckpointTensor> tensors)
    {
        var header = new JsonObject();
        long offset = 0;
        foreach (var (n, t) in tensors)
        {
            long bytes = t.Data.Length * 4L;
            header[n] = new JsonObject { ["dtype"] = "F32", ["shape"] = new JsonArray(t.Shape.Select(d => (JsonNode)d).ToArray()), ["data_offsets"] = new JsonArray(offset, offset + bytes) };
            offset += bytes;
        }
        var h = Encoding.UTF8.GetBytes(header.ToJsonString());
        using var fs = File.Create(path);
        Span<byte> len = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(len, (ulong)h.Length);
        fs.Write(len);
        fs.Write(h);
        var b = new byte[4];
        foreach (var t in tensors.Values)
            foreach (var v in t.Data) { BinaryPrimitives.WriteSingleLittleEndian(b, v); fs.Write(b); }
    }
}
