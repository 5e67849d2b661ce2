namespace CodeNeurons.Concepts;

/// <summary>Dataset options that reproduce the paper (Sharma et al. 2023, "Redundancy and Concept Analysis for Code-trained Language Models").</summary>
public static class PaperPresets
{
    /// <summary>The paper's Java token-tagging classes, in label-id order.</summary>
    public static IReadOnlyList<string> JavaClasses { get; } = ["MODIFIER", "IDENT", "KEYWORD", "TYPE", "NUMBER", "STRING"];

    /// <summary>
    /// The paper's six-class Java dataset: MODIFIER, IDENT, KEYWORD, TYPE, NUMBER, STRING; 2,000 / 270 / 340 tokens
    /// per class for train / valid / test; lexically disjoint splits; MODIFIER split into train words
    /// <c>static protected volatile private public</c> and test words <c>synchronized final default</c>, TYPE into train
    /// words <c>boolean long short byte int</c> and test words <c>double char float</c> (valid tokens of both come from
    /// their train words, which the paper does not specify). Seed 0.
    /// </summary>
    /// <remarks>The paper's <c>train.in</c>/<c>train.label</c> alone have enough tokens (the scarcest: 2,030 TYPE test-word
    /// tokens, 4,101 MODIFIER ones). Read them with <see cref="TokenSeparator.Space"/>: some string literals hold tabs.</remarks>
    public static ProbingDatasetOptions JavaSixClasses { get; } = new()
    {
        Classes = JavaClasses,
        TrainPerClass = 2000,
        ValidPerClass = 270,
        TestPerClass = 340,
        LexicallyDisjoint = true,
        ClosedClassSplits = new Dictionary<string, ClosedClassWords>(StringComparer.Ordinal)
        {
            ["MODIFIER"] = new(Train: ["static", "protected", "volatile", "private", "public"], Test: ["synchronized", "final", "default"]),
            ["TYPE"] = new(Train: ["boolean", "long", "short", "byte", "int"], Test: ["double", "char", "float"]),
        },
        Seed = 0,
    };
}
