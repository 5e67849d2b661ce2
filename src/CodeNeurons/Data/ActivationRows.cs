namespace CodeNeurons.Data;

/// <summary>Creates and reads <see cref="IActivationRows"/>.</summary>
public static class ActivationRows
{
    /// <summary>A row reader over an in-memory set (a view: nothing is copied).</summary>
    /// <param name="set">The activations.</param>
    /// <returns>Rows that read <paramref name="set"/>'s values.</returns>
    public static IActivationRows Of(ActivationSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        return new ColumnView(new SetStore(set), null);
    }

    /// <summary>Reads every row into one in-memory set (rows · neurons floats): use it for small column views only.</summary>
    /// <param name="rows">The rows.</param>
    /// <param name="chunkRows">Rows read per call (≥ 1).</param>
    /// <returns>The activations (no tokens or sentence indices).</returns>
    /// <exception cref="ArgumentException">rows · neurons exceed one array.</exception>
    public static ActivationSet ReadAll(IActivationRows rows, int chunkRows = 256)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkRows, 1);
        int n = rows.NeuronIds.Count;
        long total = (long)rows.Rows * n;
        if (total > Array.MaxLength)
            throw new ArgumentException($"{rows.Rows} rows × {n} neurons ({total} values) exceed one array; select fewer neurons first.", nameof(rows));
        var values = new float[total];
        ForEachChunk(rows, chunkRows, (start, count) => rows.ReadRows(Range(start, count), values.AsSpan((int)((long)start * n), count * n)));
        return ActivationSet.Create(values, rows.Rows, rows.Layout, rows.NeuronIds);
    }

    /// <summary>Calls <paramref name="body"/>(start, count) for consecutive chunks of at most <paramref name="chunkRows"/> rows.</summary>
    internal static void ForEachChunk(IActivationRows rows, int chunkRows, Action<int, int> body)
    {
        for (int start = 0; start < rows.Rows; start += chunkRows) body(start, Math.Min(chunkRows, rows.Rows - start));
    }

    /// <summary>The indices start, start + 1, …, start + count − 1.</summary>
    internal static int[] Range(int start, int count)
    {
        var r = new int[count];
        for (int i = 0; i < count; i++) r[i] = start + i;
        return r;
    }

    private sealed class SetStore(ActivationSet set) : IRowStore
    {
        public LayerLayout Layout => set.Layout;
        public IReadOnlyList<int> NeuronIds => set.NeuronIds;
        public int Rows => set.Rows;
        public void ReadRange(int row, int firstColumn, Span<float> destination) => set.Row(row).Slice(firstColumn, destination.Length).CopyTo(destination);
    }
}
