namespace CodeNeurons.Concepts;

/// <summary>Options of <see cref="ProbingDatasetBuilder.Build"/>. Defaults are the paper's counts.</summary>
public sealed record ProbingDatasetOptions
{
    /// <summary>The classes (labels) to keep, in label-id order; empty means every label of the data, sorted ordinally.</summary>
    public IReadOnlyList<string> Classes { get; init; } = [];

    /// <summary>Train tokens per class (the paper: 2,000).</summary>
    public int TrainPerClass { get; init; } = 2000;

    /// <summary>Valid tokens per class (the paper: 270).</summary>
    public int ValidPerClass { get; init; } = 270;

    /// <summary>Test tokens per class (the paper: 340).</summary>
    public int TestPerClass { get; init; } = 340;

    /// <summary>
    /// When true (default), every word type (token string) is assigned to one split, so no valid or test token string
    /// occurs in train and no test token string occurs in valid (except closed-class valid tokens drawn from train
    /// words, see <see cref="ClosedClassWords.Valid"/>). When false, open-class tokens are sampled from one pool.
    /// </summary>
    public bool LexicallyDisjoint { get; init; } = true;

    /// <summary>Word lists per closed class (class name → lists); the class must be one of <see cref="Classes"/>.</summary>
    public IReadOnlyDictionary<string, ClosedClassWords> ClosedClassSplits { get; init; } = new Dictionary<string, ClosedClassWords>();

    /// <summary>What to do when a class has too few tokens for a split (default: throw).</summary>
    public ShortfallPolicy Shortfall { get; init; } = ShortfallPolicy.Throw;

    /// <summary>Seed of the word-type assignment and the sampling.</summary>
    public int Seed { get; init; }
}
