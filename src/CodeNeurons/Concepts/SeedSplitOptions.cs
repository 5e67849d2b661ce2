namespace CodeNeurons.Concepts;

/// <summary>
/// Options of <see cref="SeedSplitDatasetBuilder"/>: the seed paper's token-tagging selection over separate train,
/// valid and test files (Sharma et al. 2023, <c>run_neurox.py</c> with <c>selectTrain</c> and <c>selectBasedOnTrain</c>).
/// </summary>
public sealed record SeedSplitOptions
{
    /// <summary>The classes probed, in label-id order (required).</summary>
    public IReadOnlyList<string> Classes { get; init; } = [];

    /// <summary>Training tokens per class (the seed: 2,000 Java, 5,000 Python).</summary>
    public int TrainPerClass { get; init; } = 2000;

    /// <summary>Dev tokens per class, from the valid file (the seed: 270 Java).</summary>
    public int ValidPerClass { get; init; } = 270;

    /// <summary>Test tokens per class, from the test file (the seed: 340 Java).</summary>
    public int TestPerClass { get; init; } = 340;

    /// <summary>
    /// Closed classes whose training tokens come only from these words (the seed's <c>special_class_split["train"]</c>).
    /// Valid and test tokens of every class are the strings never selected for training, so their held-out words are
    /// whatever else the files hold for the class.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> TrainWords { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>
    /// Classes whose training tokens whose string never occurs with that class in the valid or test file are taken
    /// first (the seed's <c>priority_list = ["NUMBER"]</c>), so the probe trains on numbers it will not see again.
    /// </summary>
    public IReadOnlyList<string> PriorityClasses { get; init; } = [];
}
