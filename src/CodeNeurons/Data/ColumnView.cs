namespace CodeNeurons.Data;

/// <summary>A row-major matrix that reads a contiguous column range of one row; <see cref="ColumnView"/> builds every view on it.</summary>
internal interface IRowStore
{
    LayerLayout Layout { get; }
    IReadOnlyList<int> NeuronIds { get; }
    int Rows { get; }
    void ReadRange(int row, int firstColumn, Span<float> destination);
}

/// <summary>
/// A column subset of an <see cref="IRowStore"/>: the columns are grouped into segments (runs whose gaps are at most
/// <see cref="MaxGap"/> columns), each read with one range read per row and gathered, so a view of a few scattered
/// columns reads little more than those columns.
/// </summary>
internal sealed class ColumnView : IActivationRows
{
    /// <summary>Columns skipped inside one range read rather than starting a new one (4 KiB of float32).</summary>
    internal const int MaxGap = 1024;

    private readonly IRowStore _store;
    private readonly int[]? _columns;
    private readonly int[] _ids;
    private readonly (int First, int Length, int Start, int End)[] _segments; // store range; columns [Start, End) of this view
    private readonly int _scratch;

    internal ColumnView(IRowStore store, int[]? columns)
    {
        _store = store;
        _columns = columns;
        var all = store.NeuronIds;
        _ids = columns is null ? [.. all] : columns.Select(c => all[c]).ToArray();
        var segments = new List<(int, int, int, int)>();
        if (columns is not null)
        {
            int start = 0;
            for (int i = 1; i <= columns.Length; i++)
            {
                if (i < columns.Length && columns[i] - columns[i - 1] - 1 <= MaxGap) continue;
                segments.Add((columns[start], columns[i - 1] - columns[start] + 1, start, i));
                start = i;
            }
        }
        _segments = [.. segments];
        _scratch = _segments.Length == 0 ? 0 : _segments.Max(s => s.Length == s.End - s.Start ? 0 : s.Length);
    }

    public LayerLayout Layout => _store.Layout;
    public IReadOnlyList<int> NeuronIds => _ids;
    public int Rows => _store.Rows;

    public void ReadRows(ReadOnlySpan<int> rows, Span<float> destination)
    {
        int m = _ids.Length;
        if (destination.Length < (long)rows.Length * m)
            throw new ArgumentException($"destination holds {destination.Length} values but {rows.Length} rows × {m} neurons need {(long)rows.Length * m}.", nameof(destination));
        var scratch = _scratch > 0 ? new float[_scratch] : null;
        for (int i = 0; i < rows.Length; i++)
        {
            int r = rows[i];
            if ((uint)r >= (uint)Rows) throw new ArgumentOutOfRangeException(nameof(rows), r, $"rows[{i}] = {r} is outside [0, {Rows}).");
            var dst = destination.Slice(i * m, m);
            if (_columns is null)
            {
                _store.ReadRange(r, 0, dst);
                continue;
            }
            foreach (var (first, length, start, end) in _segments)
            {
                if (length == end - start)
                {
                    _store.ReadRange(r, first, dst[start..end]); // contiguous: straight into place
                    continue;
                }
                var s = scratch.AsSpan(0, length);
                _store.ReadRange(r, first, s);
                for (int j = start; j < end; j++) dst[j] = s[_columns[j] - first];
            }
        }
    }

    public IActivationRows SelectNeurons(IReadOnlyList<int> neuronIds)
    {
        ArgumentNullException.ThrowIfNull(neuronIds);
        if (neuronIds.Count == 0) throw new ArgumentException("Select at least one neuron.", nameof(neuronIds));
        var wanted = neuronIds.Order().ToArray();
        var columns = new int[wanted.Length];
        for (int i = 0; i < wanted.Length; i++)
        {
            if (i > 0 && wanted[i] == wanted[i - 1]) throw new ArgumentException($"Neuron {wanted[i]} is selected twice.", nameof(neuronIds));
            int c = Array.BinarySearch(_ids, wanted[i]);
            if (c < 0) throw new ArgumentException($"Neuron {wanted[i]} is not in these rows ({_ids.Length} neurons).", nameof(neuronIds));
            columns[i] = _columns?[c] ?? c;
        }
        return new ColumnView(_store, columns);
    }
}
