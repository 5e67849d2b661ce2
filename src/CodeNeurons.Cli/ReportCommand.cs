using System.CommandLine;
using System.Text.Json;
using CodeNeurons.Analysis;
using CodeNeurons.Reporting;

namespace CodeNeurons.Cli;

/// <summary><c>codeneurons report</c>: renders a JSON result (a CCFS report or a report document) as one self-contained HTML file.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var input = new Option<string>("--input", "-i") { Description = "A CCFS report (codeneurons ccfs / analyze --json) or a ReportDocument JSON file.", Required = true };
        var output = new Option<string>("--output", "-o") { DefaultValueFactory = _ => "report.html", Description = "The HTML file to write." };
        var title = new Option<string?>("--title") { Description = "The report's title." };
        var maxRows = new Option<int>("--max-table-rows") { DefaultValueFactory = _ => 50, Description = "Rows shown per neuron table (longer tables are capped with a note)." };
        var effects = new Option<string[]>("--effect") { Description = "effect.json files from `codeneurons intervene`, shown as \"Effect of the concept neurons\" (repeatable).", AllowMultipleArgumentsPerToken = true };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print nothing but errors." };
        var command = new Command("report", "Render a JSON result as a self-contained HTML report (tables, SVG plots, activation maps).")
        {
            input, output, title, maxRows, effects, quiet,
        };
        command.SetAction((p, ct) => Task.FromResult(Program.Guard(() =>
        {
            string path = p.GetValue(input)!, html = p.GetValue(output)!;
            var effectPaths = p.GetValue(effects) ?? [];
            CodeNeurons.Formats.OutputGuard.EnsureNotInput(html, "--output", [("--input", path), .. effectPaths.Select(e => ("--effect", (string?)e))]);
            var dir = Path.GetDirectoryName(Path.GetFullPath(html))!;
            if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"The output folder '{dir}' does not exist (--output {html}).");
            var document = Read(path);
            if (p.GetValue(title) is { } t) document = document with { Title = t };
            if (effectPaths.Length > 0) document = document with { Effects = [.. document.Effects ?? [], .. effectPaths.Select(InterventionEffect.Load)] };
            HtmlReport.Save(document, html, new HtmlReportOptions { MaxTableRows = p.GetValue(maxRows) }, ct);
            if (!p.GetValue(quiet)) Console.WriteLine($"Wrote {html}.");
            return 0;
        })));
        return command;
    }

    /// <summary>Reads either kind of JSON result: a CCFS report has an "oracle" member.</summary>
    internal static ReportDocument Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"The input file '{path}' does not exist.", path);
        bool isCcfs;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{path}: expected a JSON object.");
            isCcfs = doc.RootElement.TryGetProperty("oracle", out _);
            if (!isCcfs) CodeNeurons.Formats.ReportInputCheck.RequireReportDocument(doc.RootElement, path);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: not valid JSON ({ex.Message}).", ex);
        }
        return isCcfs ? ReportDocuments.FromCcfs(CcfsReport.Load(path), model: Path.GetFileName(path)) : ReportDocument.Load(path);
    }
}
