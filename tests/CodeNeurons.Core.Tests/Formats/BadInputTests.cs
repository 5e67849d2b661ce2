using CodeNeurons.Formats;
using static CodeNeurons.Tests.Formats.IoTestSupport;

namespace CodeNeurons.Tests.Formats;

/// <summary>(d) Every bad input gives InvalidDataException naming the file and the position.</summary>
[TestFixture]
public class BadInputTests : TempDirectoryTest
{

    private static InvalidDataException Fails(string path, params string[] fragments)
    {
        var ex = Assert.Throws<InvalidDataException>(() => ActivationFile.Load(path))!;
        Assert.That(ex.Message, Does.Contain(path));
        foreach (var f in fragments) Assert.That(ex.Message, Does.Contain(f));
        return ex;
    }

    private string Write(string name, string content)
    {
        string path = Path.Combine(TempDir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private const string Tok = "{\"token\": \"a\", \"layers\": [{\"index\": 0, \"values\": [1.0, 2.0]}, {\"index\": 1, \"values\": [3.0, 4.0]}]}";

    [Test] public void HdfNaN() => Fails(Fixture("bad_nan.hdf5"), "dataset \"1\"", "[2, 1, 3]", "row 7", "neuron 11", "NaN");

    [Test] public void JsonNaNLiteral() => Fails(Fixture("bad_nan.json"), "line 2", "row 6", "neuron 6", "NaN", "finite");

    [Test] public void JsonInfinityLiteral() => Fails(Fixture("bad_inf.json"), "line 1", "row 2", "neuron 1", "Infinity");

    [Test]
    public void JsonNumberBeyondFloat32() =>
        Fails(Write("big.json", "{\"linex_index\": 0, \"features\": [" + Tok + ", " + Tok.Replace("4.0", "1e39") + "]}\n"), "line 1", "token 1", "row 1", "neuron 3", "1e39");

    [Test] public void HdfWrongRank() => Fails(Fixture("bad_rank.hdf5"), "dataset \"0\"", "[2, 4]", "rank 3");

    [Test] public void HdfShapeDisagrees() => Fails(Fixture("bad_shape.hdf5"), "dataset \"1\"", "[3, 1, 5]", "[3, tokens, 4]");

    [Test] public void HdfNoSentences() => Fails(Fixture("bad_empty.hdf5"), "no sentences");

    [Test]
    public void NotHdf5()
    {
        var ex = Fails(Write("junk.hdf5", "this is not an HDF5 file at all, just text\n"), "HDF5");
        Assert.That(ex.InnerException, Is.Not.Null);
    }

    [Test]
    public void TruncatedHdf5()
    {
        var bytes = File.ReadAllBytes(Fixture("f32.hdf5"));
        string path = Path.Combine(TempDir, "cut.hdf5");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 3)]);
        Fails(path);
    }

    [Test]
    public void TruncatedJsonLine() =>
        Fails(Write("cut.json", "{\"linex_index\": 0, \"features\": [" + Tok + "]}\n{\"linex_index\": 1, \"features\": [{\"token\": \"a\", \"layers\": [{\"index\": 0, \"values\": [1.0, 2"), "line 2");

    [Test]
    public void JsonNotJson() => Fails(Write("x.json", "{\"linex_index\": 0, \"features\": [" + Tok + "]}\nhello\n"), "line 2", "invalid JSON");

    [Test]
    public void JsonLayerCountDisagrees() =>
        Fails(Write("l.json", "{\"linex_index\": 0, \"features\": [" + Tok + "]}\n{\"linex_index\": 1, \"features\": [{\"token\": \"zz\", \"layers\": [{\"index\": 0, \"values\": [1.0, 2.0]}]}]}\n"),
            "line 2", "token 0 ('zz')", "1 layers", "L = 2");

    [Test]
    public void JsonValueCountDisagrees() =>
        Fails(Write("d.json", "{\"linex_index\": 0, \"features\": [" + Tok + ", " + Tok.Replace("[3.0, 4.0]", "[3.0]").Replace("\"a\"", "\"bb\"") + "]}\n"),
            "line 1", "token 1 ('bb')", "1 values", "D = 2");

    [Test]
    public void JsonMissingFeatures() => Fails(Write("m.json", "{\"linex_index\": 0}\n"), "line 1", "features");

    [Test]
    public void JsonIndicesMustIncrease() =>
        Fails(Write("i.json", "{\"linex_index\": 3, \"features\": [" + Tok + "]}\n{\"linex_index\": 3, \"features\": [" + Tok + "]}\n"), "line 2", "linex_index");

    [Test]
    public void EmptyJson() => Fails(Write("e.json", "\n\n"), "no sentences");

    [Test]
    public void EmptyHdf5File() => Fails(Write("e.hdf5", ""), "HDF5");

    private string RawFolder(int tokens, int neurons, long bytes, string? metaExtra = null)
    {
        string folder = Path.Combine(TempDir, "raw" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "X.f32"), new byte[bytes]);
        File.WriteAllText(Path.Combine(folder, "meta.json"),
            metaExtra ?? $"{{\"tokens\": {tokens}, \"neurons\": {neurons}, \"classes\": [\"a\", \"b\"], \"layers\": 1, \"neurons_per_layer\": {neurons}}}");
        return folder;
    }

    [Test]
    public void RawTruncatedIsCheckedUpFront()
    {
        string folder = RawFolder(10, 4, 10 * 4 * 4 - 8);
        foreach (var act in new Action[] { () => ActivationFile.Load(folder), () => ActivationFile.OpenStream(folder).Dispose() })
        {
            var ex = Assert.Throws<InvalidDataException>(() => act())!;
            Assert.That(ex.Message, Does.Contain(Path.Combine(folder, "X.f32")).And.Contain("160").And.Contain("152"));
        }
    }

    [Test]
    public void RawMetaInconsistent()
    {
        string folder = RawFolder(2, 6, 48, "{\"tokens\": 2, \"neurons\": 6, \"classes\": [], \"layers\": 4, \"neurons_per_layer\": 2}");
        var ex = Assert.Throws<InvalidDataException>(() => ActivationFile.Load(folder))!;
        Assert.That(ex.Message, Does.Contain("meta.json").And.Contain("\"neurons\" is 6"));
    }

    [Test]
    public void RawEmpty()
    {
        string folder = RawFolder(0, 3, 0);
        var ex = Assert.Throws<InvalidDataException>(() => ActivationFile.Load(folder))!;
        Assert.That(ex.Message, Does.Contain("no rows"));
    }

    [Test]
    public void RawNaNNamesRowAndNeuron()
    {
        string folder = RawFolder(3, 4, 48);
        var bytes = new byte[48];
        System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan((2 * 4 + 1) * 4), float.NegativeInfinity);
        File.WriteAllBytes(Path.Combine(folder, "X.f32"), bytes);
        var ex = Assert.Throws<InvalidDataException>(() => ActivationFile.Load(folder))!;
        Assert.That(ex.Message, Does.Contain("X.f32").And.Contain("row 2, neuron 1").And.Contain("-Infinity").And.Contain("byte offset 36"));
    }

    [Test]
    public void RawLabelOutOfRange()
    {
        string folder = RawFolder(3, 1, 12);
        var y = new byte[12];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(y.AsSpan(8), 2);
        File.WriteAllBytes(Path.Combine(folder, "y.i32"), y);
        var ex = Assert.Throws<InvalidDataException>(() => RawActivationFolder.ReadLabels(folder))!;
        Assert.That(ex.Message, Does.Contain("y.i32").And.Contain("row 2").And.Contain("[0, 2)"));
    }

    [Test]
    public void MissingFile()
    {
        Assert.Throws<FileNotFoundException>(() => ActivationFile.Load(Path.Combine(TempDir, "nope.hdf5")));
        Assert.Throws<FileNotFoundException>(() => ActivationFile.Load(Path.Combine(TempDir, "nope.json")));
    }
}
