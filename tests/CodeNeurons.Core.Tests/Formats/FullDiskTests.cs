using CodeNeurons.Data;
using CodeNeurons.Formats;

namespace CodeNeurons.Tests.Formats;

/// <summary>
/// A disk that fills up mid-write: the writers fail with the disk's error and leave neither an output nor a temporary
/// file. The disk is a <see cref="DiskFullStream"/>: a buffered file stream, like <see cref="FileStream"/>, whose writes to
/// the file fail beyond a byte budget, so that the flush made when it is disposed fails again, as a real full disk's does.
/// </summary>
public class FullDiskTests : TempDirectoryTest
{
    /// <summary>Buffers like FileStream; writing more than <c>budget</c> bytes to the file throws "No space left on device".</summary>
    internal sealed class DiskFullStream(string path, long budget) : Stream
    {
        private readonly FileStream _file = new(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1);
        private readonly MemoryStream _buffer = new();
        private long _written;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _written + _buffer.Length; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _buffer.Write(buffer);
            if (_buffer.Length >= 4096) Flush();
        }

        public override void Flush()
        {
            if (_buffer.Length == 0) return;
            long room = Math.Max(0, budget - _written);
            int take = (int)Math.Min(room, _buffer.Length);
            _file.Write(_buffer.GetBuffer(), 0, take);
            _written += take;
            if (take < _buffer.Length) throw new IOException("No space left on device");   // the rest stays buffered
            _buffer.SetLength(0);
        }

        protected override void Dispose(bool disposing)
        {
            try
            {
                if (disposing) Flush();
            }
            finally
            {
                _file.Dispose();
                base.Dispose(disposing);
            }
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    private static ActivationSet Sample(int sentences)
    {
        var layout = LayerLayout.Create(2, 16);
        var rng = new Random(9);
        int rows = sentences * 5;
        var values = Enumerable.Range(0, rows * layout.Neurons).Select(_ => (float)rng.NextDouble()).ToArray();
        var tokens = Enumerable.Range(0, rows).Select(i => "t" + i).ToArray();
        var sentenceIds = Enumerable.Range(0, rows).Select(i => i / 5).ToArray();
        return ActivationSet.Create(values, rows, layout, tokens, sentenceIds);
    }

    private static void Stream(ActivationSet set, IActivationSink sink)
    {
        sink.Begin(set.Layout);
        foreach (var (_, start, count) in IoUtil.SentenceRuns(set))
            sink.Write(set.Tokens!.Skip(start).Take(count).ToArray(), set.Values.Slice(start * set.Neurons, count * set.Neurons));
        sink.Complete();
    }

    // budget: bytes the disk takes; -1 = ten bytes fewer than the complete file, so only the last flush (in Complete) fails
    [TestCase("out.json", 100_000L)]
    [TestCase("out.json", -1L)]
    [TestCase("rawout", 3_000L)]
    [TestCase("rawout", -1L)]
    public void AFullDiskLeavesNeitherOutputNorTemporaryFile(string name, long budget)
    {
        var set = Sample(200);
        var output = Path.Combine(TempDir, name);
        long size = 0;
        var ex = Assert.Catch<IOException>(() =>
        {
            long bytes = budget < 0 ? CompleteSize(set, name) - 10 : budget;
            using var sink = ActivationSinks.Create(output, null, temp => new DiskFullStream(temp, bytes));
            Stream(set, sink);
            size = new FileInfo(output).Length;
        });
        Assert.That(ex!.Message, Does.Contain("No space left on device"));
        Assert.That(Directory.EnumerateFileSystemEntries(TempDir, "*", SearchOption.AllDirectories), Is.Empty,
            "a full disk must leave no output and no temporary file");
        Assert.That(size, Is.Zero);
    }

    private static long CompleteSize(ActivationSet set, string name)
    {
        // the exact size of the complete file, measured with a real write
        string dir = Path.Combine(Path.GetTempPath(), "codeneurons-size-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        try
        {
            string path = Path.Combine(dir, name);
            using (var sink = ActivationSinks.Create(path)) Stream(set, sink);
            return Directory.Exists(path) ? new FileInfo(Path.Combine(path, RawActivationFolder.ValuesFileName)).Length : new FileInfo(path).Length;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void APreviousOutputSurvivesAFullDisk()
    {
        var output = Path.Combine(TempDir, "out.json");
        File.WriteAllText(output, "previous");
        Assert.Catch<IOException>(() =>
        {
            using var sink = ActivationSinks.Create(output, null, temp => new DiskFullStream(temp, 5_000));
            Stream(Sample(50), sink);
        });
        Assert.That(File.ReadAllText(output), Is.EqualTo("previous"));
        Assert.That(Directory.GetFiles(TempDir), Is.EqualTo(new[] { output }));
    }
}
