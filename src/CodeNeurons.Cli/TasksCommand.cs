using System.CommandLine;
using CodeNeurons.Tasks;

namespace CodeNeurons.Cli;

/// <summary><c>codeneurons tasks</c>: snippet-level task data (defect detection, clone detection, code search).</summary>
internal static class TasksCommand
{
    public static Command Create()
    {
        var command = new Command("tasks", "Snippet-level task data in CodeXGLUE's formats: generate it from Python sources (make) or check files (check).");
        command.Subcommands.Add(Make());
        command.Subcommands.Add(Check());
        return command;
    }

    internal static CodeTask Parse(string name) => name switch
    {
        "defect" => CodeTask.DefectDetection,
        "clone" => CodeTask.CloneDetection,
        "search" => CodeTask.CodeSearch,
        _ => throw new ArgumentException($"--task is '{name}'; use defect, clone or search."),
    };

    private static Command Make()
    {
        var task = new Option<string>("--task", "-t") { Required = true, Description = "defect, clone or search." };
        task.AcceptOnlyFromAmong("defect", "clone", "search");
        var from = new Option<string>("--from") { Required = true, Description = "Folder of Python sources (e.g. /usr/lib/python3.11)." };
        var output = new Option<string>("--output", "-o") { Required = true, Description = "Output folder (created; the task's files are replaced)." };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => PaperSplits.DalviSeed, Description = "Seed of every random choice." };
        var max = new Option<int>("--max-functions") { DefaultValueFactory = _ => 1000, Description = "Most functions used (two examples each)." };
        var label = new Option<string?>("--source-label") { Description = "How the README names the source (default: the folder)." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print nothing but errors." };
        var command = new Command("make", "Generate a task from Python sources in CodeXGLUE's file formats (deterministic for a seed).") { task, from, output, seed, max, label, quiet };
        command.SetAction((p, ct) => Task.FromResult(Program.Guard(() =>
        {
            var generator = new TaskGenerator(new TaskGenerationOptions { Seed = p.GetValue(seed), MaxFunctions = p.GetValue(max), SourceLabel = p.GetValue(label) });
            var r = generator.Generate(Parse(p.GetValue(task)!), p.GetValue(from)!, p.GetValue(output)!, ct);
            if (!p.GetValue(quiet))
                Console.WriteLine($"{r.Task}: {r.Functions} of {r.CandidateFunctions} candidate functions from {r.SourceFiles} files; {r.Train} / {r.Valid} / {r.Test} examples; wrote {string.Join(", ", r.Files)} in {p.GetValue(output)}.");
            return 0;
        })));
        return command;
    }

    private static Command Check()
    {
        var task = new Option<string>("--task", "-t") { Required = true, Description = "defect, clone or search." };
        task.AcceptOnlyFromAmong("defect", "clone", "search");
        var files = new Argument<string[]>("files") { Arity = ArgumentArity.OneOrMore, Description = "defect: .jsonl files; clone: pair files (data.jsonl beside them); search: .json files." };
        var answers = new Option<string?>("--answers") { Description = "search: WebQuery's answers file (idx<TAB>label) for a file without labels." };
        var command = new Command("check", "Read CodeXGLUE task files strictly and print their sizes and label counts (bad rows are errors naming file and line).") { task, files, answers };
        command.SetAction((p, ct) => Task.FromResult(Program.Guard(() =>
        {
            var kind = Parse(p.GetValue(task)!);
            foreach (var f in p.GetValue(files)!)
            {
                ct.ThrowIfCancellationRequested();
                var labels = kind switch
                {
                    CodeTask.DefectDetection => CodeXGlueReader.ReadDefectDetection(f).ToClassLabels(),
                    CodeTask.CloneDetection => CodeXGlueReader.ReadCloneDetection(f).ToClassLabels(kind),
                    _ => CodeXGlueReader.ReadCodeSearch(f, p.GetValue(answers)).ToClassLabels(kind),
                };
                var counts = labels.Counts();
                Console.WriteLine($"{f}: {labels.Count} examples, {labels.ClassNames[0]} {counts[0]}, {labels.ClassNames[1]} {counts[1]}.");
            }
            return 0;
        })));
        return command;
    }
}
