using CodeNeurons.Data;
using CodeNeurons.Formats;
using static CodeNeurons.Tests.Formats.IoTestSupport;

namespace CodeNeurons.Tests.Formats;

/// <summary>(c) Round trips through every format, and the writers' guarantees.</summary>
[TestFixture]
public class RoundTripTests : TempDirectoryTest
{

    [TestCase("a.json")]
    [TestCase("a.jsonl")]
    [TestCase("a.hdf5")]
    [TestCase("a.h5")]
    public void NeuroxFormatsRoundTripExactly(string name)
    {
        var set = MakeSet(4, 6, [3, 1, 5, 2], seed: 3);
        string path = Path.Combine(TempDir, name);
        ActivationFile.Save(set, path);
        var back = ActivationFile.Load(path);
        AssertSameSet(back, set);
        Assert.That(Directory.GetFiles(TempDir), Has.Length.EqualTo(1), "no temp file left behind");
    }

    [Test]
    public void SentenceIndicesThatSkipValuesArePreserved()
    {
        var baseSet = MakeSet(1, 3, [2, 1, 2], seed: 5);
        var set = ActivationSet.Create(baseSet.Values.ToArray(), baseSet.Rows, baseSet.Layout, baseSet.Tokens, [4, 4, 9, 20, 20]);
        foreach (var name in new[] { "s.json", "s.hdf5" })
        {
            string path = Path.Combine(TempDir, name);
            ActivationFile.Save(set, path);
            AssertSameSet(ActivationFile.Load(path), set);
        }
    }

    [Test]
    public void Float16RoundTripRoundsToNearestHalf()
    {
        var set = MakeSet(2, 3, [2, 3], seed: 4);
        var values = set.Values.ToArray();
        for (int i = 0; i < values.Length; i++) if (Math.Abs(values[i]) > 60000) values[i] = 1.5f;
        set = ActivationSet.Create(values, set.Rows, set.Layout, set.Tokens, set.SentenceIndices);
        string path = Path.Combine(TempDir, "h.hdf5");
        NeuroxHdf5.Write(set, path, HdfPrecision.Float16);
        var back = NeuroxHdf5.Read(path);
        AssertSameBits(back.Values, values.Select(v => (float)(Half)v).ToArray(), "float16");
    }

    [Test]
    public void Float16RejectsValuesBeyondItsRange()
    {
        var set = MakeSet(2, 3, [2, 3], seed: 4); // contains float.MaxValue at row 0, neuron 2
        string path = Path.Combine(TempDir, "h.hdf5");
        var ex = Assert.Throws<ArgumentException>(() => ActivationFile.Save(set, path, new ActivationSaveOptions { Precision = HdfPrecision.Float16 }));
        Assert.That(ex!.Message, Does.Contain("row 0, neuron 2"));
        Assert.That(Directory.GetFiles(TempDir), Is.Empty, "no partial file");
    }

    [Test]
    public void RawFolderRoundTripsWithLabels()
    {
        var set = MakeSet(3, 4, [7], seed: 9);
        var labels = new RawLabels([0, 2, 1, 1, 0, 2, 2], ["A", "B", "C"]);
        string folder = Path.Combine(TempDir, "raw");
        ActivationFile.Save(set, folder, new ActivationSaveOptions { Labels = labels });
        var back = ActivationFile.Load(folder);
        AssertSameSet(back, set, tokens: false);
        Assert.That(back.Tokens, Is.Null);
        var y = RawActivationFolder.ReadLabels(folder);
        Assert.That(y.Labels, Is.EqualTo(labels.Labels));
        Assert.That(y.Classes, Is.EqualTo(labels.Classes));
        var meta = RawActivationFolder.ReadMeta(folder);
        Assert.That(meta, Is.EqualTo(meta with { Tokens = 7, Neurons = 12, Layout = new LayerLayout(3, 4) }));
        Assert.That(new FileInfo(Path.Combine(folder, "X.f32")).Length, Is.EqualTo(7 * 12 * 4));

        // Saving again without labels removes the stale y.i32.
        ActivationFile.Save(set, folder);
        Assert.That(File.Exists(Path.Combine(folder, "y.i32")), Is.False);
        Assert.That(RawActivationFolder.ReadMeta(folder).Classes, Is.Empty);
    }

