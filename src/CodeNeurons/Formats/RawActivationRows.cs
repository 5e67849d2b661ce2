using CodeNeurons.Data;
using Microsoft.Win32.SafeHandles;

namespace CodeNeurons.Formats;

/// <summary>
/// Random access to the rows of a raw folder's <c>X.f32</c> (positional reads, nothing cached): a minibatch or a column
/// view (<see cref="SelectNeurons"/>; layers 0..ℓ are a contiguous prefix of each row) is read from disk when asked for,
/// so probes and CCFS run on matrices larger than memory. Every value read is checked for NaN/±Inf.
/// </summary>
/// <remarks>Views returned by <see cref="SelectNeurons"/> read through this object's file handle: dispose it only when they are no longer used.</remarks>
public sealed class RawActivationRows : IActivationRows, IDisposable
{
    private readonly Store _store;
    private readonly ColumnView _all;

    private RawActivationRows(Store store)
    {
        _store = store;
        _all = new ColumnView(store, null);
    }

    /// <summary>Opens a raw folder; <c>meta.json</c> and the size of <c>X.f32</c> are checked up front.</summary>
    /// <param name="folder">The raw folder.</param>
    /// <returns>The rows (dispose to close the file).</returns>
    /// <exception cref="InvalidDataException"><c>meta.json</c> is invalid, T = 0, or the size of <c>X.f32</c> is not T · N · 4 bytes.</exception>
    /// <exception cref="FileNotFoundException"><c>X.f32</c> or <c>meta.json</c> is missing.</exception>
    public static RawActivationRows Open(string folder)
    {
        var meta = RawActivationFolder.ReadMeta(folder);
        string path = Path.Combine(folder, RawActivationFolder.ValuesFileName);
        if (!File.Exists(path)) throw new FileNotFoundException($"Raw activation folder '{folder}' has no {RawActivationFolder.ValuesFileName}.", path);
        if (meta.Tokens == 0) throw new InvalidDataException($"{Path.Combine(folder, RawActivationFolder.MetaFileName)}: \"tokens\" is 0: the folder holds no rows.");
        RawActivationStream.CheckSize(path, meta);
        return new RawActivationRows(new Store(path, meta));
    }

    /// <summary>The <c>X.f32</c> file.</summary>
    public string FilePath => _store.Path;

    /// <summary>The folder's metadata.</summary>
    public RawMeta Meta => _store.Meta;

    /// <inheritdoc/>
    public LayerLayout Layout => _store.Layout;

    /// <inheritdoc/>
    public IReadOnlyList<int> NeuronIds => _all.NeuronIds;

    /// <inheritdoc/>
    public int Rows => _store.Rows;

    /// <inheritdoc/>
    public void ReadRows(ReadOnlySpan<int> rows, Span<float> destination) => _all.ReadRows(rows, destination);

    /// <inheritdoc/>
    public IActivationRows SelectNeurons(IReadOnlyList<int> neuronIds) => _all.SelectNeurons(neuronIds);

    /// <summary>Closes the file.</summary>
    public void Dispose() => _store.Handle.Dispose();

    private sealed class Store : IRowStore
    {
        internal Store(string path, RawMeta meta)
        {
            Path = path;
            Meta = meta;
            NeuronIds = Enumerable.Range(0, meta.Neurons).ToArray();
            Handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        }

        public string Path { get; }
        public RawMeta Meta { get; }
        public SafeFileHandle Handle { get; }
        public LayerLayout Layout => Meta.Layout;
        public IReadOnlyList<int> NeuronIds { get; }
        public int Rows => Meta.Tokens;

        public void ReadRange(int row, int firstColumn, Span<float> destination)
        {
            ObjectDisposedException.ThrowIf(Handle.IsClosed, typeof(RawActivationRows));
            long offset = ((long)row * Meta.Neurons + firstColumn) * sizeof(float);
            int bad = RawActivationStream.ReadFloats(Handle, Path, destination, offset, $"row {row}");
            if (bad >= 0)
                throw new InvalidDataException(
                    $"{Path}: activation at row {row}, neuron {firstColumn + bad} (byte offset {offset + 4L * bad}) is {destination[bad].ToString(IoUtil.Inv)}; activations must be finite.");
        }
    }
}
