using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using CodeNeurons.Torch.Models;

namespace CodeNeurons.Tests.Models;

/// <summary>The safetensors writer: the layout of the format's specification, read back exactly by the reader.</summary>
[TestFixture]
public sealed class SafeTensorsWriterTests : TempDirectoryTest
{
    [Test]
    public void RoundTripsEveryValueAndShape()
    {
        var tensors = new Dictionary<string, CheckpointTensor>
        {
            ["b.weight"] = new([2, 3], [1f, -2.5f, 3e-8f, float.MaxValue, -0f, 6f]),
            ["a.bias"] = new([3], [0.1f, 0.2f, 0.3f]),
            ["scalar"] = new([], [42f]),
        };
        string path = Path.Combine(TempDir, "m.safetensors");
        SafeTensorsWriter.Write(path, tensors, new Dictionary<string, string> { ["format"] = "pt" });
        var back = SafeTensorsReader.Read(path);
        Assert.That(back.Keys, Is.EquivalentTo(tensors.Keys));
        foreach (var (name, t) in tensors)
        {
            Assert.That(back[name].Shape, Is.EqualTo(t.Shape), name);
            Assert.That(back[name].Data.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(t.Data.Select(BitConverter.SingleToInt32Bits)), name);
        }
    }

    [Test]
    public void HeaderIsPaddedJsonWithContiguousOffsetsInNameOrder()
    {
        string path = Path.Combine(TempDir, "m.safetensors");
        SafeTensorsWriter.Write(path, new Dictionary<string, CheckpointTensor> { ["z"] = new([2], [1f, 2f]), ["y"] = new([1, 1], [3f]) },
            new Dictionary<string, string> { ["format"] = "pt" });
        byte[] bytes = File.ReadAllBytes(path);
        long n = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.That(n % 8, Is.Zero);
        using var doc = JsonDocument.Parse(Encoding.UTF8.GetString(bytes, 8, (int)n).TrimEnd(' '));
        Assert.That(doc.RootElement.GetProperty("__metadata__").GetProperty("format").GetString(), Is.EqualTo("pt"));
        var y = doc.RootElement.GetProperty("y").GetProperty("data_offsets");
        var z = doc.RootElement.GetProperty("z").GetProperty("data_offsets");
        Assert.That((y[0].GetInt64(), y[1].GetInt64(), z[0].GetInt64(), z[1].GetInt64()), Is.EqualTo((0L, 4L, 4L, 12L)));
        Assert.That(bytes.Length, Is.EqualTo(8 + n + 12));
        Assert.That(BitConverter.ToSingle(bytes, (int)(8 + n)), Is.EqualTo(3f));
    }

    [Test]
    public void DataThatDoesNotFitItsShapeIsRejectedAndNothingIsWritten()
    {
        string path = Path.Combine(TempDir, "m.safetensors");
        var e = Assert.Throws<ArgumentException>(() => SafeTensorsWriter.Write(path, new Dictionary<string, CheckpointTensor> { ["w"] = new([2, 2], [1f]) }))!;
        Assert.That(e.Message, Does.Contain("'w'").And.Contain("[2, 2]"));
        Assert.That(Directory.GetFiles(TempDir), Is.Empty);
    }
}
