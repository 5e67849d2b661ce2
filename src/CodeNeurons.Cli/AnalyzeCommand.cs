using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CodeNeurons.Analysis;
using CodeNeurons.Concepts;
using CodeNeurons.Data;
using CodeNeurons.Reporting;
using CodeNeurons.Torch.Extraction;
using CodeNeurons.Workflows;

namespace CodeNeurons.Cli;

/// <summary><c>codeneurons analyze</c>: <see cref="CodeAnalysisWorkflow"/> over files or the built-in corpus, with progress and the table.</summary>
internal static class AnalyzeCommand
{
    public static Command Create()
    {
        var input = new Option<string[]>("--input", "-i") { Description = "Java (.java) and Python (.py) files; omit for the built-in corpus written for CodeNeurons.", AllowMultipleArgumentsPerToken = true };
        var model = new Option<string?>("--model", "-m") { Description = "A Hugging Face model folder; omit for the embedded all-MiniLM-L6-v2." };
        var output = new Option<string>("--output", "-o") { DefaultValueFactory = _ => "report.html", Description = "The HTML report." };
        var json = new Option<string?>("--json") { Description = "Also write the CCFS report (JSON) here; `codeneurons report` renders it again." };
        var perClass = new Option<int>("--per-class") { DefaultValueFactory = _ => 150, Description = "Training tokens per class (dev and test get a quarter each)." };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 0, Description = "Seed of the dataset, probes and control task." };
        var device = new Option<string>("--device") { DefaultValueFactory = _ => "cpu", Description = "cpu or cuda for the model." };
        var svgFolder = new Option<string?>("--svg-folder") { Description = "Also write each concept neuron's activation map as a standalone SVG (neuron-ID.svg) in this existing folder." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print nothing but errors." };
        var task = new Option<string?>("--task", "-t") { Description = "A snippet-level task instead of token concepts: defect, clone or search (with --data)." };
        task.AcceptOnlyFromAmong("defect", "clone", "search");
        var data = new Option<string?>("--data") { Description = "With --task: the task's folder (as `codeneurons tasks make` writes it or CodeXGLUE distributes it)." };
        var language = new Option<string>("--language") { DefaultValueFactory = _ => "python", Description = "With --task: the code's language for the snippet concepts (python, java; C is lexed as java)." };
        language.AcceptOnlyFromAmong("python", "java");
        var paperSplit = new Option<bool>("--paper-split") { Description = "With --task: Dalvi's 90/10 split of train and valid as test, even when a test file exists." };
        var splits = new Option<string?>("--save-splits") { Description = "With --task: also write the train/dev/test representations and labels as raw folders here (for `codeneurons ccfs`)." };
        var pairInput = new Option<string?>("--pair-input") { Description = "With --task clone or search: separate (default; each text encoded alone, [u; v] per layer) or joint (each pair one input, as `codeneurons finetune` builds it)." };
        pairInput.AcceptOnlyFromAmong("separate", "joint");
        var maxLength = new Option<int?>("--max-length") { Description = "With --task: the cut. Separate: text subwords per input (default 398 defect/clone, 198 search). Joint: tokens per pair input, specials included, as finetune's --max-length (default 256)." };
        var command = new Command("analyze", "Label code, run the model over it, find redundant and concept neurons (CCFS pipeline, CKA) and write an HTML report; with --task, the same for a snippet-level task.")
        {
            input, model, output, json, perClass, seed, device, svgFolder, quiet, task, data, language, paperSplit, splits, pairInput, maxLength,
        };
        command.SetAction((p, ct) => Task.FromResult(Program.Guard(() =>
        {
            var outputs = new AnalyzeOutputs { HtmlPath = p.GetValue(output)!, JsonPath = p.GetValue(json), SvgFolder = p.GetValue(svgFolder) };
            var inputs = p.GetValue(input) ?? [];
            var snippet = AnalyzeTaskRun.Settings(p.GetValue(task), p.GetValue(data), inputs.Length > 0, p.GetValue(language)!, p.GetValue(paperSplit), p.GetValue(splits),
                p.GetValue(pairInput), p.GetValue(maxLength));
            CcfsReport Body(IStepDisplay? display) => snippet is { } t
                ? AnalyzeTaskRun.Run(t, p.GetValue(model), outputs, p.GetValue(seed), p.GetValue(device)!, display, ct)
                : Run(inputs, p.GetValue(model), outputs, p.GetValue(perClass), p.GetValue(seed), p.GetValue(device)!, display, ct);
            if (p.GetValue(quiet))
            {
                Body(null);
                return 0;
            }
            // Bars on a terminal, plain lines when stderr goes to a file or a pipe (CI logs, tests); the step results stay on stderr.
            // The table goes to stdout once the steps are done.
            var report = StepDisplay.Run(AnalyzeProgress.Steps, Body);
            CcfsReportText.Write(report, Console.Out);
            return 0;
        })));
        return command;
    }

    private static CcfsReport Run(string[] inputs, string? model, AnalyzeOutputs outputs, int perClass, int seed, string device, IStepDisplay? display, CancellationToken ct)
    {
        var total = Stopwatch.StartNew();
        outputs.Validate();
        var workflow = new CodeAnalysisWorkflow(new AnalyzeOptions { PerClass = perClass, Seed = seed, ModelName = model ?? "all-MiniLM-L6-v2 (embedded)" });
        var corpus = inputs.Length == 0 ? CodeCorpus.BuiltIn() : CodeCorpus.FromFiles(inputs);
        var extraction = new TransformerExtractionOptions { Aggregation = TokenAggregation.Last, Device = device, BatchSize = 16 };
        AnalyzeResult result;
        using (var source = model is null ? TransformerActivationSource.LoadMiniLm(extraction) : TransformerActivationSource.Load(model, extraction))
            result = workflow.Run(corpus, source, display is null ? null : new SynchronousProgress<AnalyzeProgress>(p => Show(display, p)), ct);
        result.Save(outputs, ct);
        display?.End(string.Create(CultureInfo.InvariantCulture,
            $"[4/4] wrote {outputs.HtmlPath}{(outputs.JsonPath is null ? "" : $" and {outputs.JsonPath}")} in {total.Elapsed.TotalSeconds:F1} s."));
        return result.Report;
    }

    /// <summary>A stage's start, steps and result on the display; the last stage ends once the files are written.</summary>
    internal static void Show(IStepDisplay display, AnalyzeProgress p)
    {
        if (p.Completed)
        {
            if (p.Stage != AnalyzeStage.Report) display.End($"[{p.Step}/{AnalyzeProgress.Steps}] {p.Detail}");
        }
        else if (p.Done == 0) display.Begin(p.Step, p.Detail, p.Total);
        else display.Advance(p.Done, p.Detail);
    }
}
