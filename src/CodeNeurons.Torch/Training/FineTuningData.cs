using CodeNeurons.Tasks;

namespace CodeNeurons.Torch.Training;

/// <summary>
/// Train, dev and (optional) test examples of one snippet-level task (see docs/tasks.md), with the task's class names.
/// </summary>
/// <param name="Task">The task: defect detection (snippets), clone detection or code search (pairs).</param>
/// <param name="Train">Training examples (not empty).</param>
/// <param name="Dev">Dev examples, which choose the best epoch (not empty).</param>
/// <param name="Test">Test examples scored with the best epoch's weights, or null.</param>
public sealed record FineTuningData(CodeTask Task, IReadOnlyList<ClassificationExample> Train, IReadOnlyList<ClassificationExample> Dev, IReadOnlyList<ClassificationExample>? Test)
{
    /// <summary>The class names, in id order (<see cref="TaskLabels.ClassNames"/>).</summary>
    public IReadOnlyList<string> ClassNames => TaskLabels.ClassNames(Task);

    /// <summary>Whether the task classifies pairs (clone detection, code search).</summary>
    public bool IsPairTask => Task != CodeTask.DefectDetection;

    /// <summary>
    /// Reads a task folder in CodeXGLUE's formats, as <c>codeneurons tasks make</c> writes it and <c>data/tasks/</c> ships it:
    /// defect <c>train/valid/test.jsonl</c>; clone <c>train/valid/test.txt</c> with <c>data.jsonl</c>; search
    /// <c>train/valid/test.json</c>. The test file is optional.
    /// </summary>
    /// <param name="task">The task.</param>
    /// <param name="folder">The folder.</param>
    /// <returns>The examples.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">The train or valid file is missing (the message names it).</exception>
    /// <exception cref="InvalidDataException">A file is malformed (the reader names file and line).</exception>
    public static FineTuningData Load(CodeTask task, string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"Task folder '{folder}' does not exist.");
        string ext = task switch
        {
            CodeTask.DefectDetection => ".jsonl",
            CodeTask.CloneDetection => ".txt",
            CodeTask.CodeSearch => ".json",
            _ => throw new ArgumentOutOfRangeException(nameof(task), $"Unknown task {task}; use DefectDetection, CloneDetection or CodeSearch."),
        };
        IReadOnlyList<ClassificationExample> Read(string split)
        {
            string path = Path.Combine(folder, split + ext);
            if (!File.Exists(path)) throw new FileNotFoundException($"Task folder '{folder}' has no {split}{ext} (a {TaskGenerator.TaskName(task)} folder needs train{ext} and valid{ext}; test{ext} is optional).", path);
            return task switch
            {
                CodeTask.DefectDetection => FromSnippets(CodeXGlueReader.ReadDefectDetection(path)),
                CodeTask.CloneDetection => FromPairs(CodeXGlueReader.ReadCloneDetection(path)),
                _ => FromPairs(CodeXGlueReader.ReadCodeSearch(path)),
            };
        }
        var train = Read("train");
        var dev = Read("valid");
        var test = File.Exists(Path.Combine(folder, "test" + ext)) ? Read("test") : null;
        return new FineTuningData(task, train, dev, test);
    }

    /// <summary>Defect-detection records (<see cref="SnippetExample"/>) as examples.</summary>
    /// <param name="examples">The records.</param>
    /// <returns>One example per record.</returns>
    public static IReadOnlyList<ClassificationExample> FromSnippets(IReadOnlyList<SnippetExample> examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        return examples.Select(e => new ClassificationExample(e.Code, null, e.Label)).ToArray();
    }

    /// <summary>Clone-detection or code-search records (<see cref="PairExample"/>) as examples (First, Second).</summary>
    /// <param name="examples">The records.</param>
    /// <returns>One example per record.</returns>
    public static IReadOnlyList<ClassificationExample> FromPairs(IReadOnlyList<PairExample> examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        return examples.Select(e => new ClassificationExample(e.First, e.Second, e.Label)).ToArray();
    }

    /// <summary>Checks the examples against the task: not empty, texts present, pairs where the task needs them, labels in range.</summary>
    internal void Validate()
    {
        int classes = ClassNames.Count;
        void Check(IReadOnlyList<ClassificationExample>? set, string name, bool required)
        {
            if (set is null)
            {
                if (required) throw new ArgumentException($"The {name} set is missing.", "data");
                return;
            }
            if (set.Count == 0) throw new ArgumentException($"The {name} set is empty.", "data");
            for (int i = 0; i < set.Count; i++)
            {
                var e = set[i] ?? throw new ArgumentException($"{name} example {i} is null.", "data");
                if (e.Label < 0 || e.Label >= classes)
                    throw new ArgumentException($"{name} example {i} has label {e.Label}, outside [0, {classes}) for {Task} ({string.Join(", ", ClassNames)}).", "data");
                if (e.First is null) throw new ArgumentException($"{name} example {i} has no text.", "data");
                if (IsPairTask && e.Second is null) throw new ArgumentException($"{name} example {i} has no second text; {Task} classifies pairs.", "data");
                if (!IsPairTask && e.Second is not null) throw new ArgumentException($"{name} example {i} is a pair; {Task} classifies single snippets.", "data");
            }
        }
        Check(Train, "train", true);
        Check(Dev, "dev", true);
        Check(Test, "test", false);
    }
}
