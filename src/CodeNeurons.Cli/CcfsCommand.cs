using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CodeNeurons.Concepts;
using CodeNeurons.Data;
using CodeNeurons.Interpretation;
using CodeNeurons.Formats;
using CodeNeurons.Analysis;
using CodeNeurons.Torch.Extraction;
using CodeNeurons.Torch.Interpretation;

namespace CodeNeurons.Cli;

/// <summary>One split given as files: activations and, unless the activations are a raw folder with y.i32, a NeuroX .label file.</summary>
internal sealed record SplitFiles
{
    public string Activations { get; init; } = "";
    public string? Labels { get; init; }
}

/// <summary>A labelled token corpus (NeuroX .in/.label pairs) from which a balanced probing dataset is built and extracted.</summary>
internal sealed record CorpusConfig
{
    public IReadOnlyList<string> Tokens { get; init; } = [];
    public IReadOnlyList<string> Labels { get; init; } = [];
    /// <summary>"java-six-classes" (the paper's setting) or null.</summary>
    public string? Preset { get; init; }
    public IReadOnlyList<string>? Classes { get; init; }
    public int? TrainPerClass { get; init; }
    public int? ValidPerClass { get; init; }
    public int? TestPerClass { get; init; }
    public int Seed { get; init; }
    /// <summary>A Hugging Face folder; null for the embedded all-MiniLM-L6-v2.</summary>
    public string? Model { get; init; }
    public TokenAggregation Aggregation { get; init; } = TokenAggregation.Last;
    public IReadOnlyList<int>? ExtractLayers { get; init; }
    public int BatchSize { get; init; } = 16;
    public int? MaxLength { get; init; }
    public string Device { get; init; } = "cpu";
}

internal sealed record DataConfig
{
    public SplitFiles? Train { get; init; }
    public SplitFiles? Dev { get; init; }
    public SplitFiles? Test { get; init; }
    public CorpusConfig? Corpus { get; init; }
}

/// <summary>The <c>codeneurons ccfs --config</c> file: the data, the pipeline options, and where probes run.</summary>
internal sealed record CcfsConfigFile
{
    public DataConfig? Data { get; init; }
    public CcfsOptions Pipeline { get; init; } = new();
    public ProbeImplementation Implementation { get; init; } = ProbeImplementation.Managed;
    public string Device { get; init; } = "cpu";

    /// <summary>Reads and checks the whole file (paths exist, options valid) before any work.</summary>
    public static CcfsConfigFile Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"The config file '{path}' does not exist.", path);
        CcfsConfigFile config;
        try
        {
            config = JsonSerializer.Deserialize<CcfsConfigFile>(File.ReadAllText(path), CcfsOptions.JsonOptions) ?? throw new JsonException("the file holds null");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: {ex.Message}", ex);
        }
        string Where(string what) => $"{path}: {what}";
        try
        {
            config.Pipeline.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException(Where($"pipeline: {ex.Message}"), ex);
        }
        var data = config.Data ?? throw new ArgumentException(Where("\"data\" is missing; give data.train + data.dev (+ data.test) or data.corpus."));
        string dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        string Resolve(string p) => Path.IsPathRooted(p) ? p : Path.GetFullPath(Path.Combine(dir, p));
        if (data.Corpus is not null)
        {
            if (data.Train is not null || data.Dev is not null || data.Test is not null)
                throw new ArgumentException(Where("give either data.corpus or data.train/dev/test, not both."));
            var c = data.Corpus;
            if (c.Tokens.Count == 0 || c.Tokens.Count != c.Labels.Count)
                throw new ArgumentException(Where($"data.corpus needs as many label files as token files (tokens: {c.Tokens.Count}, labels: {c.Labels.Count}, at least one)."));
            if (c.Preset is not null && c.Preset != "java-six-classes")
                throw new ArgumentException(Where($"data.corpus.preset '{c.Preset}' is unknown; the preset is java-six-classes (or omit it)."));
            foreach (var f in c.Tokens.Concat(c.Labels))
                if (!File.Exists(Resolve(f))) throw new FileNotFoundException(Where($"data.corpus file '{f}' does not exist."), Resolve(f));
            if (c.Model is not null && !Directory.Exists(Resolve(c.Model)))
                throw new DirectoryNotFoundException(Where($"data.corpus.model folder '{c.Model}' does not exist."));
            if (c.BatchSize < 1) throw new ArgumentException(Where("data.corpus.batchSize must be ≥ 1."));
            return config with
            {
                Data = new DataConfig
                {
                    Corpus = c with { Tokens = c.Tokens.Select(Resolve).ToArray(), Labels = c.Labels.Select(Resolve).ToArray(), Model = c.Model is null ? null : Resolve(c.Model) },
                },
            };
        }
        if (data.Train is null || data.Dev is null)
            throw new ArgumentException(Where("data.train and data.dev are required (every choice is made on dev); data.test is optional."));
        SplitFiles Check(SplitFiles s, string name)
        {
            if (string.IsNullOrWhiteSpace(s.Activations)) throw new ArgumentException(Where($"data.{name}.activations is missing."));
            var a = Resolve(s.Activations);
            if (!File.Exists(a) && !Directory.Exists(a)) throw new FileNotFoundException(Where($"data.{name}.activations '{s.Activations}' does not exist."), a);
            var l = s.Labels is null ? null : Resolve(s.Labels);
            if (l is not null && !File.Exists(l)) throw new FileNotFoundException(Where($"data.{name}.labels '{s.Labels}' does not exist."), l);
            return s with { Activations = a, Labels = l };
        }
        return config with { Data = new DataConfig { Train = Check(data.Train, "train"), Dev = Check(data.Dev, "dev"), Test = data.Test is null ? null : Check(data.Test, "test") } };
    }
}

