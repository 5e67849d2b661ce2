using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CodeNeurons.Formats;

namespace CodeNeurons.Tasks;

/// <summary>
/// Builds the three snippet-level tasks of Sharma et al. from real Python code (e.g. CPython's standard library) in
/// CodeXGLUE's file formats, so that <see cref="CodeXGlueReader"/> reads them like the originals: defect detection
/// (a function and a single-mutation variant), clone detection (a function and a semantics-preserving rewrite versus a
/// function of similar length) and code search (a docstring and its own function versus another one). Deterministic for
/// <see cref="TaskGenerationOptions.Seed"/> and the same source files. See <c>docs/tasks.md</c>.
/// </summary>
public sealed class TaskGenerator
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly string[] SkippedFolders = ["test", "tests", "site-packages", "dist-packages", "__pycache__", "idle_test"];

    /// <summary>Creates a generator.</summary>
    /// <param name="options">Options; null for the defaults.</param>
    public TaskGenerator(TaskGenerationOptions? options = null)
    {
        Options = options ?? new TaskGenerationOptions();
        Options.Validate();
    }

    /// <summary>The options.</summary>
    public TaskGenerationOptions Options { get; }

    /// <summary>The functions of every <c>.py</c> file below <paramref name="sourceFolder"/> (folders named test, tests, site-packages, dist-packages, __pycache__ skipped), files in ordinal order of their relative paths.</summary>
    /// <param name="sourceFolder">The folder.</param>
    /// <param name="cancellationToken">Checked between files.</param>
    /// <returns>The functions, the files read and the files skipped.</returns>
    public static (IReadOnlyList<PythonFunction> Functions, int Files, int Skipped) FindFunctions(string sourceFolder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sourceFolder);
        if (!Directory.Exists(sourceFolder)) throw new DirectoryNotFoundException($"Source folder '{sourceFolder}' does not exist.");
        var root = Path.GetFullPath(sourceFolder);
        var files = Directory.EnumerateFiles(root, "*.py", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(r => !r.Split('/')[..^1].Any(d => SkippedFolders.Contains(d, StringComparer.Ordinal)))
            .Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0) throw new InvalidDataException($"Source folder '{sourceFolder}' has no .py files.");
        var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
        var result = new List<PythonFunction>();
        int skipped = 0;
        foreach (var rel in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string text;
            try { text = strict.GetString(File.ReadAllBytes(Path.Combine(root, rel))); }
            catch (DecoderFallbackException) { skipped++; continue; }
            var found = PythonCode.Find(rel, text);
            if (found.Count == 0 && PythonCode.Lexer.Tokenize(text).Diagnostics.Count > 0) skipped++;
            result.AddRange(found);
        }
        return (result, files.Count, skipped);
    }

    /// <summary>Generates <paramref name="task"/> from the Python files below <paramref name="sourceFolder"/> into <paramref name="outputFolder"/>, with a README.md recording the seed, source and counts.</summary>
    /// <param name="task">The task.</param>
    /// <param name="sourceFolder">Folder of Python sources.</param>
    /// <param name="outputFolder">Created if missing; the task's files are replaced.</param>
    /// <param name="cancellationToken">Checked between files and functions.</param>
    /// <returns>Counts and the files written.</returns>
    /// <exception cref="InvalidDataException">Too few usable functions (fewer than 10).</exception>
    public GeneratedTaskData Generate(CodeTask task, string sourceFolder, string outputFolder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outputFolder);
        var (functions, fileCount, skipped) = FindFunctions(sourceFolder, cancellationToken);
        var seenCode = new HashSet<string>(StringComparer.Ordinal);
        // Per task: the functions that fit the filters and the task's edit, prepared once.
        var candidates = new List<(PythonFunction F, string Code, string Partner, string Extra, int Tokens)>();
        int n = 0;
        foreach (var f in functions)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!seenCode.Add(f.Code)) continue;
            var tokens = PythonCode.CodeTokens(f.Code);
            if (tokens is null || tokens.Count < Options.MinCodeTokens || tokens.Count > Options.MaxCodeTokens) continue;
            int seed = Numerics.Seeds.Mix(Options.Seed, n++);
            switch (task)
            {
                case CodeTask.DefectDetection:
                    if (PythonRewrites.Mutate(f.Code, seed) is { } m) candidates.Add((f, f.Code, m.Code, m.Kind.ToString(), tokens.Count));
                    break;
                case CodeTask.CloneDetection:
                    if (PythonRewrites.Rewrite(f.Code, seed) is { } r) candidates.Add((f, f.Code, r, "", tokens.Count));
                    break;
                case CodeTask.CodeSearch:
                    if (PythonRewrites.SplitDocstring(f.Code) is { } d) candidates.Add((f, d.Code, d.Doc, "", tokens.Count));
                    break;
                default: throw new ArgumentOutOfRangeException(nameof(task), task, "Unknown task.");
            }
        }
        if (candidates.Count < 10) throw new InvalidDataException($"Only {candidates.Count} functions below '{sourceFolder}' fit the {task} filters; at least 10 are needed.");

        // Whole files to one split: files shuffled by the seed, at most MaxFunctionsPerFile each (chosen by the seed).
        var rng = new Random(Options.Seed);
        var byFile = candidates.GroupBy(c => c.F.File).Select(g => g.ToList()).ToArray();
        rng.Shuffle(byFile);
        int total = Math.Min(Options.MaxFunctions, candidates.Count);
        var splits = new List<(PythonFunction F, string Code, string Partner, string Extra, int Tokens)>[3] { [], [], [] };
        int used = 0;
        foreach (var file in byFile)
        {
            if (used >= total) break;
            var pick = file.ToArray();
            rng.Shuffle(pick);
            var take = pick.Take(Math.Min(Options.MaxFunctionsPerFile, total - used)).OrderBy(c => c.F.Line).ToList();
            int s = used < total * Options.TrainFraction ? 0 : used < total * (Options.TrainFraction + Options.ValidFraction) ? 1 : 2;
            splits[s].AddRange(take);
            used += take.Count;
        }
        if (splits.Any(s => s.Count < 2)) throw new InvalidDataException($"Only {used} functions were usable; every split needs at least 2 (lower MaxFunctionsPerFile or give more sources).");

        Directory.CreateDirectory(outputFolder);
        string[] names = ["train", "valid", "test"];
        var written = new List<string>();
        var counts = new int[3];
        switch (task)
        {
            case CodeTask.DefectDetection:
            {
                int idx = 0;
                for (int s = 0; s < 3; s++)
                {
                    var sb = new StringBuilder();
                    foreach (var c in splits[s])
                    {
                        string project = c.F.File;
                        sb.Append(JsonSerializer.Serialize(new DefectRow(project, $"{c.F.File}:{c.F.Line}:original", 0, c.Code, idx++), Json)).Append('\n');
                        sb.Append(JsonSerializer.Serialize(new DefectRow(project, $"{c.F.File}:{c.F.Line}:{c.Extra}", 1, c.Partner, idx++), Json)).Append('\n');
                        counts[s] += 2;
                    }
                    written.Add(Write(outputFolder, names[s] + ".jsonl", sb.ToString()));
                }
                break;
            }
            case CodeTask.CloneDetection:
            {
                var data = new StringBuilder();
                int next = 10000;
                for (int s = 0; s < 3; s++)
                {
                    var split = splits[s];
                    var ids = new (string Orig, string Clone)[split.Count];
                    for (int i = 0; i < split.Count; i++)
                    {
                        ids[i] = ((next++).ToString(IoUtil.Inv), (next++).ToString(IoUtil.Inv));
                        data.Append(JsonSerializer.Serialize(new CloneRow(split[i].Code, ids[i].Orig), Json)).Append('\n');
                        data.Append(JsonSerializer.Serialize(new CloneRow(split[i].Partner, ids[i].Clone), Json)).Append('\n');
                    }
                    // Non-clone partner: a function of similar length in the same split (neighbours in token-count order).
                    var byLength = Enumerable.Range(0, split.Count).OrderBy(i => split[i].Tokens).ThenBy(i => i).ToArray();
                    var rank = new int[split.Count];
                    for (int r = 0; r < byLength.Length; r++) rank[byLength[r]] = r;
                    var pairs = new StringBuilder();
                    for (int i = 0; i < split.Count; i++)
                    {
                        int r = rank[i], offset;
                        do offset = rng.Next(1, 4) * (rng.Next(2) == 0 ? -1 : 1);
                        while (r + offset < 0 || r + offset >= split.Count);
                        int j = byLength[r + offset];
                        pairs.Append(ids[i].Orig).Append('\t').Append(ids[i].Clone).Append("\t1\n");
                        pairs.Append(ids[i].Orig).Append('\t').Append(rng.Next(2) == 0 ? ids[j].Orig : ids[j].Clone).Append("\t0\n");
                        counts[s] += 2;
                    }
                    written.Add(Write(outputFolder, names[s] + ".txt", pairs.ToString()));
                }
                written.Insert(0, Write(outputFolder, "data.jsonl", data.ToString()));
                break;
            }
            default:
            {
                for (int s = 0; s < 3; s++)
                {
                    var split = splits[s];
                    var rows = new List<SearchRow>();
                    for (int i = 0; i < split.Count; i++)
                    {
                        var others = Enumerable.Range(0, split.Count).Where(k => split[k].Partner != split[i].Partner).ToArray();
                        if (others.Length == 0) throw new InvalidDataException($"Every function of the {names[s]} split has the docstring '{split[i].Partner}'; no negative example can be drawn.");
                        int j = others[rng.Next(others.Length)];
                        rows.Add(new SearchRow($"{names[s]}-{2 * i}", split[i].Partner, split[i].Code, 1));
                        rows.Add(new SearchRow($"{names[s]}-{2 * i + 1}", split[i].Partner, split[j].Code, 0));
                        counts[s] += 2;
                    }
                    written.Add(Write(outputFolder, names[s] + ".json", JsonSerializer.Serialize(rows, new JsonSerializerOptions(Json) { WriteIndented = true }) + "\n"));
                }
                break;
            }
        }
        var result = new GeneratedTaskData(task, fileCount, skipped, candidates.Count, used, counts[0], counts[1], counts[2], written);
        written.Add(Write(outputFolder, "README.md", Readme(result, sourceFolder)));
        return result;
    }

    private string Readme(GeneratedTaskData r, string source)
    {
        string what = r.Task switch
        {
            CodeTask.DefectDetection => "defect detection in CodeXGLUE Defect-detection's format (`train/valid/test.jsonl`: `project`, `commit_id`, `target`, `func`, `idx`): each function (target 0) and one single-token mutant of it (target 1; `commit_id` ends in the mutation kind)",
            CodeTask.CloneDetection => "clone detection in CodeXGLUE Clone-detection-BigCloneBench's format (`data.jsonl`: `func`, `idx`; `train/valid/test.txt`: `idx1<TAB>idx2<TAB>label`): each function with its semantics-preserving rewrite (label 1) and with a function of similar length or its rewrite (label 0)",
            _ => "code search in CodeXGLUE NL-code-search-WebQuery / CoSQA's format (`train/valid/test.json`: JSON arrays of `idx`, `doc`, `code`, `label`): each docstring summary with its own function, docstring removed (label 1), and with another function of the split (label 0)",
        };
        return $"""
            # Generated task data: {r.Task}

            {what}.

            Made by `codeneurons tasks make --task {TaskName(r.Task)} --from SOURCE --output DIR --seed {Options.Seed}` (CodeNeurons `TaskGenerator`).

            | setting | value |
            | --- | --- |
            | source | {Options.SourceLabel ?? source} |
            | seed | {Options.Seed} |
            | Python files read / skipped | {r.SourceFiles} / {r.SkippedFiles} |
            | candidate functions / used | {r.CandidateFunctions} / {r.Functions} |
            | code tokens per function | {Options.MinCodeTokens} to {Options.MaxCodeTokens} |
            | functions per file at most | {Options.MaxFunctionsPerFile} |
            | examples train / valid / test | {r.Train} / {r.Valid} / {r.Test} |

            Whole source files go to one split (shares {Options.TrainFraction:0.##} / {Options.ValidFraction:0.##} / rest of the functions), so no function's
            module is in two splits. The same source files and seed give the same bytes. See docs/tasks.md.

            """;
    }

    /// <summary>The CLI name of a task: <c>defect</c>, <c>clone</c> or <c>search</c>.</summary>
    /// <param name="task">The task.</param>
    /// <returns>The name.</returns>
    public static string TaskName(CodeTask task) => task switch
    {
        CodeTask.DefectDetection => "defect",
        CodeTask.CloneDetection => "clone",
        _ => "search",
    };

    private static string Write(string folder, string name, string text)
    {
        var bytes = new UTF8Encoding(false).GetBytes(text.ReplaceLineEndings("\n"));
        IoUtil.WriteAtomically(Path.Combine(folder, name), (FileStream s) => s.Write(bytes));
        return name;
    }

    private sealed record DefectRow(
        [property: System.Text.Json.Serialization.JsonPropertyName("project")] string Project,
        [property: System.Text.Json.Serialization.JsonPropertyName("commit_id")] string CommitId,
        [property: System.Text.Json.Serialization.JsonPropertyName("target")] int Target,
        [property: System.Text.Json.Serialization.JsonPropertyName("func")] string Func,
        [property: System.Text.Json.Serialization.JsonPropertyName("idx")] int Idx);

    private sealed record CloneRow(
        [property: System.Text.Json.Serialization.JsonPropertyName("func")] string Func,
        [property: System.Text.Json.Serialization.JsonPropertyName("idx")] string Idx);

    private sealed record SearchRow(
        [property: System.Text.Json.Serialization.JsonPropertyName("idx")] string Idx,
        [property: System.Text.Json.Serialization.JsonPropertyName("doc")] string Doc,
        [property: System.Text.Json.Serialization.JsonPropertyName("code")] string Code,
        [property: System.Text.Json.Serialization.JsonPropertyName("label")] int Label);
}
