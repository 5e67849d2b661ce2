namespace CodeNeurons.Data;

/// <summary>
/// An immutable matrix of activations: <see cref="Rows"/> rows (code tokens, or snippets for sentence-level
/// tasks) × <see cref="Neurons"/> neurons, float32, stored row-major (<c>[Rows, Neurons]</c>, each row
/// contiguous: the layout the Gram kernels stream through). Each column keeps its global neuron id
/// (layer · D + unit, NeuroX order) in <see cref="NeuronIds"/>, so slices still report original ids.
/// </summary>
/// <remarks>
/// Optional per-row metadata: the token string (<see cref="Tokens"/>) and the index of the sentence the row
/// came from (<see cref="SentenceIndices"/>). Rows of one sentence are consecutive.
/// </remarks>
public sealed class ActivationSet
{
    private readonly float[] _values;
    private readonly int[] _neuronIds;
    private readonly string[]? _tokens;
    private readonly int[]? _sentenceIndices;

    private ActivationSet(float[] values, int rows, LayerLayout layout, int[] neuronIds, string[]? tokens, int[]? sentenceIndices)
    {
        _values = values;
        Rows = rows;
        Layout = layout;
        _neuronIds = neuronIds;
        _tokens = tokens;
        _sentenceIndices = sentenceIndices;
    }

    /// <summary>Number of rows T (tokens or snippets).</summary>
    public int Rows { get; }

    /// <summary>Number of columns (neurons) in this set; equals <c>Layout.Neurons</c> unless sliced.</summary>
    public int Neurons => _neuronIds.Length;

    /// <summary>The layer structure of the model the activations came from (L × D).</summary>
    public LayerLayout Layout { get; }

    /// <summary>Global neuron id (layer · D + unit) of each column, ascending.</summary>
    public IReadOnlyList<int> NeuronIds => _neuronIds;

    /// <summary>The token string of each row, or <see langword="null"/> when unknown.</summary>
    public IReadOnlyList<string>? Tokens => _tokens;

    /// <summary>The sentence index of each row (non-decreasing), or <see langword="null"/> when unknown.</summary>
    public IReadOnlyList<int>? SentenceIndices => _sentenceIndices;

    /// <summary>All values, row-major <c>[Rows, Neurons]</c>.</summary>
    public ReadOnlySpan<float> Values => _values;

