using CodeNeurons.Data;
using CodeNeurons.Formats;
using static CodeNeurons.Tests.Formats.IoTestSupport;

namespace CodeNeurons.Tests.Formats;

/// <summary>(e) The streaming raw reader equals the whole-file reader for any chunk size.</summary>
[TestFixture]
public class RawStreamTests : TempDirectoryTest
{

    [TestCase(1)]
    [TestCase(7)]    // does not divide T = 50
    [TestCase(10)]
    [TestCase(50)]
    [TestCase(64)]   // larger than T
    public void StreamEqualsWholeFile(int chunkRows)
    {
        var set = MakeSet(3, 5, [50], seed: chunkRows);
        string folder = Path.Combine(TempDir, "raw");
        RawActivationFolder.Write(set, folder);
        var whole = RawActivationFolder.Read(folder);

        using var stream = ActivationFile.OpenStream(folder);
        Assert.That(stream, Is.InstanceOf<RawActivationStream>());
        Assert.That(stream.RowCount, Is.EqualTo(50));
        Assert.That(stream.Layout, Is.EqualTo(new LayerLayout(3, 5)));
        Assert.That(stream.NeuronIds, Is.EqualTo(Enumerable.Range(0, 15)));
        var buffer = new float[chunkRows * 15 + 3]; // a few spare values: only whole rows are read
        var all = new List<float>();
        var sizes = new List<int>();
        int rows;
        while ((rows = stream.Read(buffer)) > 0)
        {
            sizes.Add(rows);
            all.AddRange(buffer.AsSpan(0, rows * 15).ToArray());
        }
        Assert.That(sizes.Sum(), Is.EqualTo(50));
        Assert.That(sizes.Take(sizes.Count - 1), Is.All.EqualTo(Math.Min(chunkRows, 50)));
        AssertSameBits(all.ToArray(), whole.Values, "stream");
        AssertSameBits(whole.Values, set.Values, "whole");
        Assert.That(stream.Read(buffer), Is.EqualTo(0));
    }

    [Test]
    public void StreamRejectsABufferSmallerThanARow()
    {
        var set = MakeSet(2, 4, [3], seed: 1);
        string folder = Path.Combine(TempDir, "raw");
        RawActivationFolder.Write(set, folder);
        using var stream = RawActivationFolder.OpenStream(folder);
        Assert.Throws<ArgumentException>(() => stream.Read(new float[7]));
    }

    [Test]
    public void StreamDetectsTruncationAfterOpening()
    {
        var set = MakeSet(2, 4, [6], seed: 2);
        string folder = Path.Combine(TempDir, "raw");
        RawActivationFolder.Write(set, folder);
        using var stream = RawActivationFolder.OpenStream(folder);
        var buf = new float[2 * 8];
        Assert.That(stream.Read(buf), Is.EqualTo(2));
        using (var fs = new FileStream(Path.Combine(folder, "X.f32"), FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
            fs.SetLength(3 * 8 * 4);
        var ex = Assert.Throws<InvalidDataException>(() => stream.Read(buf))!;
        Assert.That(ex.Message, Does.Contain("X.f32").And.Contain("byte offset 96"));
    }

    [Test]
    public void JsonAndHdf5StreamFromMemory()
    {
        var set = MakeSet(2, 2, [2, 3], seed: 3);
        string path = Path.Combine(TempDir, "a.hdf5");
        ActivationFile.Save(set, path);
        using var stream = ActivationFile.OpenStream(path);
        var buf = new float[100];
        Assert.That(stream.Read(buf), Is.EqualTo(5));
        AssertSameBits(buf.AsSpan(0, 20), set.Values, "hdf5 stream");
    }
}