    [Test]
    public void RawFolderFromMakeSyntheticLayoutIsReadByteForByte()
    {
        // Written independently of our writer: little-endian bytes + meta.json as make_synthetic.py writes it.
        string folder = Path.Combine(TempDir, "syn");
        Directory.CreateDirectory(folder);
        int T = 5, L = 2, D = 3, N = L * D;
        var bytes = new byte[T * N * 4];
        var expected = new float[T * N];
        for (int i = 0; i < expected.Length; i++)
        {
            expected[i] = i * 0.25f - 3f;
            System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), expected[i]);
        }
        File.WriteAllBytes(Path.Combine(folder, "X.f32"), bytes);
        var y = new byte[T * 4];
        for (int i = 0; i < T; i++) System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(y.AsSpan(i * 4), i % 2);
        File.WriteAllBytes(Path.Combine(folder, "y.i32"), y);
        File.WriteAllText(Path.Combine(folder, "meta.json"), "{\n \"tokens\": 5,\n \"neurons\": 6,\n \"classes\": [\n  \"C0\",\n  \"C1\"\n ],\n \"layers\": 2,\n \"neurons_per_layer\": 3\n}");
        var set = ActivationFile.Load(folder);
        Assert.That(set.Layout, Is.EqualTo(new LayerLayout(2, 3)));
        AssertSameBits(set.Values, expected, "raw");
        Assert.That(RawActivationFolder.ReadLabels(folder).Labels, Is.EqualTo(new[] { 0, 1, 0, 1, 0 }));
    }

    [Test]
    public void JsonValuesRoundTripForRandomBitPatterns()
    {
        // Shortest float32 strings must come back exactly when parsed as double then rounded (as NeuroX/NumPy do).
        var rng = new Random(123);
        int rows = 400, n = 50;
        var values = new float[rows * n];
        for (int i = 0; i < values.Length; i++)
        {
            float f;
            do f = BitConverter.Int32BitsToSingle(rng.Next() ^ (rng.Next(2) << 31)); while (!float.IsFinite(f));
            values[i] = f;
        }
        var set = ActivationSet.Create(values, rows, LayerLayout.Create(5, 10), Enumerable.Repeat("t", rows).ToArray(), Enumerable.Range(0, rows).Select(r => r / 8).ToArray());
        string path = Path.Combine(TempDir, "bits.json");
        NeuroxJson.Write(set, path);
        AssertSameBits(NeuroxJson.Read(path).Values, values, "bits");
    }

    [Test]
    public void WriterReplacesAnExistingFile()
    {
        string path = Path.Combine(TempDir, "x.json");
        File.WriteAllText(path, "old content that is longer than nothing");
        var set = MakeSet(1, 2, [1], seed: 1);
        NeuroxJson.Write(set, path);
        AssertSameSet(NeuroxJson.Read(path), set);
    }

    [Test]
    public void WritersRejectSetsTheFormatCannotHold()
    {
        var set = MakeSet(2, 3, [2], seed: 1);
        var noTokens = ActivationSet.Create(set.Values.ToArray(), set.Rows, set.Layout);
        Assert.Throws<ArgumentException>(() => ActivationFile.Save(noTokens, Path.Combine(TempDir, "a.json")));
        Assert.Throws<ArgumentException>(() => ActivationFile.Save(noTokens, Path.Combine(TempDir, "a.hdf5")));
        Assert.Throws<ArgumentException>(() => ActivationFile.Save(set.SelectLayers(1), Path.Combine(TempDir, "b.hdf5")));
        Assert.Throws<ArgumentException>(() => ActivationFile.Save(set, Path.Combine(TempDir, "a.txt")));
        Assert.That(Directory.GetFiles(TempDir), Is.Empty);
    }
}