    /// <summary>The values of one row, length <see cref="Neurons"/>.</summary>
    /// <param name="row">Row index in [0, Rows).</param>
    /// <returns>A view of the row.</returns>
    public ReadOnlySpan<float> Row(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Rows);
        return _values.AsSpan(row * Neurons, Neurons);
    }

    /// <summary>One value.</summary>
    /// <param name="row">Row index.</param>
    /// <param name="column">Column index (not the global neuron id; see <see cref="NeuronIds"/>).</param>
    public float this[int row, int column]
    {
        get
        {
            if ((uint)row >= (uint)Rows) throw new ArgumentOutOfRangeException(nameof(row), row, $"row must be in [0, {Rows}).");
            if ((uint)column >= (uint)Neurons) throw new ArgumentOutOfRangeException(nameof(column), column, $"column must be in [0, {Neurons}).");
            return _values[(long)row * Neurons + column];
        }
    }

    /// <summary>
    /// Creates a set over <paramref name="values"/> (row-major <c>[rows, layout.Neurons]</c>; the array is
    /// taken, not copied) after checking shapes and that every value is finite.
    /// </summary>
    /// <param name="values">Row-major values; length must be rows · layout.Neurons.</param>
    /// <param name="rows">Number of rows (≥ 0).</param>
    /// <param name="layout">Layer structure; its neuron count is the number of columns.</param>
    /// <param name="tokens">Optional token string per row.</param>
    /// <param name="sentenceIndices">Optional non-decreasing sentence index per row.</param>
    /// <returns>The activation set.</returns>
    /// <exception cref="ArgumentException">A length does not match, or a value is NaN or infinite (the message names row and neuron).</exception>
    public static ActivationSet Create(float[] values, int rows, LayerLayout layout, IReadOnlyList<string>? tokens = null, IReadOnlyList<int>? sentenceIndices = null)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return Create(values, rows, layout, Enumerable.Range(0, layout.Neurons).ToArray(), tokens, sentenceIndices);
    }

    /// <summary>
    /// Creates a set whose columns are the given global neuron ids of <paramref name="layout"/> (a slice).
    /// </summary>
    /// <param name="values">Row-major values; length must be rows · neuronIds.Count.</param>
    /// <param name="rows">Number of rows.</param>
    /// <param name="layout">Layer structure of the model.</param>
    /// <param name="neuronIds">Strictly ascending global ids in [0, layout.Neurons).</param>
    /// <param name="tokens">Optional token string per row.</param>
    /// <param name="sentenceIndices">Optional non-decreasing sentence index per row.</param>
    /// <returns>The activation set.</returns>
    /// <exception cref="ArgumentException">A length does not match, ids are not ascending, or a value is not finite.</exception>
    public static ActivationSet Create(float[] values, int rows, LayerLayout layout, IReadOnlyList<int> neuronIds, IReadOnlyList<string>? tokens = null, IReadOnlyList<int>? sentenceIndices = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(neuronIds);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        var ids = neuronIds.ToArray();
        if (ids.Length == 0) throw new ArgumentException("An activation set needs at least one neuron.", nameof(neuronIds));
        for (int i = 0; i < ids.Length; i++)
        {
            if (ids[i] < 0 || ids[i] >= layout.Neurons)
                throw new ArgumentException($"neuronIds[{i}] = {ids[i]} is outside [0, {layout.Neurons}) for layout {layout.Layers}×{layout.NeuronsPerLayer}.", nameof(neuronIds));
            if (i > 0 && ids[i] <= ids[i - 1])
                throw new ArgumentException($"neuronIds must be strictly ascending: neuronIds[{i - 1}] = {ids[i - 1]}, neuronIds[{i}] = {ids[i]}.", nameof(neuronIds));
        }
        long expected = (long)rows * ids.Length;
        if (values.LongLength != expected)
            throw new ArgumentException($"values has {values.LongLength} elements but {rows} rows × {ids.Length} neurons need {expected}.", nameof(values));
        string[]? tok = tokens?.ToArray();
        if (tok is not null && tok.Length != rows)
            throw new ArgumentException($"tokens has {tok.Length} entries but there are {rows} rows.", nameof(tokens));
        int[]? sent = sentenceIndices?.ToArray();
        if (sent is not null)
        {
            if (sent.Length != rows)
                throw new ArgumentException($"sentenceIndices has {sent.Length} entries but there are {rows} rows.", nameof(sentenceIndices));
            for (int r = 0; r < sent.Length; r++)
            {
                if (sent[r] < 0 || (r > 0 && sent[r] < sent[r - 1]))
                    throw new ArgumentException($"sentenceIndices must be non-negative and non-decreasing; row {r} has {sent[r]}.", nameof(sentenceIndices));
            }
        }
        EnsureFinite(values, ids);
        return new ActivationSet(values, rows, layout, ids, tok, sent);
    }

    private static void EnsureFinite(float[] values, int[] ids)
    {
        int n = ids.Length;
        int bad = Numerics.FiniteCheck.IndexOfNonFinite(values);
        if (bad >= 0)
        {
            int row = bad / n, col = bad % n;
            throw new ArgumentException($"Activation at row {row}, neuron {ids[col]} (column {col}) is {values[bad]}; activations must be finite.", "values");
        }
    }

    /// <summary>Global ids of the columns of <paramref name="layers"/>, ascending.</summary>
    /// <param name="layers">Layer indices in [0, L).</param>
    /// <returns>The ids present in this set that belong to those layers.</returns>
    public int[] NeuronIdsOfLayers(IEnumerable<int> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var set = new HashSet<int>();
        foreach (int l in layers)
        {
            if (l < 0 || l >= Layout.Layers)
                throw new ArgumentOutOfRangeException(nameof(layers), l, $"Layer {l} is outside [0, {Layout.Layers}).");
            set.Add(l);
        }
        return _neuronIds.Where(id => set.Contains(id / Layout.NeuronsPerLayer)).ToArray();
    }

    /// <summary>A new set keeping only the columns of <paramref name="layers"/>.</summary>
    /// <param name="layers">Layer indices in [0, L).</param>
    /// <returns>The slice (values copied).</returns>
    public ActivationSet SelectLayers(params int[] layers) => SelectNeurons(NeuronIdsOfLayers(layers));

    /// <summary>A new set keeping only the columns whose global ids are in <paramref name="neuronIds"/>.</summary>
    /// <param name="neuronIds">Global neuron ids present in this set (any order; the result is ascending).</param>
    /// <returns>The slice (values copied), rows and metadata unchanged.</returns>
    /// <exception cref="ArgumentException">An id is not a column of this set.</exception>
    public ActivationSet SelectNeurons(IEnumerable<int> neuronIds)
    {
        ArgumentNullException.ThrowIfNull(neuronIds);
        var wanted = neuronIds.Distinct().Order().ToArray();
        if (wanted.Length == 0) throw new ArgumentException("Select at least one neuron.", nameof(neuronIds));
        var cols = new int[wanted.Length];
        for (int i = 0; i < wanted.Length; i++)
        {
            int c = Array.BinarySearch(_neuronIds, wanted[i]);
            if (c < 0) throw new ArgumentException($"Neuron {wanted[i]} is not in this activation set ({Neurons} neurons).", nameof(neuronIds));
            cols[i] = c;
        }
        int n = Neurons, m = cols.Length;
        var result = new float[(long)Rows * m];
        for (int r = 0; r < Rows; r++)
        {
            var src = _values.AsSpan(r * n, n);
            var dst = result.AsSpan(r * m, m);
            for (int j = 0; j < m; j++) dst[j] = src[cols[j]];
        }
        return new ActivationSet(result, Rows, Layout, wanted, _tokens, _sentenceIndices);
    }

    /// <summary>A new set with the consecutive rows [<paramref name="start"/>, start + count) (values copied, metadata kept).</summary>
    /// <param name="start">First row.</param>
    /// <param name="count">Number of rows.</param>
    /// <returns>The rows.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The range is outside [0, Rows).</exception>
    public ActivationSet SelectRows(int start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (start + (long)count > Rows) throw new ArgumentOutOfRangeException(nameof(count), $"Rows [{start}, {start + (long)count}) are outside the set's {Rows} rows.");
        int n = Neurons;
        var values = _values.AsSpan(start * n, count * n).ToArray();
        return new ActivationSet(values, count, Layout, _neuronIds, _tokens?[start..(start + count)], _sentenceIndices?[start..(start + count)]);
    }

    /// <summary>A stream over the rows of this set, for APIs that consume activations chunk by chunk.</summary>
    /// <returns>A stream; disposing it does not affect this set.</returns>
    public IActivationStream OpenStream() => new InMemoryActivationStream(this);

    private sealed class InMemoryActivationStream(ActivationSet set) : IActivationStream
    {
        private int _next;
        public LayerLayout Layout => set.Layout;
        public IReadOnlyList<int> NeuronIds => set.NeuronIds;
        public long? RowCount => set.Rows;
        public int Read(Span<float> destination)
        {
            int n = set.Neurons;
            int rows = Math.Min(destination.Length / n, set.Rows - _next);
            if (rows <= 0) return 0;
            set._values.AsSpan(_next * n, rows * n).CopyTo(destination);
            _next += rows;
            return rows;
        }
        public void Dispose() { }
    }
}