/// <summary><c>codeneurons ccfs</c>: the task-specific redundancy pipeline from a JSON config.</summary>
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
        var options = seed is null ? config.Pipeline : config.Pipeline with { Seed = seed.Value };
        var log = quiet ? null : Console.Error;
        var report = RunConfig(config, options, log, ct);
        report.Save(output);
        if (!quiet)
        {
            PrintTable(report, Console.Out);
            Console.WriteLine($"Wrote {output}.");
        }
        return 0;
    }

    /// <summary>Loads the data a config names and runs the pipeline (also used by <c>analyze</c>).</summary>
    internal static CcfsReport RunConfig(CcfsConfigFile config, CcfsOptions options, TextWriter? log, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var data = config.Data!;
        ProbingData split;
        var loadTimings = new List<KeyValuePair<string, double>>();
        if (data.Corpus is { } corpus)
        {
            split = ExtractCorpus(corpus, log, loadTimings, ct).Data;
        }
        else
        {
            var (tr, trLabels) = LoadSplit(data.Train!);
            var (dv, dvLabels) = LoadSplit(data.Dev!);
            var te = data.Test is null ? default : LoadSplit(data.Test);
            var classes = trLabels.Classes;
            var dvNames = dvLabels.Names;
            var missing = classes.Where(c => !dvNames.Contains(c)).ToArray();
            if (missing.Length > 0)
                throw new ArgumentException($"{data.Dev!.Labels ?? data.Dev.Activations}: class {string.Join(", ", missing.Select(c => $"'{c}'"))} has no dev row; every class must be scored on dev.");
            var yTrain = ClassLabels.FromIds(trLabels.Ids(), classes);
            var yDev = ClassLabels.FromIds(RowLabels.Ids(dvLabels.Names, classes, data.Dev!.Labels ?? data.Dev.Activations), classes);
            split = new ProbingData(new LabeledActivations(tr, yTrain), new LabeledActivations(dv, yDev),
                te.Item1 is null ? null : new LabeledActivations(te.Item1, ClassLabels.FromIds(RowLabels.Ids(te.Item2.Names, classes, data.Test!.Labels ?? data.Test.Activations), classes)));
            loadTimings.Add(new("load", clock.Elapsed.TotalSeconds));
        }
        log?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{split.Neurons} neurons ({split.Layout.Layers} layers × {split.Layout.NeuronsPerLayer}), {split.ClassNames.Count} classes; train {split.Train.Rows}, dev {split.Dev.Rows}, test {split.Test?.Rows ?? 0} rows."));

        IConceptProbe probe = config.Implementation == ProbeImplementation.Torch
            ? new TorchElasticNetProbe(options.Probe with { Seed = options.Seed }, config.Device)
            : config.Device == "cpu" ? new ManagedElasticNetProbe(options.Probe with { Seed = options.Seed }) : throw new ArgumentException("implementation managed runs on the CPU only; use \"implementation\": \"torch\" for cuda.");
        var kernel = KernelFactory.Create(KernelChoice.Auto, config.Device);
        var progress = log is null ? null : new SynchronousProgress<CcfsProgress>(p => log.Write($"\r  {p.Stage,-28} {StepText.Clip(p.Detail, 60),-60}"));
        var report = new CcfsPipeline(options, probe, kernel).Run(split, progress, ct);
        log?.WriteLine();
        return report with { TimingsSeconds = [.. loadTimings, .. report.TimingsSeconds] };
    }

    private static ProbingExtractionResult ExtractCorpus(CorpusConfig c, TextWriter? log, List<KeyValuePair<string, double>> timings, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var parts = c.Tokens.Select((t, i) => LabeledTokens.FromFiles(t, c.Labels[i], TokenSeparator.Space)).ToArray();
        var tokens = parts.Length == 1 ? parts[0] : LabeledTokens.Concat(parts);
        var datasetOptions = c.Preset == "java-six-classes" ? PaperPresets.JavaSixClasses : new ProbingDatasetOptions();
        datasetOptions = datasetOptions with
        {
            Classes = c.Classes ?? datasetOptions.Classes,
            TrainPerClass = c.TrainPerClass ?? datasetOptions.TrainPerClass,
            ValidPerClass = c.ValidPerClass ?? datasetOptions.ValidPerClass,
            TestPerClass = c.TestPerClass ?? datasetOptions.TestPerClass,
            Seed = c.Seed,
        };
        var dataset = ProbingDatasetBuilder.Build(tokens, datasetOptions);
        timings.Add(new("dataset", clock.Elapsed.TotalSeconds));
        log?.WriteLine($"Dataset: {dataset.Train.Count} train, {dataset.Valid.Count} valid, {dataset.Test.Count} test tokens over {dataset.ClassNames.Count} classes ({string.Join(", ", dataset.ClassNames)}).");

        clock.Restart();
        var extraction = new TransformerExtractionOptions
        {
            Aggregation = c.Aggregation == TokenAggregation.None ? throw new ArgumentException("data.corpus.aggregation must be first, last or average (one row per code token).") : c.Aggregation,
            Layers = c.ExtractLayers, BatchSize = c.BatchSize, MaxLength = c.MaxLength, Device = c.Device,
        };
        using var source = c.Model is null ? TransformerActivationSource.LoadMiniLm(extraction) : TransformerActivationSource.Load(c.Model, extraction);
        var progress = log is null ? null : new SynchronousProgress<ExtractionProgress>(p =>
            log.Write($"\r  extracting {p.SnippetsDone}/{p.SnippetsTotal?.ToString(CultureInfo.InvariantCulture) ?? "?"} sentences"));
        var result = ProbingExtraction.Extract(source, dataset, tokens, progress, ct);
        timings.Add(new("extraction", clock.Elapsed.TotalSeconds));
        log?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"\r  extracted {result.SentencesExtracted} sentences ({result.TokensExtracted} code tokens) with {c.Model ?? "the embedded all-MiniLM-L6-v2"} in {clock.Elapsed.TotalSeconds:F1} s."));
        return result;
    }

    private static (ActivationSet Set, RowLabels Labels) LoadSplit(SplitFiles f)
    {
        var acts = ActivationFile.Load(f.Activations);
        return (acts, RowLabels.Read(f.Activations, f.Labels, null, acts,
            $"{f.Activations}: give \"labels\" (a NeuroX .label file) unless the activations are a raw folder with y.i32."));
    }

    internal static void PrintTable(CcfsReport report, TextWriter w)
    {
        w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"row",-34} {"neurons",8} {"removed",8} {"dev",7} {"test",7}"));
        foreach (var r in report.Rows())
            w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Name,-34} {r.Neurons,8} {r.Reduction,8:P1} {r.DevScore,7:F4} {(r.TestScore is { } t ? t.ToString("F4", CultureInfo.InvariantCulture) : "-"),7}"));
        if (report.Best is { } best)
            w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"best on dev: {best.Name}: {best.Neurons} of {best.TotalNeurons} neurons ({best.Reduction:P1} removed), test {best.TestScore:F4} vs oracle {report.Oracle.TestScore:F4}"));
        foreach (var s in report.Selectivity)
            w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"selectivity {s.Name}: {s.Selectivity:F3} (task {s.TaskAccuracy:F3}, control {s.ControlAccuracy:F3})"));
        foreach (var n in report.Notes) w.WriteLine($"note: {n}");
        w.WriteLine("timings (s): " + string.Join(", ", report.TimingsSeconds.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Key} {t.Value:F1}"))));
    }

}
