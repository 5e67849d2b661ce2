using System.Buffers.Binary;
using System.Text;
using CodeNeurons.Torch.Models;

namespace CodeNeurons.Tests.Models;

/// <summary>
/// The legacy (pre-1.6, non-zip) <c>torch.save</c> format that older hub checkpoints such as microsoft/codebert-base ship:
/// a file is written here by hand, following torch/serialization.py's legacy writer, from the tiny RoBERTa's weights.
/// </summary>
[TestFixture]
public sealed class TorchLegacyFormatTests : TempDirectoryTest
{
    [Test]
    public void LegacyTorchSaveFileLoadsAndMatchesSafetensors()
    {
        string src = HfModelParityTests.ModelFolder("tiny-roberta");
        var weights = SafeTensorsReader.Read(Path.Combine(src, "model.safetensors"));
        string dir = Path.Combine(TempDir, "legacy");
        Directory.CreateDirectory(dir);
        File.Copy(Path.Combine(src, "config.json"), Path.Combine(dir, "config.json"));
        File.SetAttributes(Path.Combine(dir, "config.json"), FileAttributes.Normal);
        string bin = Path.Combine(dir, "pytorch_model.bin");
        File.WriteAllBytes(bin, WriteLegacy(weights));

        var read = TorchPickleReader.Read(bin);
        Assert.That(read.Keys.Order(), Is.EqualTo(weights.Keys.Order()));
        foreach (var (name, t) in weights)
        {
            Assert.That(read[name].Shape, Is.EqualTo(t.Shape), name);
            Assert.That(read[name].Data, Is.EqualTo(t.Data), name);
        }

        var (ids, mask, _) = HfModelParityTests.LoadExpected("tiny-roberta");
        using var legacy = HfModel.Load(dir);
        using var reference = HfModel.Load(src);
        Assert.That(legacy.Forward(ids, mask).Values, Is.EqualTo(reference.Forward(ids, mask).Values));
    }

    [Test]
    public void TruncatedLegacyFileIsReported()
    {
        var weights = SafeTensorsReader.Read(Path.Combine(HfModelParityTests.ModelFolder("tiny-bert"), "model.safetensors"));
        byte[] bytes = WriteLegacy(weights);
        string bin = Path.Combine(TempDir, "pytorch_model.bin");
        File.WriteAllBytes(bin, bytes[..(bytes.Length - 100)]);
        var ex = Assert.Throws<InvalidDataException>(() => TorchPickleReader.Read(bin));
        Assert.That(ex!.Message, Does.Contain("pytorch_model.bin").And.Contain("ends early"));
    }

    private static byte[] WriteLegacy(IReadOnlyDictionary<string, CheckpointTensor> weights)
    {
        var o = new MemoryStream();
        void B(params byte[] b) => o.Write(b);
        void Str(string s)
        {
            var u = Encoding.UTF8.GetBytes(s);
            B((byte)'X');
            var len = new byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(len, u.Length);
            B(len);
            B(u);
        }
        void Int(long v)
        {
            var b = new byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(b, checked((int)v));
            B((byte)'J');
            B(b);
        }
        void Global(string module, string name) { B((byte)'c'); B(Encoding.ASCII.GetBytes(module + "\n" + name + "\n")); }
        void Tuple(IEnumerable<long> values) { B((byte)'('); foreach (var v in values) Int(v); B((byte)'t'); }

        // 1: magic number as LONG1, 2: protocol version, 3: sys_info.
        B(0x80, 2, 0x8a, 10, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, (byte)'.');
        B(0x80, 2, (byte)'M', 0xe9, 0x03, (byte)'.');
        B(0x80, 2, (byte)'}', (byte)'.');
        // 4: the state dict, one storage per tensor, key = its index.
        var names = weights.Keys.ToList();
        B(0x80, 2);
        Global("collections", "OrderedDict");
        B((byte)')', (byte)'R', (byte)'(');
        for (int i = 0; i < names.Count; i++)
        {
            var t = weights[names[i]];
            Str(names[i]);
            Global("torch._utils", "_rebuild_tensor_v2");
            B((byte)'(');
            B((byte)'(');
            Str("storage");
            Global("torch", "FloatStorage");
            Str(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Str("cpu");
            Int(t.Data.Length);
            B((byte)'N', (byte)'t', (byte)'Q');
            Int(0);
            Tuple(t.Shape);
            var stride = new long[t.Shape.Length];
            long s = 1;
            for (int d = t.Shape.Length - 1; d >= 0; d--) { stride[d] = s; s *= t.Shape[d]; }
            Tuple(stride);
            B(0x89);
            Global("collections", "OrderedDict");
            B((byte)')', (byte)'R', (byte)'t', (byte)'R');
        }
        B((byte)'u', (byte)'.');
        // 5: the storage keys, then each storage: int64 element count and raw little-endian data.
        B(0x80, 2, (byte)']', (byte)'(');
        for (int i = 0; i < names.Count; i++) Str(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        B((byte)'e', (byte)'.');
        var buf = new byte[8];
        foreach (var n in names)
        {
            var t = weights[n];
            BinaryPrimitives.WriteInt64LittleEndian(buf, t.Data.Length);
            B(buf);
            foreach (var v in t.Data) { BinaryPrimitives.WriteSingleLittleEndian(buf, v); o.Write(buf, 0, 4); }
        }
        return o.ToArray();
    }
}
