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
    /// <returns>Train, dev (the valid split) and test, checked.</returns>
    /// <exception cref="ArgumentException">The activations do not match the labelled tokens, or a split is empty.</exception>
    public ProbingData ToProbingData(ActivationSet activations) => ToProbingData([activations]);

    /// <summary>Gathers the three splits' rows from one activation set per source.</summary>
    /// <param name="sources">One activation set per source index, all with the same columns.</param>
    /// <returns>Train, dev (the valid split) and test, checked.</returns>
    /// <exception cref="ArgumentException">The activations do not match the labelled tokens, or a split is empty.</exception>
    public ProbingData ToProbingData(IReadOnlyList<ActivationSet> sources) =>
        new(Train.ToActivations(sources), Valid.ToActivations(sources), Test.ToActivations(sources));

    /// <summary>The options the dataset was built with.</summary>
    public ProbingDatasetOptions Options { get; }

    /// <summary>
    /// The split each word type was assigned to when <see cref="ProbingDatasetOptions.LexicallyDisjoint"/> is set
    /// (closed-class train words whose valid tokens come from the same words map to <see cref="DatasetSplit.Train"/>);
    /// empty otherwise.
    /// </summary>
    public IReadOnlyDictionary<string, DatasetSplit> WordTypeSplits { get; }
}
