using CodeNeurons.Data;

namespace CodeNeurons.Concepts;

/// <summary>
/// One split of a probing dataset (train, valid or test): selected rows with a class id each, sorted by
/// (source, row). Immutable. <see cref="ToActivations(ActivationSet)"/> gathers the matching activation rows.
/// </summary>
public sealed class ProbingSplit
{
    private readonly string[] _classNames;
    private readonly int[] _labels;
    private readonly int[] _rows;
    private readonly int[] _sources;
    private readonly int[] _sentences;
    private readonly string[] _tokens;

    private ProbingSplit(string name, string[] classNames, int[] labels, int[] rows, int[] sources, int[] sentences, string[] tokens)
    {
        Name = name;
        _classNames = classNames;
        _labels = labels;
        _rows = rows;
        _sources = sources;
        _sentences = sentences;
        _tokens = tokens;
    }

    /// <summary>The split's name ("train", "valid", "test", or a caller's name).</summary>
    public string Name { get; }

    /// <summary>Number of rows.</summary>
    public int Count => _rows.Length;

    /// <summary>The class names; label id k means <c>ClassNames[k]</c>.</summary>
    public IReadOnlyList<string> ClassNames => _classNames;

    /// <summary>The label id of each row (the <c>y</c> of a probe).</summary>
    public IReadOnlyList<int> Labels => _labels;

    /// <summary>The row index of each row in its activation set.</summary>
    public IReadOnlyList<int> RowIndices => _rows;

    /// <summary>The source (activation set) index of each row; see <see cref="LabeledTokens.Concat"/>.</summary>
    public IReadOnlyList<int> SourceIndices => _sources;

    /// <summary>The sentence index of each row in its source.</summary>
    public IReadOnlyList<int> SentenceIndices => _sentences;

    /// <summary>The token string of each row.</summary>
    public IReadOnlyList<string> Tokens => _tokens;

    /// <summary>The number of rows of a class.</summary>
    /// <param name="className">A class name.</param>
    /// <returns>The count (0 for a name that is not a class).</returns>
    public int CountOf(string className)
    {
        int k = Array.IndexOf(_classNames, className);
        return k < 0 ? 0 : _labels.Count(l => l == k);
    }

    /// <summary>The class name of each row.</summary>
    /// <returns>One name per row.</returns>
    public string[] LabelNames() => _labels.Select(l => _classNames[l]).ToArray();

    /// <summary>
    /// Creates a split from rows of <paramref name="source"/>; the rows are sorted by (source, row).
    /// </summary>
    /// <param name="name">The split's name.</param>
    /// <param name="source">The labelled rows.</param>
    /// <param name="indices">Indices into <paramref name="source"/> (positions, not row indices), distinct.</param>
    /// <param name="labels">The label id of each index.</param>
    /// <param name="classNames">Class names for the label ids.</param>
    /// <returns>The split.</returns>
    /// <exception cref="ArgumentException">Lengths differ, an index repeats or is out of range, or a label id is out of range.</exception>
    public static ProbingSplit Create(string name, LabeledTokens source, IReadOnlyList<int> indices, IReadOnlyList<int> labels, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(classNames);
        if (indices.Count != labels.Count)
            throw new ArgumentException($"There are {indices.Count} indices but {labels.Count} labels.", nameof(labels));
        if (classNames.Count == 0) throw new ArgumentException("Give at least one class name.", nameof(classNames));
        var seen = new HashSet<int>();
        for (int i = 0; i < indices.Count; i++)
        {
            if ((uint)indices[i] >= (uint)source.Count)
                throw new ArgumentException($"Index {indices[i]} is outside [0, {source.Count}).", nameof(indices));
            if (!seen.Add(indices[i])) throw new ArgumentException($"Index {indices[i]} appears twice.", nameof(indices));
            if ((uint)labels[i] >= (uint)classNames.Count)
                throw new ArgumentException($"Label id {labels[i]} is outside [0, {classNames.Count}).", nameof(labels));
        }
        var order = Enumerable.Range(0, indices.Count)
            .OrderBy(i => source.SourceIndices[indices[i]]).ThenBy(i => source.RowIndices[indices[i]]).ToArray();
        return new ProbingSplit(
            name,
            classNames.ToArray(),
            order.Select(i => labels[i]).ToArray(),
            order.Select(i => source.RowIndices[indices[i]]).ToArray(),
            order.Select(i => source.SourceIndices[indices[i]]).ToArray(),
            order.Select(i => source.SentenceIndices[indices[i]]).ToArray(),
            order.Select(i => source.Tokens[indices[i]]).ToArray());
    }

