namespace CodeNeurons.Tasks;

/// <summary>
/// One snippet-level task's examples in train / dev / test: single snippets (<see cref="CodeTask.DefectDetection"/>) or
/// pairs (<see cref="CodeTask.CloneDetection"/>, <see cref="CodeTask.CodeSearch"/>). <see cref="Load"/> reads a task
/// folder as <c>codeneurons tasks make</c> writes it, or as CodeXGLUE distributes it.
/// </summary>
public sealed record SnippetTaskData
{
    /// <summary>The task.</summary>
    public required CodeTask Task { get; init; }

    /// <summary>Defect detection's functions; null for the pair tasks.</summary>
    public TaskSplit<SnippetExample>? Snippets { get; init; }

    /// <summary>Clone detection's (function, function) or code search's (query, code) pairs; null for defect detection.</summary>
    public TaskSplit<PairExample>? Pairs { get; init; }

    /// <summary>Where the examples came from (the folder and how it was split), for the report.</summary>
    public string Description { get; init; } = "";

    /// <summary>Examples in train, dev and test.</summary>
    public (int Train, int Dev, int Test) Counts => Snippets is { } s ? (s.Train.Count, s.Dev.Count, s.Test.Count)
        : Pairs is { } p ? (p.Train.Count, p.Dev.Count, p.Test.Count) : (0, 0, 0);

    /// <summary>
    /// Reads a task folder. Files: defect <c>train.jsonl</c>, <c>valid.jsonl</c>, <c>test.jsonl</c>; clone <c>data.jsonl</c>
    /// with <c>train.txt</c>, <c>valid.txt</c>, <c>test.txt</c>; search <c>train.json</c>, <c>valid.json</c>, <c>test.json</c>.
    /// With a labelled test file, train / valid / test are train / dev / test (the generated data: module-disjoint splits);
    /// without one (or with <paramref name="paperSplit"/>), the paper's split: Dalvi's seeded 90/10 of train into train / dev,
    /// valid as test (<see cref="PaperSplits.Create{T}"/>).
    /// </summary>
    /// <param name="task">The task.</param>
    /// <param name="folder">The folder.</param>
    /// <param name="paperSplit">Use the paper's split even when a test file exists.</param>
    /// <param name="options">Reader limits; null for the defaults.</param>
    /// <returns>The data.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">A required file is missing (named, with the files the task needs).</exception>
    /// <exception cref="InvalidDataException">A bad row (the readers name file and line).</exception>
    public static SnippetTaskData Load(CodeTask task, string folder, bool paperSplit = false, CodeXGlueReadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"The task folder '{folder}' does not exist.");
        var (ext, needs) = task switch
        {
            CodeTask.DefectDetection => (".jsonl", "train.jsonl, valid.jsonl and optionally test.jsonl"),
            CodeTask.CloneDetection => (".txt", "data.jsonl, train.txt, valid.txt and optionally test.txt"),
            CodeTask.CodeSearch => (".json", "train.json, valid.json and optionally test.json"),
            _ => throw new ArgumentOutOfRangeException(nameof(task), task, "DefectDetection, CloneDetection or CodeSearch."),
        };
        string File(string name, bool required)
        {
            var path = Path.Combine(folder, name + ext);
            if (required && !System.IO.File.Exists(path))
                throw new FileNotFoundException($"{path} is missing; a {task} folder holds {needs}.", path);
            return path;
        }
        string train = File("train", true), valid = File("valid", true), test = File("test", false);
        bool useTest = !paperSplit && System.IO.File.Exists(test);
        string how = useTest ? "train / valid / test files as train / dev / test" : $"Dalvi's 90/10 split of train (seed {PaperSplits.DalviSeed}), valid as test";
        string description = $"{Path.GetFileName(Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar))} ({how})";
        if (task == CodeTask.DefectDetection)
        {
            IReadOnlyList<SnippetExample> Read(string p) => CodeXGlueReader.ReadDefectDetection(p, options);
            var split = useTest ? new TaskSplit<SnippetExample>(Read(train), Read(valid), Read(test)) : PaperSplits.Create(Read(train), Read(valid));
            return new SnippetTaskData { Task = task, Snippets = split, Description = description };
        }
        IReadOnlyList<PairExample> ReadPairs(string p) => task == CodeTask.CloneDetection
            ? CodeXGlueReader.ReadCloneDetection(p, options) : CodeXGlueReader.ReadCodeSearch(p, null, options);
        var pairs = useTest ? new TaskSplit<PairExample>(ReadPairs(train), ReadPairs(valid), ReadPairs(test)) : PaperSplits.Create(ReadPairs(train), ReadPairs(valid));
        return new SnippetTaskData { Task = task, Pairs = pairs, Description = description };
    }
}
