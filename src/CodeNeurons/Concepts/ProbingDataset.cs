using CodeNeurons.Data;
namespace CodeNeurons.Concepts;

/// <summary>A probing dataset: train, valid and test splits over the same classes. Immutable.</summary>
public sealed class ProbingDataset
{
    internal ProbingDataset(ProbingSplit train, ProbingSplit valid, ProbingSplit test, ProbingDatasetOptions options, IReadOnlyDictionary<string, DatasetSplit> wordTypeSplits)
    {
        Train = train;
        Valid = valid;
        Test = test;
        Options = options;
        WordTypeSplits = wordTypeSplits;
    }

    /// <summary>The training split.</summary>
    public ProbingSplit Train { get; }

    /// <summary>The validation split.</summary>
    public ProbingSplit Valid { get; }

    /// <summary>The test split.</summary>
    public ProbingSplit Test { get; }

    /// <summary>The class names (label id k is <c>ClassNames[k]</c>), the same for all splits.</summary>
    public IReadOnlyList<string> ClassNames => Train.ClassNames;

    /// <summary>Gathers the three splits' rows from activations over the dataset's tokens (all from source 0).</summary>
    /// <param name="activations">Activations with one row per labelled token, in the tokens' order.</param>
    /// <returns>Train, dev (the valid split) and test (null when the dataset has no test rows), checked.</returns>
    /// <exception cref="ArgumentException">The activations do not match the labelled tokens, or a split is empty.</exception>
    public ProbingData ToProbingData(ActivationSet activations) => ToProbingData([activations]);

    /// <summary>Gathers the three splits' rows from one activation set per source.</summary>
    /// <param name="sources">One activation set per source index, all with the same columns.</param>
    /// <returns>Train, dev (the valid split) and test (null when the dataset has no test rows), checked.</returns>
    /// <exception cref="ArgumentException">The activations do not match the labelled tokens, or a split is empty.</exception>
    public ProbingData ToProbingData(IReadOnlyList<ActivationSet> sources) =>
        new(Train.ToActivations(sources), Valid.ToActivations(sources), Test.Count == 0 ? null : Test.ToActivations(sources));

    /// <summary>
    /// Adds to each split of <paramref name="data"/> the tokens around its rows in their sentences
    /// (<see cref="LabeledActivations.Neighbours"/>), read from the tokens the dataset was built from; the input of the
    /// context-only baseline.
    /// </summary>
    /// <param name="data">This dataset's activations (e.g. from <see cref="ToProbingData(ActivationSet)"/> or <see cref="ProbingExtraction"/>): train, dev = valid, test.</param>
    /// <param name="tokens">The labelled tokens the dataset was built from (every token of every sentence).</param>
    /// <param name="radius">Neighbours on each side (default 2).</param>
    /// <returns>The same data with neighbours on every split.</returns>
    /// <exception cref="ArgumentException">A split of <paramref name="data"/> has another row count, or a row's token is not in <paramref name="tokens"/>.</exception>
    public ProbingData WithNeighbours(ProbingData data, LabeledTokens tokens, int radius = 2)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentOutOfRangeException.ThrowIfLessThan(radius, 1);
        var position = new Dictionary<(int Source, int Row), int>(tokens.Count);
        for (int t = 0; t < tokens.Count; t++) position[(tokens.SourceIndices[t], tokens.RowIndices[t])] = t;
        // Sentence keys that also tell sources apart, so a neighbour never crosses into another file.
        var sentences = Enumerable.Range(0, tokens.Count).Select(t => ((long)tokens.SourceIndices[t] << 32) | (uint)tokens.SentenceIndices[t]).ToArray();
        var sentenceIds = new int[tokens.Count];
        for (int t = 1; t < tokens.Count; t++) sentenceIds[t] = sentences[t] == sentences[t - 1] ? sentenceIds[t - 1] : sentenceIds[t - 1] + 1;
        LabeledActivations Attach(LabeledActivations split, ProbingSplit rows)
        {
            if (split.Rows != rows.Count)
                throw new ArgumentException($"The {rows.Name} split has {rows.Count} rows but the activations have {split.Rows}.", nameof(data));
            var positions = new int[rows.Count];
            for (int i = 0; i < rows.Count; i++)
            {
                if (!position.TryGetValue((rows.SourceIndices[i], rows.RowIndices[i]), out int t) || !string.Equals(tokens.Tokens[t], rows.Tokens[i], StringComparison.Ordinal))
                    throw new ArgumentException($"Row {i} of the {rows.Name} split (token '{rows.Tokens[i]}') is not in the tokens given; pass the tokens the dataset was built from.", nameof(tokens));
                positions[i] = t;
            }
            return split with { Neighbours = TokenNeighbours.Gather(tokens.Tokens, sentenceIds, positions, radius) };
        }
        if ((data.Test is null) != (Test.Count == 0))
            throw new ArgumentException($"The dataset has {Test.Count} test rows but the data {(data.Test is null ? "has no test split" : "has one")}.", nameof(data));
        return new ProbingData(Attach(data.Train, Train), Attach(data.Dev, Valid), data.Test is null ? null : Attach(data.Test, Test));
    }

    /// <summary>The options the dataset was built with.</summary>
    public ProbingDatasetOptions Options { get; }

    /// <summary>
    /// The split each word type was assigned to when <see cref="ProbingDatasetOptions.LexicallyDisjoint"/> is set
    /// (closed-class train words whose valid tokens come from the same words map to <see cref="DatasetSplit.Train"/>);
    /// empty otherwise.
    /// </summary>
    public IReadOnlyDictionary<string, DatasetSplit> WordTypeSplits { get; }
}
