using System.Text.Json;
using System.Text.Json.Nodes;
using CodeNeurons.Concepts;
using CodeNeurons.Data;
using CodeNeurons.Formats;

namespace CodeNeurons.Analysis;

/// <summary>
/// The CCFS config file (<c>codeneurons ccfs --config</c>, docs/ccfs.md): the data, the pipeline options and where
/// probes run. <see cref="Load"/> reads and checks it; running it needs a model and probes, see
/// <c>CodeNeurons.Torch.Analysis.CcfsConfigRunner</c>.
/// </summary>
public sealed record CcfsConfigFile
{
    private static readonly JsonSerializerOptions ReadOptions = new(CcfsOptions.JsonOptions) { RespectNullableAnnotations = true };

    /// <summary>The data (required).</summary>
    public CcfsDataConfig? Data { get; init; }

    /// <summary>
    /// The protocol (<c>"strict"</c>, the default, <c>"paper"</c> or <c>"paperSentence"</c>): the defaults of
    /// <see cref="Pipeline"/> (keys given in <c>pipeline</c> override the preset's, <see cref="CcfsProtocols.Options"/>)
    /// and, for a corpus, the dataset rules and the subword aggregation.
    /// </summary>
    public CcfsProtocol Protocol { get; init; } = CcfsProtocol.Strict;

    /// <summary>The pipeline options (the protocol's preset, overridden by the keys the config gives).</summary>
    public CcfsOptions Pipeline { get; init; } = new();

    /// <summary>The probe implementation.</summary>
    public ProbeImplementation Implementation { get; init; } = ProbeImplementation.Managed;