    /// <summary>The same rows with other label ids (e.g. a control task's labels).</summary>
    /// <param name="labels">One label id per row, in this split's row order.</param>
    /// <param name="classNames">Class names for the new ids; this split's names when null.</param>
    /// <returns>The relabelled split.</returns>
    public ProbingSplit WithLabels(IReadOnlyList<int> labels, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var names = classNames?.ToArray() ?? _classNames;
        if (labels.Count != Count) throw new ArgumentException($"The split has {Count} rows but {labels.Count} labels were given.", nameof(labels));
        var y = labels.ToArray();
        foreach (int l in y)
            if ((uint)l >= (uint)names.Length) throw new ArgumentException($"Label id {l} is outside [0, {names.Length}).", nameof(labels));
        return new ProbingSplit(Name, names, y, _rows, _sources, _sentences, _tokens);
    }

    /// <summary>Gathers this split's rows from a single activation set (all rows must have source index 0).</summary>
    /// <param name="activations">The activations the rows index.</param>
    /// <returns>The activations (rows in this split's order) with their labels.</returns>
    public LabeledActivations ToActivations(ActivationSet activations)
    {
        ArgumentNullException.ThrowIfNull(activations);
        return ToActivations([activations]);
    }

    /// <summary>
    /// Gathers this split's rows from the activation sets of its sources (<c>sources[k]</c> for source index k).
    /// </summary>
    /// <param name="sources">One activation set per source index, all with the same columns.</param>
    /// <returns>The activations (rows in this split's order, tokens and sentence indices kept; with several sources,
    /// sentences are renumbered 0, 1, … in order) with their labels.</returns>
    /// <exception cref="ArgumentException">A source is missing, the sets' columns differ, a row index is out of range,
    /// or a set's token at a row differs from this split's token.</exception>
    public LabeledActivations ToActivations(IReadOnlyList<ActivationSet> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        if (sources.Count == 0) throw new ArgumentException("Give at least one activation set.", nameof(sources));
        var first = sources[0];
        for (int k = 1; k < sources.Count; k++)
        {
            if (!sources[k].NeuronIds.SequenceEqual(first.NeuronIds) || sources[k].Layout != first.Layout)
                throw new ArgumentException($"Activation set {k} has other columns than activation set 0.", nameof(sources));
        }
        int n = first.Neurons;
        var values = new float[(long)Count * n];
        for (int i = 0; i < Count; i++)
        {
            int s = _sources[i], r = _rows[i];
            if (s >= sources.Count)
                throw new ArgumentException($"Row {i} of split '{Name}' comes from source {s} but only {sources.Count} activation set(s) were given.", nameof(sources));
            var set = sources[s];
            if (r >= set.Rows)
                throw new ArgumentException($"Row {i} of split '{Name}' is row {r} of source {s}, which has only {set.Rows} rows.", nameof(sources));
            if (set.Tokens is { } toks && !string.Equals(toks[r], _tokens[i], StringComparison.Ordinal))
                throw new ArgumentException($"Row {r} of source {s} has token '{toks[r]}' but split '{Name}' expects '{_tokens[i]}': the activations do not match the labelled tokens.", nameof(sources));
            set.Row(r).CopyTo(values.AsSpan(i * n, n));
        }
        int[] sentences;
        if (_sources.Distinct().Count() <= 1)
            sentences = _sentences;
        else
        {
            sentences = new int[Count];
            int next = -1;
            for (int i = 0; i < Count; i++)
            {
                if (i == 0 || _sources[i] != _sources[i - 1] || _sentences[i] != _sentences[i - 1]) next++;
                sentences[i] = next;
            }
        }
        var x = ActivationSet.Create(values, Count, first.Layout, first.NeuronIds, _tokens, sentences);
        return new LabeledActivations(x, ToClassLabels());
    }

    /// <summary>The labels of this split's rows, with its class names.</summary>
    /// <returns>The labels.</returns>
    public ClassLabels ToClassLabels() => ClassLabels.FromIds(_labels, _classNames);
}
