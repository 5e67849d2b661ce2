using System.Buffers.Binary;
using System.Runtime.InteropServices;
using CodeNeurons.Data;
using Microsoft.Win32.SafeHandles;

namespace CodeNeurons.Formats;

/// <summary>
/// Reads the rows of a raw folder's <c>X.f32</c> chunk by chunk straight into the caller's buffer (positional reads,
/// no whole-file buffer), checking each chunk for NaN/±Inf.
/// </summary>
public sealed class RawActivationStream : IActivationStream
{
    private readonly SafeFileHandle _handle;
    private readonly int[] _ids;
    private long _nextRow;

    internal RawActivationStream(string path, RawMeta meta)
    {
        FilePath = path;
        Meta = meta;
        CheckSize(path, meta);
        _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        _ids = Enumerable.Range(0, meta.Neurons).ToArray();
    }

    /// <summary>Checks that <c>X.f32</c> holds exactly T · N float32 values.</summary>
    internal static void CheckSize(string path, RawMeta meta)
    {
        long expected = (long)meta.Tokens * meta.Neurons * sizeof(float);
        long actual = new FileInfo(path).Length;
        if (actual != expected)
            throw new InvalidDataException(
                $"{path}: expected {expected} bytes ({meta.Tokens} tokens × {meta.Neurons} neurons × 4) from {RawActivationFolder.MetaFileName}, but the file has {actual} bytes{(actual < expected ? " (truncated)" : "")}.");
    }

    /// <summary>
    /// Reads little-endian float32 values at a byte offset of <paramref name="path"/> into <paramref name="block"/>; returns the
    /// index of the first NaN/±Inf, or −1.
    /// </summary>
    /// <exception cref="InvalidDataException">The file ends first (the message names the offset and <paramref name="what"/>).</exception>
    internal static int ReadFloats(SafeFileHandle handle, string path, Span<float> block, long offset, string what)
    {
        var bytes = MemoryMarshal.AsBytes(block);
        int done = 0;
        while (done < bytes.Length)
        {
            int got = RandomAccess.Read(handle, bytes[done..], offset + done);
            if (got == 0)
                throw new InvalidDataException($"{path}: the file ended at byte offset {offset + done} while reading {what} (it was truncated after opening).");
            done += got;
        }
        if (!BitConverter.IsLittleEndian)
        {
            var ints = MemoryMarshal.Cast<float, int>(block);
            BinaryPrimitives.ReverseEndianness(ints, ints);
        }
        return Numerics.FiniteCheck.IndexOfNonFinite(block);
    }

    /// <summary>The <c>X.f32</c> file being read.</summary>
    public string FilePath { get; }

    /// <summary>The folder's metadata.</summary>
    public RawMeta Meta { get; }

    /// <summary>Index of the next row to be read.</summary>
    public long Position => _nextRow;

    /// <inheritdoc />
    public LayerLayout Layout => Meta.Layout;

    /// <inheritdoc />
    public IReadOnlyList<int> NeuronIds => _ids;

    /// <inheritdoc />
    public long? RowCount => Meta.Tokens;

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="destination"/> cannot hold one row while rows remain.</exception>
    public int Read(Span<float> destination)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        int n = Meta.Neurons;
        long remaining = Meta.Tokens - _nextRow;
        if (remaining <= 0) return 0;
        if (destination.Length < n)
            throw new ArgumentException($"destination holds {destination.Length} values, fewer than one row of {n}.", nameof(destination));
        int rows = (int)Math.Min(destination.Length / n, remaining);
        var block = destination[..(rows * n)];
        long offset = _nextRow * n * sizeof(float);
        int bad = ReadFloats(_handle, FilePath, block, offset, $"rows {_nextRow}..{_nextRow + rows - 1}");
        if (bad >= 0)
        {
            long row = _nextRow + bad / n;
            int neuron = bad % n;
            throw new InvalidDataException(
                $"{FilePath}: activation at row {row}, neuron {neuron} (byte offset {offset + 4L * bad}) is {block[bad].ToString(IoUtil.Inv)}; activations must be finite.");
        }
        _nextRow += rows;
        return rows;
    }

    /// <inheritdoc />
    public void Dispose() => _handle.Dispose();
}