    /// <summary>cpu or cuda for probes and kernels.</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>
    /// Reads and checks the whole file before any work: JSON syntax, unknown keys and nulls (named with their JSON path),
    /// pipeline options, and that every file and folder exists. Relative paths resolve against the config file's folder.
    /// </summary>
    /// <param name="path">The config file.</param>
    /// <returns>The config with absolute paths.</returns>
    /// <exception cref="FileNotFoundException">The config or a file it names does not exist.</exception>
    /// <exception cref="DirectoryNotFoundException">A model folder or a <c>data.rows</c> folder does not exist.</exception>
    /// <exception cref="InvalidDataException">Invalid JSON, an unknown key or a null where a value is needed.</exception>
    /// <exception cref="ArgumentException">Invalid or missing settings.</exception>
    public static CcfsConfigFile Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"The config file '{path}' does not exist.", path);
        return Parse(File.ReadAllText(path), path, Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>Parses and checks a config's JSON text (see <see cref="Load"/>).</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="source">Named in errors (e.g. the file).</param>
    /// <param name="baseFolder">The folder relative paths resolve against.</param>
    /// <returns>The config with absolute paths.</returns>
    public static CcfsConfigFile Parse(string json, string source, string baseFolder)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(baseFolder);
        CcfsConfigFile config;
        try
        {
            config = JsonSerializer.Deserialize<CcfsConfigFile>(json, ReadOptions) ?? throw new JsonException("the file holds null; give an object with \"data\" and \"pipeline\".");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{source}: {Describe(ex)}", ex);
        }
        string Where(string what) => $"{source}: {what}";
        if (config.Protocol != CcfsProtocol.Strict)
        {
            // The preset's options, then every key the config's "pipeline" gives (objects merged key by key).
            var preset = JsonNode.Parse(CcfsProtocols.Options(config.Protocol).ToJson())!.AsObject();
            if (JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })?["pipeline"] is JsonObject given)
                Merge(preset, given);
            try
            {
                config = config with { Pipeline = preset.Deserialize<CcfsOptions>(ReadOptions)! with { Protocol = config.Protocol } };
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"{source}: pipeline: {Describe(ex)}", ex);
            }
        }
        if (config.Pipeline is null) throw new InvalidDataException(Where("\"pipeline\" is null; give an object of pipeline options or leave the key out for the defaults."));
        if (config.Device is null) throw new InvalidDataException(Where("\"device\" is null; give cpu or cuda."));
        try
        {
            config.Pipeline.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException(Where($"pipeline: {ex.Message}"), ex);
        }
        var data = config.Data ?? throw new ArgumentException(Where("\"data\" is missing; give data.train + data.dev (+ data.test), data.rows or data.corpus."));
        string Resolve(string p) => Path.IsPathRooted(p) ? p : Path.GetFullPath(Path.Combine(baseFolder, p));
        if (data.Rows is not null)
        {
            if (data.Corpus is not null || data.Train is not null || data.Dev is not null || data.Test is not null)
                throw new ArgumentException(Where("give one of data.rows, data.corpus or data.train/dev/test, not several."));
            return config with { Data = new CcfsDataConfig { Rows = CheckRows(data.Rows, Where, Resolve) }, Pipeline = StreamedPipeline(config.Pipeline, json, Where) };
        }
        if (data.Corpus is not null)
        {
            if (data.Train is not null || data.Dev is not null || data.Test is not null)
                throw new ArgumentException(Where("give either data.corpus or data.train/dev/test, not both."));
            var c = data.Corpus;
            if (c.Tokens is null) throw new InvalidDataException(Where("data.corpus.tokens is null; give a list of .in files."));
            if (c.Labels is null) throw new InvalidDataException(Where("data.corpus.labels is null; give a list of .label files."));
            if (c.Device is null) throw new InvalidDataException(Where("data.corpus.device is null; give cpu or cuda."));
            for (int i = 0; i < c.Tokens.Count; i++)
                if (string.IsNullOrWhiteSpace(c.Tokens[i])) throw new InvalidDataException(Where($"data.corpus.tokens[{i}] is null or empty; give a .in file."));
            for (int i = 0; i < c.Labels.Count; i++)
                if (string.IsNullOrWhiteSpace(c.Labels[i])) throw new InvalidDataException(Where($"data.corpus.labels[{i}] is null or empty; give a .label file."));
            if (c.Classes is not null && c.Classes.Any(string.IsNullOrEmpty)) throw new InvalidDataException(Where("data.corpus.classes holds a null or empty class name."));
            if (c.Tokens.Count == 0 || c.Tokens.Count != c.Labels.Count)
                throw new ArgumentException(Where($"data.corpus needs as many label files as token files (tokens: {c.Tokens.Count}, labels: {c.Labels.Count}, at least one)."));
            if (c.Preset is not null && !PaperPresets.Names.Contains(c.Preset))
                throw new ArgumentException(Where($"data.corpus.preset '{c.Preset}' is unknown; the presets are {string.Join(", ", PaperPresets.Names)} (or omit it)."));
            foreach (var f in c.Tokens.Concat(c.Labels))
                if (!File.Exists(Resolve(f)))
                    throw new FileNotFoundException(Where($"data.corpus file '{f}' does not exist: expected {Resolve(f)} (relative paths resolve against the config's folder). "
                        + (c.Preset == "java-six-classes"
                            ? "The paper's Java token-tagging data is not in the repository; docs/reproduction.md (\"The data\") says where to get it and where to put it."
                            : "See docs/ccfs.md for the corpus files.")), Resolve(f));
            if (c.Model is not null && !Directory.Exists(Resolve(c.Model)))
                throw new DirectoryNotFoundException(Where($"data.corpus.model folder '{c.Model}' does not exist: expected {Resolve(c.Model)} (relative paths resolve against the config's folder)."));
            if (c.BatchSize < 1) throw new ArgumentException(Where("data.corpus.batchSize must be ≥ 1."));
            if (c.Aggregation == TokenAggregation.None) throw new ArgumentException(Where("data.corpus.aggregation must be first, last or average (one row per code token)."));
            string?[] separate = [c.ValidTokens, c.ValidLabels, c.TestTokens, c.TestLabels];
            if (separate.Any(f => f is not null))
            {
                if (separate.Any(f => f is null))
                    throw new ArgumentException(Where("separate splits need all of data.corpus.validTokens, validLabels, testTokens and testLabels."));
                if (c.Tokens.Count != 1) throw new ArgumentException(Where($"with separate valid and test files, data.corpus.tokens must be the one training file (got {c.Tokens.Count})."));
                foreach (var f in separate)
                    if (!File.Exists(Resolve(f!))) throw new FileNotFoundException(Where($"data.corpus file '{f}' does not exist."), Resolve(f!));
            }
            string? Opt(string? p) => p is null ? null : Resolve(p);
            return config with
            {
                Data = new CcfsDataConfig
                {
                    Corpus = c with
                    {
                        Tokens = c.Tokens.Select(Resolve).ToArray(),
                        Labels = c.Labels.Select(Resolve).ToArray(),
                        Model = c.Model is null ? null : Resolve(c.Model),
                        ValidTokens = Opt(c.ValidTokens),
                        ValidLabels = Opt(c.ValidLabels),
                        TestTokens = Opt(c.TestTokens),
                        TestLabels = Opt(c.TestLabels),
                        Aggregation = c.Aggregation ?? (config.Protocol == CcfsProtocol.Strict ? TokenAggregation.Last : TokenAggregation.Average),
                    },
                },
            };
        }
        if (data.Train is null || data.Dev is null)
            throw new ArgumentException(Where("data.train and data.dev are required (every choice is made on dev); data.test is optional."));
        CcfsSplitFiles Check(CcfsSplitFiles s, string name)
        {
            if (string.IsNullOrWhiteSpace(s.Activations)) throw new ArgumentException(Where($"data.{name}.activations is missing."));
            var a = Resolve(s.Activations);
            if (!File.Exists(a) && !Directory.Exists(a)) throw new FileNotFoundException(Where($"data.{name}.activations '{s.Activations}' does not exist: expected {a} (relative paths resolve against the config's folder)."), a);
            var l = s.Labels is null ? null : Resolve(s.Labels);
            if (l is not null && !File.Exists(l)) throw new FileNotFoundException(Where($"data.{name}.labels '{s.Labels}' does not exist: expected {l} (relative paths resolve against the config's folder)."), l);
            return s with { Activations = a, Labels = l };
        }
        return config with { Data = new CcfsDataConfig { Train = Check(data.Train, "train"), Dev = Check(data.Dev, "dev"), Test = data.Test is null ? null : Check(data.Test, "test") } };
    }

    /// <summary>The raw folders of <c>data.rows</c>: train and dev given, each a folder with X.f32, meta.json and y.i32.</summary>
    private static CcfsRowsConfig CheckRows(CcfsRowsConfig rows, Func<string, string> where, Func<string, string> resolve)
    {
        if (rows.Train is null || rows.Dev is null)
            throw new ArgumentException(where("data.rows.train and data.rows.dev are required (every choice is made on dev); data.rows.test is optional."));
        string Folder(string given, string name)
        {
            if (string.IsNullOrWhiteSpace(given)) throw new ArgumentException(where($"data.rows.{name} is empty; give a raw activation folder."));
            var f = resolve(given);
            if (!Directory.Exists(f))
                throw new DirectoryNotFoundException(where($"data.rows.{name} folder '{given}' does not exist: expected {f} (relative paths resolve against the config's folder)."));
            foreach (var file in new[] { RawActivationFolder.ValuesFileName, RawActivationFolder.MetaFileName, RawActivationFolder.LabelsFileName })
            {
                if (!File.Exists(Path.Combine(f, file)))
                    throw new FileNotFoundException(where($"data.rows.{name} folder '{given}' ({f}) has no {file}: data.rows needs raw activation folders with labels "
                        + "(codeneurons extract --output FOLDER --labels FILE.label writes all three; see docs/ccfs.md)."), Path.Combine(f, file));
            }
            return f;
        }
        return new CcfsRowsConfig { Train = Folder(rows.Train, "train"), Dev = Folder(rows.Dev, "dev"), Test = rows.Test is null ? null : Folder(rows.Test, "test") };
    }

    /// <summary>
    /// The pipeline options for <c>data.rows</c> (<see cref="StreamedCcfs"/>): without a <c>pipeline.stages</c> key the
    /// stages it runs; what it refuses is named with its key here, before any file is opened.
    /// </summary>
    private static CcfsOptions StreamedPipeline(CcfsOptions options, string json, Func<string, string> where)
    {
        var given = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })?["pipeline"] as JsonObject;
        if (given is null || !given.ContainsKey("stages")) options = options with { Stages = StreamedCcfs.SupportedStages };
        var unsupported = options.Stages & ~StreamedCcfs.SupportedStages;
        if (unsupported != 0)
            throw new ArgumentException(where($"pipeline.stages: data.rows runs StreamedCcfs, which runs the oracle, layerwise and ccfs stages only; {string.Join(", ", CcfsStageNames.Names(unsupported))} "
                + "need the dense matrix: remove them from pipeline.stages, or give the splits as data.train/dev/test to run them in memory."));
        // The paper protocol sets all three of standardize, probeSearch and optimisticOracle.
        string preset = options.Protocol == CcfsProtocol.Paper
            ? " (the paper protocol sets standardize, probeSearch and optimisticOracle: give \"standardize\": false, \"probeSearch\": null, \"optimisticOracle\": false in pipeline)."
            : ".";
        if (options.Standardize)
            throw new ArgumentException(where("pipeline.standardize rewrites every split in memory, which data.rows (StreamedCcfs) never does; set pipeline.probe.standardize (each minibatch z-scored with training statistics) instead" + preset));
        if (options.ProbeSearch is not null)
            throw new ArgumentException(where("pipeline.probeSearch is not supported with data.rows (StreamedCcfs); leave it out (or null) and choose λ1, λ2 in pipeline.probe" + preset));
        return options;
    }

    private static void Merge(JsonObject target, JsonObject given)
    {
        foreach (var (key, value) in given.ToArray())
        {
            if (value is JsonObject inner && target[key] is JsonObject existing) Merge(existing, inner);
            else target[key] = value?.DeepClone();
        }
    }

    /// <summary>A JSON error in the config's terms: the key's JSON path and what to do.</summary>
    private static string Describe(JsonException ex)
    {
        string at = ex.LineNumber is long line ? $" (line {line + 1})" : "";
        string key = ex.Path is { Length: > 0 } p ? p : "$";
        if (ex.Message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
            return $"unknown key {key}{at}; see docs/ccfs.md for the keys.";
        if (ex.Message.Contains("doesn't allow setting null values", StringComparison.Ordinal) || ex.Message.Contains("null", StringComparison.Ordinal) && ex.Message.Contains("cannot be", StringComparison.OrdinalIgnoreCase))
            return $"{key} is null{at}; give a value or leave the key out for its default.";
        return ex.Message;
    }
}
