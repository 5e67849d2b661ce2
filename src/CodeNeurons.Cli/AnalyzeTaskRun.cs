using System.Diagnostics;
using System.Globalization;
using CodeNeurons.Analysis;
using CodeNeurons.Lexing;
using CodeNeurons.Tasks;
using CodeNeurons.Torch.Extraction;
using CodeNeurons.Torch.Models;
using CodeNeurons.Workflows;

namespace CodeNeurons.Cli;

/// <summary><c>codeneurons analyze --task</c>: <see cref="SnippetAnalysisWorkflow"/> over a task folder.</summary>
internal static class AnalyzeTaskRun
{
    internal sealed record TaskSettings(CodeTask Task, string Data, CodeLanguage Language, bool PaperSplit, string? SplitsFolder);

    /// <summary>The snippet-task settings, or null for the token analysis; bad combinations are errors naming the options.</summary>
    internal static TaskSettings? Settings(string? task, string? data, bool hasInputs, string language, bool paperSplit, string? splitsFolder)
    {
        if (task is null)
        {
            if (data is not null) throw new ArgumentException("--data needs --task (defect, clone or search).");
            if (paperSplit) throw new ArgumentException("--paper-split needs --task (defect, clone or search).");
            if (splitsFolder is not null) throw new ArgumentException("--save-splits needs --task (defect, clone or search).");
            return null;
        }
        if (hasInputs) throw new ArgumentException("--input and --task exclude each other: --input analyses token concepts of code files, --task a snippet-level task in --data.");
        if (data is null) throw new ArgumentException($"--task {task} needs --data: the task's folder.");
        return new TaskSettings(TasksCommand.Parse(task), data, language == "java" ? CodeLanguage.Java : CodeLanguage.Python, paperSplit, splitsFolder);
    }

    /// <summary>Loads the data, runs the workflow with the model (CodeXGLUE's input lengths, 398 subwords for defect and clone and 198 for search, or the model's limit when lower) and writes the outputs.</summary>
    internal static CcfsReport Run(TaskSettings t, string? model, AnalyzeOutputs outputs, int seed, string device, IStepDisplay? display, CancellationToken ct)
    {
        var total = Stopwatch.StartNew();
        outputs.Validate();
        if (t.SplitsFolder is { } f && !Directory.Exists(f)) throw new DirectoryNotFoundException($"The --save-splits folder '{f}' does not exist.");
        var examples = SnippetTaskData.Load(t.Task, t.Data, t.PaperSplit);
        var workflow = new SnippetAnalysisWorkflow(new SnippetAnalyzeOptions { Seed = seed, Language = t.Language, ModelName = model ?? "all-MiniLM-L6-v2 (embedded)" });
        int wanted = t.Task == CodeTask.CodeSearch ? 198 : 398;
        var load = new ModelLoadOptions(device);
        SnippetRepresentations Open(int? max) => model is null
            ? SnippetRepresentations.LoadMiniLm(new() { MaxLength = max }, load) : SnippetRepresentations.Load(model, new() { MaxLength = max }, load);
        var reps = Open(null); // the model's own limit, when below CodeXGLUE's length
        if (reps.MaxLength > wanted)
        {
            reps.Dispose();
            reps = Open(wanted);
        }
        SnippetAnalyzeResult result;
        using (reps)
            result = workflow.Run(examples, reps, display is null ? null : new SynchronousProgress<AnalyzeProgress>(p => AnalyzeCommand.Show(display, p)), ct);
        result.Save(outputs, ct);
        if (t.SplitsFolder is { } folder) result.SaveSplits(folder);
        display?.End(string.Create(CultureInfo.InvariantCulture,
            $"[4/4] wrote {outputs.HtmlPath}{(outputs.JsonPath is null ? "" : $" and {outputs.JsonPath}")} in {total.Elapsed.TotalSeconds:F1} s."));
        return result.Report;
    }
}
