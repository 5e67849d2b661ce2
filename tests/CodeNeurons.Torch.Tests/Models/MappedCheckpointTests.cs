using CodeNeurons.Torch.Models;
using TorchSharp;

namespace CodeNeurons.Tests.Models;

/// <summary>
/// <see cref="MappedCheckpoint"/> reads F32, F16 and BF16 tensors (whole or by rows) to the same float32 values as the managed
/// <see cref="SafeTensorsReader"/>, which widens each stored value exactly.
/// </summary>
[TestFixture]
public sealed class MappedCheckpointTests : TempDirectoryTest
{
    private static Dictionary<string, CheckpointTensor> RandomTensors(int seed)
    {
        var rng = new Random(seed);
        CheckpointTensor Make(params long[] shape)
        {
            var data = new float[shape.Aggregate(1L, (a, b) => a * b)];
            for (int i = 0; i < data.Length; i++) data[i] = (float)((rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-3, 3)));
            return new CheckpointTensor(shape, data);
        }
        return new() { ["model.embed_tokens.weight"] = Make(17, 6), ["model.norm.weight"] = Make(6), ["scalar"] = Make(), ["empty"] = Make(0, 3) };
    }

    [TestCase(ModelDType.Float32)]
    [TestCase(ModelDType.Float16)]
    [TestCase(ModelDType.BFloat16)]
    public void MappedTensorsEqualTheManagedReader(ModelDType dtype)
    {
        string dir = Path.Combine(TempDir, dtype.ToString());
        Directory.CreateDirectory(dir);
        var tensors = RandomTensors(3);
        SafeTensorsWriter.Write(Path.Combine(dir, "model.safetensors"), tensors, dtype);
        var expected = SafeTensorsReader.Read(Path.Combine(dir, "model.safetensors"));
        using var mapped = MappedCheckpoint.TryOpenFolder(dir)!;
        Assert.That(mapped.Names.Order(), Is.EqualTo(tensors.Keys.Order()));
        foreach (var (name, t) in expected)
        {
            Assert.That(mapped.ShapeOf(name), Is.EqualTo(t.Shape));
            using var read = mapped.Read(name, torch.ScalarType.Float32, torch.CPU);
            Assert.That(read.shape, Is.EqualTo(t.Shape));
            // (TorchSharp's ToArray throws on an empty tensor.)
            Assert.That(read.numel() == 0 ? [] : read.data<float>().ToArray(), Is.EqualTo(t.Data), name);
            if (dtype != ModelDType.Float32)
                Assert.That(t.Data, Is.Not.EqualTo(tensors[name].Data).Or.Empty, $"{name} is stored rounded");
        }
        long[] rows = [16, 0, 5, 5];
        using var picked = mapped.ReadRows("model.embed_tokens.weight", rows, torch.ScalarType.Float32, torch.CPU);
        var table = expected["model.embed_tokens.weight"].Data;
        Assert.That(picked.data<float>().ToArray(), Is.EqualTo(rows.SelectMany(r => table.Skip((int)r * 6).Take(6)).ToArray()));
        Assert.Throws<ArgumentOutOfRangeException>(() => mapped.ReadRows("model.embed_tokens.weight", [17], torch.ScalarType.Float32, torch.CPU));
    }

    [Test]
    public void ReadsInSlicesWhenATensorIsLargerThanOneSlice()
    {
        // Large tensors are copied in slices (Span<byte> is limited to 2 GiB); 13 floats in slices of 8 bytes exercise it.
        var values = Enumerable.Range(0, 13).Select(i => i * 0.5f).ToArray();
        var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
        using var target = torch.empty(13, torch.ScalarType.Float32);
        MappedCheckpoint.Fill(target, new MemoryStream(bytes), sliceBytes: 8);
        Assert.That(target.data<float>().ToArray(), Is.EqualTo(values));
    }

    [Test]
    public void UnsupportedDTypeIsNamed()
    {
        string path = Path.Combine(TempDir, "model.safetensors");
        var header = System.Text.Encoding.UTF8.GetBytes("{\"w\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}}");
        using (var fs = File.Create(path))
        {
            fs.Write(BitConverter.GetBytes((ulong)header.Length));
            fs.Write(header);
            fs.Write(new byte[8]);
        }
        var ex = Assert.Throws<InvalidDataException>(() => MappedCheckpoint.TryOpenFolder(TempDir));
        Assert.That(ex!.Message, Does.Contain("F64").And.Contain("'w'").And.Contain(path));
    }

    [Test]
    public void FolderWithoutSafetensorsGivesNull() => Assert.That(MappedCheckpoint.TryOpenFolder(TempDir), Is.Null);
}
