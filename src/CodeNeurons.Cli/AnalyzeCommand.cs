using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using CodeNeurons.Concepts;
using CodeNeurons.Data;
using CodeNeurons.Interpretation;
using CodeNeurons.Lexing;
using CodeNeurons.Analysis;
using CodeNeurons.Reporting;
using CodeNeurons.Torch.Extraction;

namespace CodeNeurons.Cli;

/// <summary><c>codeneurons analyze</c>: label → extract → CCFS pipeline → CKA → HTML report, in one command.</summary>
internal static class AnalyzeCommand
{
    /// <summary>The concepts analysed: Java's IDENT and Python's NAME are one class.</summary>
    internal static readonly string[] Classes = ["IDENT", "KEYWORD", "NUMBER", "STRING"];

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
        var command = new Command("analyze", "Label code, run the model over it, find redundant and concept neurons (CCFS pipeline, CKA) and write an HTML report.")
        {
            input, model, output, json, perClass, seed, device, svgFolder, quiet,
        };
        command.SetAction((p, ct) => Task.FromResult(Program.Guard(() =>
        {
            CcfsReport Body(IStepDisplay? display) => Run(p.GetValue(input) ?? [], p.GetValue(model), p.GetValue(output)!, p.GetValue(json),
                p.GetValue(perClass), p.GetValue(seed), p.GetValue(device)!, p.GetValue(svgFolder), display, ct);
            if (p.GetValue(quiet))
            {
                Body(null);
                return 0;
            }
            // Bars on a terminal; plain lines when stderr goes to a file or a pipe (CI logs, tests). The table goes to stdout
            // once the bars are done.
            var report = Console.IsErrorRedirected
                ? Body(new PlainStepDisplay(Console.Error, 4))
                : SpectreStepDisplay.Run(Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings { Out = new Spectre.Console.AnsiConsoleOutput(Console.Error) }), 4, Body);
            CcfsCommand.PrintTable(report, Console.Out);
            return 0;
        })));
        return command;
    }

    /// <summary>The built-in corpus: Java and Python files written for the project, embedded in the tool.</summary>
    internal static IReadOnlyList<(string Name, string Text)> BuiltInCorpus()
    {
        var assembly = typeof(AnalyzeCommand).Assembly;
        const string prefix = "CodeNeurons.Cli.corpus.";
        var names = assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();
        if (names.Length == 0) throw new InvalidOperationException("The built-in corpus is missing from the tool.");
        return names.Select(n =>
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(n)!);
            return (n[prefix.Length..], reader.ReadToEnd());
        }).ToArray();
    }

    /// <summary>Labelled tokens of every file, one sentence per non-empty source line, Python's NAME relabelled IDENT.</summary>
    internal static LabeledTokens Label(IReadOnlyList<(string Name, string Text)> files, CancellationToken ct)
    {
        var tokens = new List<string>();
        var labels = new List<string>();
        var sentences = new List<int>();
        int sentence = 0;
        foreach (var (name, text) in files)
        {
            var ext = Path.GetExtension(name).ToLowerInvariant();
            var language = ext switch
            {
                ".java" => CodeLanguage.Java,
                ".py" => CodeLanguage.Python,
                _ => throw new ArgumentException($"{name}: only .java and .py files can be analysed (the extension picks the lexer)."),
            };
            var byLine = LabelCommand.LexByLine(language, JavaLabelScheme.Paper, text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text, [], [], ct);
            foreach (var line in byLine.Where(l => l.Count > 0))
            {
                foreach (var t in line)
                {
                    tokens.Add(t.Text);
                    labels.Add(t.Label == "NAME" ? "IDENT" : t.Label);
                    sentences.Add(sentence);
                }
                sentence++;
            }
        }
        if (tokens.Count == 0) throw new ArgumentException("The input has no code tokens.");
        return LabeledTokens.Create(tokens, labels, sentences);
    }

    private static CcfsReport Run(string[] inputs, string? model, string output, string? json, int perClass, int seed, string device, string? svgFolder,
        IStepDisplay? display, CancellationToken ct)
    {
        var total = Stopwatch.StartNew();
        if (svgFolder is not null && !Directory.Exists(svgFolder)) throw new DirectoryNotFoundException($"The SVG folder '{svgFolder}' does not exist (--svg-folder).");
        foreach (var path in new[] { output, json }.OfType<string>())
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
            if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"The output folder '{dir}' does not exist ({path}).");
        }
        if (perClass < 8) throw new ArgumentException($"--per-class {perClass}: at least 8 training tokens per class are needed.");
        var timings = new List<KeyValuePair<string, double>>();
        var clock = Stopwatch.StartNew();

        display?.Begin(1, "labelling code");
        var files = inputs.Length == 0 ? BuiltInCorpus() : inputs.Select(f => File.Exists(f)
            ? (Path.GetFileName(f), File.ReadAllText(f, new UTF8Encoding(false, throwOnInvalidBytes: true)))
            : throw new FileNotFoundException($"Input file '{f}' does not exist.", f)).ToArray();
        var labelled = Label(files, ct);
        var present = Classes.Where(c => labelled.Labels.Contains(c)).ToArray();
        if (present.Length < 2) throw new ArgumentException($"The input has tokens of {present.Length} of the classes {string.Join(", ", Classes)}; at least two are needed.");
        var dataset = ProbingDatasetBuilder.Build(labelled, new ProbingDatasetOptions
        {
            Classes = present, TrainPerClass = perClass, ValidPerClass = Math.Max(2, perClass / 4), TestPerClass = Math.Max(2, perClass / 4),
            LexicallyDisjoint = true, Shortfall = ShortfallPolicy.TakeAvailable, Seed = seed,
        });
        timings.Add(new("label", clock.Elapsed.TotalSeconds));
        display?.End($"[1/4] labelled {labelled.Count} code tokens in {files.Count} file(s) ({(inputs.Length == 0 ? "the built-in corpus" : string.Join(", ", inputs))}); dataset {dataset.Train.Count} train, {dataset.Valid.Count} dev, {dataset.Test.Count} test tokens of {string.Join(", ", dataset.ClassNames)}.");

        clock.Restart();
        var options = new TransformerExtractionOptions { Aggregation = TokenAggregation.Last, Device = device, BatchSize = 16 };
        ActivationSet all;
        using (var source = model is null ? TransformerActivationSource.LoadMiniLm(options) : TransformerActivationSource.Load(model, options))
        {
            var snippets = Enumerable.Range(0, labelled.Count).GroupBy(t => labelled.SentenceIndices[t])
                .Select(g => ProbingExtraction.Snippet(g.Select(t => labelled.Tokens[t]))).ToArray();
            display?.Begin(2, "extracting", snippets.Length);
            var progress = display is null ? null : new SynchronousProgress<ExtractionProgress>(p => display.Advance(p.SnippetsDone, "lines"));
            all = source.Extract(snippets, progress, ct);
        }
        timings.Add(new("extraction", clock.Elapsed.TotalSeconds));
        display?.End(string.Create(CultureInfo.InvariantCulture, $"[2/4] extracted {all.Rows} tokens × {all.Neurons} neurons ({all.Layout.Layers} layers × {all.Layout.NeuronsPerLayer}) with {model ?? "the embedded all-MiniLM-L6-v2"} in {clock.Elapsed.TotalSeconds:F1} s."));

        var data = dataset.ToProbingData(all);
        var ccfsOptions = new CcfsOptions { Seed = seed };
        display?.Begin(3, "CCFS pipeline");
        int probes = 0;
        var pipelineProgress = display is null ? null : new SynchronousProgress<CcfsProgress>(p => display.Advance(++probes, $"{p.Stage}: {p.Detail}"));
        var report = new CcfsPipeline(ccfsOptions).Run(data, pipelineProgress, ct);
        display?.End($"[3/4] CCFS pipeline done: best {report.Best?.Name}, {report.Best?.Neurons} of {report.InputNeurons} neurons.");
        display?.Begin(4, "CKA and report");

        clock.Restart();
        var cka = Cka.Compute(all, new CkaOptions { MinibatchSize = Math.Min(256, all.Rows), Minibatches = 10, Seed = seed }, null, ct);
        timings.Add(new("cka", clock.Elapsed.TotalSeconds));
        report = report with { TimingsSeconds = [.. timings, .. report.TimingsSeconds] };

        var document = ReportDocuments.FromCcfs(report, "CodeNeurons analysis", $"{model ?? "all-MiniLM-L6-v2 (embedded)"} over {(inputs.Length == 0 ? "the built-in Java/Python corpus" : string.Join(", ", inputs.Select(Path.GetFileName)))}");
        var mapNeurons = report.Concepts.Where(c => c.Neurons.Count > 0).Select(c => (c.ClassName, c.Neurons[0].NeuronId)).ToArray();
        document = document with
        {
            HeatMaps = [ReportDocuments.FromCka(cka)],
            ActivationMaps = ReportDocuments.ActivationMaps(all, mapNeurons.Select(m => m.NeuronId).ToArray(), 8,
                mapNeurons.Select(m => $"top {m.ClassName} neuron (layer {m.NeuronId / all.Layout.NeuronsPerLayer}, unit {m.NeuronId % all.Layout.NeuronsPerLayer})").ToArray()),
            Timings = report.TimingsSeconds.Select(t => new StageTiming(t.Key, t.Value)).ToArray(),
        };
        if (json is not null) report.Save(json);
        foreach (var map in svgFolder is null ? [] : document.ActivationMaps!)
            ActivationMapSvg.Save(map, Path.Combine(svgFolder!, $"neuron-{map.NeuronId}.svg"), null, ct);
        HtmlReport.Save(document, output, null, ct);
        display?.End(string.Create(CultureInfo.InvariantCulture, $"[4/4] wrote {output}{(json is null ? "" : $" and {json}")} in {total.Elapsed.TotalSeconds:F1} s."));
        return report;
    }

}
