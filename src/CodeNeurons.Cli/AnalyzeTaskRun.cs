using System.Diagnostics;
using System.Globalization;
using CodeNeurons.Analysis;
using CodeNeurons.Data;
using CodeNeurons.Lexing;
using CodeNeurons.Tasks;
using CodeNeurons.Torch.Extraction;
using CodeNeurons.Torch.Models;
using CodeNeurons.Torch.Training;
using CodeNeurons.Workflows;

namespace CodeNeurons.Cli;

/// <summary><c>codeneurons analyze --task</c>: <see cref="SnippetAnalysisWorkflow"/> over a task folder.</summary>
internal static class AnalyzeTaskRun
{
    internal sealed record TaskSettings(CodeTask Task, string Data, CodeLanguage Language, bool PaperSplit, string? SplitsFolder, PairInput PairInput = PairInput.Separate, int? MaxLength = null);

    /// <summary>The snippet-task settings, or null for the token analysis; bad combinations are errors naming the options.</summary>
    internal static TaskSettings? Settings(
        string? task, string? data, bool hasInputs, string language, bool paperSplit, string? splitsFolder, string? pairInput = null, int? maxLength = null)
    {
        if (task is null)
        {
            if (data is not null) throw new ArgumentException("--data needs --task (defect, clone or search).");
            if (paperSplit) throw new ArgumentException("--paper-split needs --task (defect, clone or search).");
            if (splitsFolder is not null) throw new ArgumentException("--save-splits needs --task (defect, clone or search).");
            if (pairInput is not null) throw new ArgumentException("--pair-input needs --task clone or search.");
            if (maxLength is not null) throw new ArgumentException("--max-length needs --task (defect, clone or search).");
            return null;
        }
        if (hasInputs) throw new ArgumentException("--input and --task exclude each other: --input analyses token concepts of code files, --task a snippet-level task in --data.");
        if (data is null) throw new ArgumentException($"--task {task} needs --data: the task's folder.");
        var codeTask = TasksCommand.Parse(task);
        if (pairInput is not null && codeTask == CodeTask.DefectDetection)
            throw new ArgumentException($"--pair-input {pairInput} applies to the pair tasks (clone, search); --task defect has one snippet per example.");
        if (maxLength is < 1) throw new ArgumentException($"--max-length is {maxLength}; it must be at least 1.");
        return new TaskSettings(codeTask, data, language == "java" ? CodeLanguage.Java : CodeLanguage.Python, paperSplit, splitsFolder,
            pairInput == "joint" ? PairInput.Joint : PairInput.Separate, maxLength);
    }

    /// <summary>
    /// Loads the data, runs the workflow with the model and writes the outputs. The cut: <c>--max-length</c>, else CodeXGLUE's
    /// input lengths (398 subwords for defect and clone, 198 for search) or, for joint pair inputs, the fine-tuning's default of
    /// 256 tokens — or the model's limit when lower.
    /// </summary>
    internal static CcfsReport Run(TaskSettings t, string? model, AnalyzeOutputs outputs, int seed, string device, IStepDisplay? display, CancellationToken ct)
    {
        var total = Stopwatch.StartNew();
        outputs.Validate();
        if (t.SplitsFolder is { } f && !Directory.Exists(f)) throw new DirectoryNotFoundException($"The --save-splits folder '{f}' does not exist.");
        var examples = SnippetTaskData.Load(t.Task, t.Data, t.PaperSplit);
        int wanted = t.PairInput == PairInput.Joint ? new FineTuningOptions().MaxLength : t.Task == CodeTask.CodeSearch ? 198 : 398;
        var load = new ModelLoadOptions(device);
        SnippetRepresentations Open(int? max) => model is null
            ? SnippetRepresentations.LoadMiniLm(new() { MaxLength = max, PairInput = t.PairInput }, load)
            : SnippetRepresentations.Load(model, new() { MaxLength = max, PairInput = t.PairInput }, load);
        var reps = Open(t.MaxLength); // --max-length, else the model's own limit when below the default
        if (t.MaxLength is null && reps.MaxLength > wanted)
        {
            reps.Dispose();
            reps = Open(wanted);
        }
        string name = (model ?? "all-MiniLM-L6-v2 (embedded)") + (t.PairInput == PairInput.Joint ? $" (inputs of at most {reps.MaxLength} tokens)" : "");
        var workflow = new SnippetAnalysisWorkflow(new SnippetAnalyzeOptions { Seed = seed, Language = t.Language, ModelName = name });
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
