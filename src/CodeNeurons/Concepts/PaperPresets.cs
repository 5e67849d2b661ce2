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

    /// <summary>The paper's Python token-tagging classes, in label-id order.</summary>
    public static IReadOnlyList<string> PythonClasses { get; } = ["NAME", "STRING", "NUMBER", "KEYWORD"];

    /// <summary>
    /// The Python keyword list of the seed authors' scripts, in their order (<c>keyword_list</c> of Sharma et al.'s
    /// repository). It is split by position: train = the first 17, valid = the next 8, test = the rest. The scripts write
    /// <c>'async''elif'</c> without a comma, which Python joins into one string <c>"asyncelif"</c> that matches no token,
    /// so <c>async</c> and <c>elif</c> are in no list; this list keeps that entry as written.
    /// </summary>
    public static IReadOnlyList<string> PythonKeywordList { get; } =
    [
        "False", "await", "else", "import", "pass", "None", "break", "except", "in", "raise", "True", "class", "finally",
        "is", "return", "and", "continue", "for", "lambda", "try", "as", "def", "from", "nonlocal", "while", "assert", "del",
        "global", "not", "with", "asyncelif", "if", "or", "yield",
    ];

    /// <summary>
    /// The paper's four-class Python dataset: NAME, STRING, NUMBER, KEYWORD; 5,000 / 540 / 365 tokens per class for
    /// train / valid / test; lexically disjoint splits; KEYWORD split by the seed's rule: train words
    /// <c>PythonKeywordList[..17]</c>, valid words <c>[17..25]</c>, test words <c>[25..]</c> (so <c>async</c> and
    /// <c>elif</c>, lost in the seed's list, are dropped). Seed 0. Label the code with <c>codeneurons label --language python</c>
    /// (KEYWORD split from NAME by the lexer); <c>data/python-token-tagging</c> holds such a corpus.
    /// </summary>
    public static ProbingDatasetOptions PythonFourClasses { get; } = new()
    {
        Classes = PythonClasses,
        TrainPerClass = 5000,
        ValidPerClass = 540,
        TestPerClass = 365,
        LexicallyDisjoint = true,
        ClosedClassSplits = new Dictionary<string, ClosedClassWords>(StringComparer.Ordinal)
        {
            ["KEYWORD"] = new(Train: PythonKeywordList.Take(17).ToArray(), Test: PythonKeywordList.Skip(25).Where(w => w != "asyncelif").ToArray(),
                Valid: PythonKeywordList.Skip(17).Take(8).ToArray()),
        },
        Seed = 0,
    };

    /// <summary>The preset names a config file may give (<c>data.corpus.preset</c>).</summary>
    public static IReadOnlyList<string> Names { get; } = ["java-six-classes", "python-four-classes"];

    /// <summary>The preset of a name in <see cref="Names"/>.</summary>
    /// <param name="name">A preset name.</param>
    /// <returns>The dataset options.</returns>
    /// <exception cref="ArgumentException">An unknown name (the message lists the known ones).</exception>
    public static ProbingDatasetOptions ByName(string name) => name switch
    {
        "java-six-classes" => JavaSixClasses,
        "python-four-classes" => PythonFourClasses,
        _ => throw new ArgumentException($"The preset '{name}' is unknown; the presets are {string.Join(", ", Names)}.", nameof(name)),
    };

    /// <summary>
    /// The seed script's Python keyword list (<c>run_neurox.py</c>, <c>keyword_list_python</c>, in its order; its
    /// missing comma joins <c>async</c> and <c>elif</c>). For Java it trains KEYWORD on the Java keywords among the first
    /// 18 entries (<c>keyword_list_python[:18]</c>: else, import, break, class, finally, return, continue, for …) and
    /// holds the rest out.
    /// </summary>
    public static IReadOnlyList<string> SeedPythonKeywordList => PythonKeywordList;

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
