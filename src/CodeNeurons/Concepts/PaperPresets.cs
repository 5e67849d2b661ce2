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

    /// <summary>
    /// The seed script's Python keyword list (<c>run_neurox.py</c>, <c>keyword_list_python</c>, in its order; its
    /// missing comma joins <c>async</c> and <c>elif</c>). For Java it trains KEYWORD on the Java keywords among the first
    /// 18 entries (<c>keyword_list_python[:18]</c>: else, import, break, class, finally, return, continue, for …) and
    /// holds the rest out.
    /// </summary>
    public static IReadOnlyList<string> SeedPythonKeywordList { get; } =
        ["False", "await", "else", "import", "pass", "None", "break", "except", "in", "raise", "True", "class", "finally", "is", "return", "and",
         "continue", "for", "lambda", "try", "as", "def", "from", "nonlocal", "while", "assert", "del", "global", "not", "with", "asyncelif", "if", "or", "yield"];

    /// <summary>
    /// The paper protocol's Java dataset (<see cref="SeedSplitDatasetBuilder"/>): separate train / valid / test files,
    /// 2,000 / 270 / 340 tokens per class (12,000 / 1,620 / 2,040); KEYWORD trained on the words of
    /// <c>SeedPythonKeywordList[..18]</c>, MODIFIER on <c>static protected volatile private public</c>, TYPE on
    /// <c>boolean long short byte int</c>; unseen NUMBER tokens first in training; valid and test drop every string seen
    /// in train.
    /// </summary>
    public static SeedSplitOptions JavaSixClassesSeedSplits { get; } = new()
    {
        Classes = JavaClasses,
        TrainPerClass = 2000,
        ValidPerClass = 270,
        TestPerClass = 340,
        TrainWords = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            ["KEYWORD"] = SeedPythonKeywordList.Take(18).ToArray(),
            ["MODIFIER"] = ["static", "protected", "volatile", "private", "public"],
            ["TYPE"] = ["boolean", "long", "short", "byte", "int"],
        },
        PriorityClasses = ["NUMBER"],
    };
}
