using System.CommandLine;
using CodeNeurons.Analysis;
using CodeNeurons.Reporting;
using CodeNeurons.Torch.Analysis;

namespace CodeNeurons.Cli;

/// <summary><c>codeneurons ccfs</c>: the task-specific redundancy pipeline from a JSON config (<see cref="CcfsConfigRunner"/>).</summary>
internal static class CcfsCommand
{
    public static Command Create()
    {
        var config = new Option<string>("--config", "-c") { Description = "The JSON config (data, pipeline options); see docs/ccfs.md.", Required = true };
        var output = new Option<string>("--output", "-o") { DefaultValueFactory = _ => "report.json", Description = "Where to write the JSON report." };
        var seed = new Option<int?>("--seed") { Description = "Override pipeline.seed of the config." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print nothing but errors." };
        var command = new Command("ccfs", "Dalvi et al.'s task-specific redundancy pipeline: oracle, layer selection, clustering, minimal neuron sets, LS+CC+LCA, selectivity.")
        {
            config, output, seed, quiet,
        };
        command.SetAction((p, ct) => Task.FromResult(Program.Guard(() => Run(p.GetValue(config)!, p.GetValue(output)!, p.GetValue(seed), p.GetValue(quiet), ct))));
        return command;
    }

    private static int Run(string configPath, string output, int? seed, bool quiet, CancellationToken ct)
    {
        var outputDir = Path.GetDirectoryName(Path.GetFullPath(output))!;
        if (!Directory.Exists(outputDir)) throw new DirectoryNotFoundException($"The output folder '{outputDir}' does not exist (--output {output}).");
        var config = CcfsConfigFile.Load(configPath);
        var log = quiet ? null : Console.Error;
        var report = CcfsConfigRunner.Run(config, seed, log is null ? null : new SynchronousProgress<CcfsConfigProgress>(p => Show(log, p)), null, ct);
        log?.WriteLine();
        report.Save(output);
        // The best combination's probe beside the report: `codeneurons compact` builds a compact model from the two.
        report.BestProbe?.Save(CcfsReport.BestProbePath(output));
        if (!quiet)
        {
            CcfsReportText.Write(report, Console.Out);
            Console.WriteLine(report.BestProbe is null ? $"Wrote {output}." : $"Wrote {output} and {CcfsReport.BestProbePath(output)} (the best combination's probe).");
        }
        return 0;
    }

    private static void Show(TextWriter log, CcfsConfigProgress p)
    {
        if (p.Completed) log.WriteLine($"\r{(p.Stage == CcfsConfigStage.Extraction ? "  " : "")}{p.Detail}");
        else if (p.Pipeline is { } s) log.Write($"\r  {s.Stage,-28} {StepText.Clip(s.Detail, 60),-60}");
        else if (p.Stage == CcfsConfigStage.Extraction) log.Write($"\r  extracting {p.Done}/{p.Total?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} sentences");
    }
}
