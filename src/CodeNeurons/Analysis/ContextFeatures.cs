using CodeNeurons.Data;

namespace CodeNeurons.Analysis;

/// <summary>
/// One-hot features of a row's neighbouring tokens, the input of the context-only baseline: for each offset
/// d ∈ −R … −1, 1 … R, one column "no token" (past the sentence's edge), one column "other word" and one column per word
/// of that offset's vocabulary (its most frequent training neighbours, ties in ordinal order). The row's own token is
/// never a feature. Deterministic: the vocabulary depends on the training windows only.
/// </summary>
internal sealed class ContextFeatures
{
    private readonly Dictionary<string, int>[] _vocabulary;
    private readonly int[] _offsets;
    private readonly int[] _firstColumn;

    private ContextFeatures(int[] offsets, Dictionary<string, int>[] vocabulary)
    {
        _offsets = offsets;
        _vocabulary = vocabulary;
        _firstColumn = new int[offsets.Length];
        int next = 0;
        for (int k = 0; k < offsets.Length; k++)
        {
            _firstColumn[k] = next;
            next += 2 + vocabulary[k].Count;
        }
        Columns = next;
    }

    /// <summary>Feature columns: Σ over offsets of (2 + vocabulary size).</summary>
    public int Columns { get; }

    /// <summary>The offsets, −R … −1, 1 … R.</summary>
    public IReadOnlyList<int> Offsets => _offsets;

    /// <summary>The vocabulary of the k-th offset, word → index (column = first column + 2 + index).</summary>
    public IReadOnlyDictionary<string, int> Vocabulary(int k) => _vocabulary[k];

    /// <summary>Builds the vocabularies from the training windows.</summary>
    public static ContextFeatures Fit(TokenNeighbours train, ContextBaselineOptions options)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.Radius > train.Radius)
            throw new ArgumentException($"The context baseline's radius {options.Radius} exceeds the neighbours' radius {train.Radius}.", nameof(options));
        var offsets = Enumerable.Range(-options.Radius, 2 * options.Radius + 1).Where(d => d != 0).ToArray();
        var vocabulary = new Dictionary<string, int>[offsets.Length];
        for (int k = 0; k < offsets.Length; k++)
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int r = 0; r < train.Rows; r++)
                if (train[r, offsets[k]] is { } w) counts[w] = counts.GetValueOrDefault(w) + 1;
            vocabulary[k] = counts.Where(c => c.Value >= options.MinCount)
                .OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(options.MaxVocabulary)
                .Select((c, i) => (c.Key, i)).ToDictionary(p => p.Key, p => p.i, StringComparer.Ordinal);
        }
        return new ContextFeatures(offsets, vocabulary);
    }

    /// <summary>The column that is 1 for row <paramref name="row"/> at the k-th offset.</summary>
    public int ColumnOf(TokenNeighbours windows, int row, int k)
    {
        var word = windows[row, _offsets[k]];
        if (word is null) return _firstColumn[k];
        return _vocabulary[k].TryGetValue(word, out int i) ? _firstColumn[k] + 2 + i : _firstColumn[k] + 1;
    }

    /// <summary>The rows' features as activations (one flat layer of <see cref="Columns"/> "neurons", 0/1 values).</summary>
    public ActivationSet Transform(TokenNeighbours windows, IReadOnlyList<string>? tokens = null)
    {
        ArgumentNullException.ThrowIfNull(windows);
        if (windows.Radius < _offsets[^1])
            throw new ArgumentException($"The windows' radius {windows.Radius} is smaller than the features' {_offsets[^1]}.", nameof(windows));
        var values = new float[(long)windows.Rows * Columns];
        for (int r = 0; r < windows.Rows; r++)
            for (int k = 0; k < _offsets.Length; k++)
                values[(long)r * Columns + ColumnOf(windows, r, k)] = 1f;
        return ActivationSet.Create(values, windows.Rows, LayerLayout.Flat(Columns), tokens);
    }
}
