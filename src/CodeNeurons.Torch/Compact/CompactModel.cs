using System.Text.Json;
using System.Text.Json.Nodes;
using CodeNeurons.Analysis;
using CodeNeurons.Data;
using CodeNeurons.Formats;
using CodeNeurons.Interpretation;
using CodeNeurons.Tokenization;
using CodeNeurons.Torch.Extraction;
using CodeNeurons.Torch.Models;

namespace CodeNeurons.Torch.Compact;

/// <summary>
/// The smaller model an analysis yields: the encoder truncated after the highest layer the chosen neurons use (later blocks
/// are not stored and never run), a gather of the chosen neurons, and the probe trained on them — one object that maps
/// code (or a snippet, or a pair) to labels, saved as a folder that does not need the original checkpoint.
/// Its predictions equal those of the full pipeline (full model → all hidden states → select → probe) up to float rounding.
/// </summary>
/// <remarks>
/// Dalvi et al., <i>Analyzing Redundancy in Pretrained Transformer Models</i> (EMNLP 2020), "efficient feature-based
/// transfer learning"; Sharma et al. (arXiv 2305.00875). Rows are made by the extraction's own code
/// (<see cref="TransformerActivationSource"/>, <see cref="SnippetRepresentations"/>) over the truncated model, so code →
/// lexer → subwords → aggregation is the analysis' path. See <c>docs/compact-model.md</c>.
/// </remarks>
public sealed class CompactModel : IDisposable
{
    /// <summary>The format tag of <c>manifest.json</c>.</summary>
    public const string FileFormat = "codeneurons.compact-model";

    /// <summary>The version of the folder format this library writes and reads.</summary>
    public const int FileVersion = 1;

    private const string ManifestFile = "manifest.json", ConfigFile = "config.json", WeightsFile = "model.safetensors", ProbeFile = "probe.json";

    private static readonly string[] TokenizerFileNames =
        ["tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt", "vocab.json", "merges.txt", "added_tokens.json"];

    private readonly IHiddenStatesModel _model;
    private readonly IReadOnlyDictionary<string, byte[]> _tokenizerFiles;
    private readonly JsonObject _config;
    private readonly CompactPlan _plan;
    private readonly TransformerActivationSource? _tokens;
    private readonly SnippetRepresentations? _snippets;
    private bool _disposed;

    private CompactModel(IHiddenStatesModel truncated, ICodeTokenizer tokenizer, IReadOnlyDictionary<string, byte[]> tokenizerFiles, JsonObject config,
        CompactPlan plan, LinearProbe probe, IReadOnlyList<string> classNames, CompactRepresentation representation)
    {
        _model = truncated;
        _tokenizerFiles = tokenizerFiles;
        _config = config;
        _plan = plan;
        Probe = probe;
        ClassNames = [.. classNames];
        Representation = representation;
        if (representation.Input == CompactInput.Tokens)
            _tokens = new TransformerActivationSource(truncated, tokenizer, new TransformerExtractionOptions
            {
                Aggregation = representation.Aggregation, Layers = plan.StatesRead, BatchSize = representation.BatchSize,
                MaxLength = representation.MaxLength, Truncate = representation.Truncate,
            });
        else
            _snippets = new SnippetRepresentations(truncated, tokenizer, new SnippetRepresentationOptions
            {
                Pooling = representation.Pooling, MaxLength = representation.MaxLength, CollapseWhitespace = representation.CollapseWhitespace,
                BatchSize = representation.BatchSize, Layers = plan.StatesRead, PairCombination = representation.PairCombination,
                PairInput = representation.Input == CompactInput.Pairs ? representation.PairInput : PairInput.Separate,
            });
    }

    /// <summary>The truncated model's configuration (<see cref="HfModelConfig.NumLayers"/> = <see cref="KeptBlocks"/>).</summary>
    public HfModelConfig Config => _model.Config;

    /// <summary>Blocks of the model the analysis ran on.</summary>
    public int SourceLayers => _plan.SourceLayers;

    /// <summary>Blocks kept and run: the highest hidden state any chosen neuron reads (0 = embeddings only).</summary>
    public int KeptBlocks => _model.Config.NumLayers;

    /// <summary>How rows are made (the extraction's settings).</summary>
    public CompactRepresentation Representation { get; }

    /// <summary>The probe over the chosen neurons (its <see cref="LinearProbe.NeuronIds"/> are the analysis' global ids).</summary>
    public LinearProbe Probe { get; }

    /// <summary>Class names, in class-id order.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Neurons per layer of the analysis' layout (H; 2H or 4H for pairs).</summary>
    public int NeuronsPerLayer => _plan.NeuronsPerLayer;

    /// <summary>The hidden state behind each layer of the analysis' layout.</summary>
    public IReadOnlyList<int> HiddenStates => _plan.HiddenStates;

    /// <summary>Builds a compact model from a CCFS report (<c>codeneurons ccfs</c>'s <c>report.json</c>) and the probe of its best combination.</summary>
    /// <param name="reportPath">The report.</param>
    /// <param name="modelFolder">The Hugging Face folder the activations were extracted with; null for the embedded all-MiniLM-L6-v2.</param>
    /// <param name="representation">The extraction's settings; null for the defaults (token tagging, every hidden state, last subword).</param>
    /// <param name="probePath">The probe of the best combination; null for <see cref="CcfsReport.BestProbePath"/> of the report.</param>
    /// <param name="device">Where the compact model runs.</param>
    /// <returns>The model; dispose it to free its weights.</returns>
    /// <exception cref="FileNotFoundException">The report or the probe file is missing (the message names it).</exception>
    /// <exception cref="InvalidDataException">The report has no best combination, or its neurons or classes do not match the probe or the model (the message says which).</exception>
    public static CompactModel FromCcfs(string reportPath, string? modelFolder, CompactRepresentation? representation = null, string? probePath = null, string device = "cpu")
    {
        ArgumentNullException.ThrowIfNull(reportPath);
        InputPaths.RequireFile(reportPath, "CCFS report");
        var report = CcfsReport.Load(reportPath);
        var best = report.Best ?? throw new InvalidDataException($"{reportPath}: the report has no best combination (the ccfs stage did not run), so there is no chosen neuron set.");
        probePath ??= CcfsReport.BestProbePath(reportPath);
        if (!File.Exists(probePath))
            throw new FileNotFoundException($"The probe of the best combination, '{probePath}', does not exist; `codeneurons ccfs` writes it beside the report.", probePath);
        var probe = LinearProbe.Load(probePath);
        if (!probe.NeuronIds.SequenceEqual(best.KeptNeurons))
            throw new InvalidDataException($"{probePath}: the probe reads {probe.Neurons} neurons that are not the best combination's {best.Neurons} in {reportPath}.");
        if (report.NeuronsPerLayer < 1) throw new InvalidDataException($"{reportPath}: the report does not record its neurons per layer.");
        return Create(modelFolder, probe, report.ClassNames, report.NeuronsPerLayer, representation, device, $"{reportPath} ({best.Name})");
    }

    /// <summary>Builds a compact model from a model folder and a probe over some of its neurons.</summary>
    /// <param name="modelFolder">The Hugging Face folder (config, weights, tokenizer files); null for the embedded all-MiniLM-L6-v2.</param>
    /// <param name="probe">A classification probe whose neuron ids are global ids of the analysis' layout (<c>layer × neuronsPerLayer + unit</c>).</param>
    /// <param name="classNames">Class names, one per probe output.</param>
    /// <param name="neuronsPerLayer">Neurons per layer of the analysis' layout (H; 2H or 4H for pairs).</param>
    /// <param name="representation">The extraction's settings; null for the defaults.</param>
    /// <param name="device">Where the compact model runs.</param>
    /// <param name="source">Names the neuron list in error messages; null for "the probe".</param>
    /// <returns>The model.</returns>
    /// <exception cref="InvalidDataException">A neuron's layer is outside the model, the layout's width is not the model's, or the classes do not match the probe.</exception>
    /// <exception cref="NotSupportedException">A model type that cannot be truncated before its last block (GPT-2, T5: their final norm belongs to the last block; the decoders).</exception>
    public static CompactModel Create(string? modelFolder, LinearProbe probe, IReadOnlyList<string> classNames, int neuronsPerLayer,
        CompactRepresentation? representation = null, string device = "cpu", string? source = null)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(classNames);
        if (modelFolder is null)
        {
            var vocabulary = MiniLmModel.ReadVocabulary();
            var lines = vocabulary.Split('\n');
            if (lines.Length > 0 && lines[^1].Length == 0) lines = lines[..^1];
            var tokenizer = HfTokenizer.FromWordPieceVocab(lines, MiniLmModel.VocabularyResource, lowercase: true);
            var files = new Dictionary<string, byte[]>
            {
                ["vocab.txt"] = System.Text.Encoding.UTF8.GetBytes(vocabulary),
                ["tokenizer_config.json"] = """{"do_lower_case": true, "tokenizer_class": "BertTokenizer", "model_max_length": 512}"""u8.ToArray(),
            };
            using var full = MiniLmModel.Load();
            return FromModel(full, tokenizer, files, null, probe, classNames, neuronsPerLayer, representation, device, source ?? "the probe");
        }
        InputPaths.RequireFolder(modelFolder, "Model folder");
        using var model = HfModel.Load(modelFolder);        // names a missing config.json or weight file
        var folderTokenizer = HfTokenizer.Load(modelFolder);
        var tokenizerFiles = TokenizerFileNames.Where(f => File.Exists(Path.Combine(modelFolder, f)))
            .ToDictionary(f => f, f => File.ReadAllBytes(Path.Combine(modelFolder, f)));
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(modelFolder, ConfigFile)))!.AsObject();
        return FromModel(model, folderTokenizer, tokenizerFiles, config, probe, classNames, neuronsPerLayer, representation, device, source ?? "the probe");
    }

    /// <summary>The compact model of a loaded float32 model (also used with <see cref="RandomRoberta"/> by the benchmarks).</summary>
    internal static CompactModel FromModel(IHiddenStatesModel full, ICodeTokenizer tokenizer, IReadOnlyDictionary<string, byte[]> tokenizerFiles, JsonObject? sourceConfig,
        LinearProbe probe, IReadOnlyList<string> classNames, int neuronsPerLayer, CompactRepresentation? representation, string device, string source)
    {
        representation ??= new CompactRepresentation();
        if (full is not TorchHiddenStatesModel torchModel)
            throw new NotSupportedException($"A compact model needs one of the library's TorchSharp models; got {full.GetType().Name}.");
        var plan = CompactPlan.Create(full.Config, full.Config.NumLayers, probe, classNames, neuronsPerLayer, representation, source);
        if (plan.KeptBlocks < full.Config.NumLayers && full.Config.ModelType is not ("bert" or "roberta"))
            throw new NotSupportedException(
                $"{source}: the chosen neurons stop at hidden state {plan.KeptBlocks} of {full.Config.NumLayers}, but a {full.Config.ModelType} model cannot be cut there: "
                + "its final norm belongs to the last block, so a shorter model's last state is not the full model's. Compact models cut BERT and RoBERTa encoders (MiniLM, CodeBERT) at any layer.");
        var weights = CompactWeights.Truncate(torchModel, plan.KeptBlocks);
        var config = CompactWeights.TruncatedConfig(full.Config, sourceConfig, plan.KeptBlocks);
        var truncatedConfig = full.Config with { NumLayers = plan.KeptBlocks };
        var truncated = HfModel.Create(truncatedConfig, weights, source, TorchDevices.Resolve(device), TorchSharp.torch.ScalarType.Float32);
        try
        {
            return new CompactModel(truncated, tokenizer, tokenizerFiles, config, plan, probe, classNames, representation);
        }
        catch
        {
            truncated.Dispose();
            throw;
        }
    }

    /// <summary>Saves the model as a folder: <c>config.json</c> (the reduced layer count), <c>model.safetensors</c> (the kept blocks' weights, float32),
    /// the tokenizer files, <c>probe.json</c> and <c>manifest.json</c> (format, version, representation, neurons, classes). Each file is written atomically.</summary>
    /// <param name="folder">The folder; created if needed. Files of the same names are replaced.</param>
    public void Save(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ObjectDisposedException.ThrowIf(_disposed, this);
        Directory.CreateDirectory(folder);
        var torchModel = (TorchHiddenStatesModel)_model;
        SafeTensorsWriter.Write(Path.Combine(folder, WeightsFile), CompactWeights.Truncate(torchModel, KeptBlocks), new Dictionary<string, string> { ["format"] = "pt" });
        AtomicFile.Write(Path.Combine(folder, ConfigFile), fs => fs.Write(System.Text.Encoding.UTF8.GetBytes(_config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }))));
        foreach (var (name, bytes) in _tokenizerFiles) AtomicFile.Write(Path.Combine(folder, name), fs => fs.Write(bytes));
        Probe.Save(Path.Combine(folder, ProbeFile));
        var manifest = new CompactManifest
        {
            Format = FileFormat, Version = FileVersion, ModelType = Config.ModelType, SourceLayers = SourceLayers, KeptBlocks = KeptBlocks,
            Representation = Representation, NeuronsPerLayer = NeuronsPerLayer, Neurons = [.. _plan.Neurons], ClassNames = [.. ClassNames],
            Files = new() { ["config"] = ConfigFile, ["weights"] = WeightsFile, ["probe"] = ProbeFile },
            TokenizerFiles = [.. _tokenizerFiles.Keys.Order(StringComparer.Ordinal)],
        };
        AtomicFile.Write(Path.Combine(folder, ManifestFile), fs => JsonSerializer.Serialize(fs, manifest, CompactManifest.Json));
    }

    /// <summary>Loads a folder written by <see cref="Save"/>; needs nothing else (not the original checkpoint).</summary>
    /// <param name="folder">The folder.</param>
    /// <param name="device">Where the model runs.</param>
    /// <returns>The model.</returns>
    /// <exception cref="FileNotFoundException">A file of the folder is missing (the message names it).</exception>
    /// <exception cref="InvalidDataException">The manifest is not a compact-model manifest of this version, or its neuron list, probe and model disagree (the message names the file and the neuron).</exception>
    public static CompactModel Load(string folder, string device = "cpu")
    {
        ArgumentNullException.ThrowIfNull(folder);
        InputPaths.RequireFolder(folder, "Compact model folder");
        string manifestPath = Path.Combine(folder, ManifestFile);
        Require(manifestPath, "manifest");
        CompactManifest manifest;
        try
        {
            using var fs = File.OpenRead(manifestPath);
            manifest = JsonSerializer.Deserialize<CompactManifest>(fs, CompactManifest.Json) ?? throw new JsonException("the manifest is null.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{manifestPath}: not a compact-model manifest ({ex.Message}).", ex);
        }
        if (manifest.Format != FileFormat) throw new InvalidDataException($"{manifestPath}: format is '{manifest.Format}', expected '{FileFormat}'.");
        if (manifest.Version != FileVersion) throw new InvalidDataException($"{manifestPath}: format version {manifest.Version}; this library reads version {FileVersion}.");
        if (manifest.Representation is null || manifest.Neurons is null || manifest.ClassNames is null)
            throw new InvalidDataException($"{manifestPath}: representation, neurons and classNames are required.");
        foreach (var f in new[] { ConfigFile, WeightsFile, ProbeFile }.Concat(manifest.TokenizerFiles ?? [])) Require(Path.Combine(folder, f), f);
        var probe = LinearProbe.Load(Path.Combine(folder, ProbeFile));
        var ids = manifest.Neurons.Select(n => n.Id).ToArray();
        if (probe.Neurons != ids.Length || !probe.NeuronIds.SequenceEqual(ids))
            throw new InvalidDataException($"{Path.Combine(folder, ProbeFile)}: the probe reads {probe.Neurons} neurons, but {manifestPath} lists {ids.Length}{(probe.Neurons == ids.Length ? " others" : "")}; the probe must be trained on exactly the listed neurons.");
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, ConfigFile)))!.AsObject();
        var model = HfModel.Load(folder, new ModelLoadOptions(device));
        try
        {
            var plan = CompactPlan.FromManifest(model.Config, manifest, probe, manifestPath);
            var tokenizerFiles = (manifest.TokenizerFiles ?? []).ToDictionary(f => f, f => File.ReadAllBytes(Path.Combine(folder, f)));
            return new CompactModel(model, HfTokenizer.Load(folder), tokenizerFiles, config, plan, probe, manifest.ClassNames, manifest.Representation);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private static void Require(string path, string what)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Compact model file '{path}' ({what}) does not exist.", path);
    }

    /// <summary>Token tagging: the chosen neurons' rows for each code token (the probe's input).</summary>
    /// <param name="code">The snippets with their code tokens.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <returns>[code tokens, chosen neurons] with the analysis' neuron ids, the tokens and each row's snippet index.</returns>
    public ActivationSet TokenFeatures(IEnumerable<CodeSnippet> code, CancellationToken cancellationToken = default)
    {
        var source = RequireInput(CompactInput.Tokens, _tokens);
        return Gather(source.Extract(code, null, cancellationToken));
    }

    /// <summary>Snippets: the chosen neurons' row of each snippet.</summary>
    /// <param name="snippets">The snippets.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <returns>[snippets, chosen neurons].</returns>
    public ActivationSet SnippetFeatures(IReadOnlyList<string> snippets, CancellationToken cancellationToken = default) =>
        Gather(RequireInput(CompactInput.Snippets, _snippets).Encode(snippets, null, cancellationToken));

    /// <summary>Pairs: the chosen neurons' row of each pair.</summary>
    /// <param name="pairs">The pairs (first, second).</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <returns>[pairs, chosen neurons].</returns>
    public ActivationSet PairFeatures(IReadOnlyList<(string First, string Second)> pairs, CancellationToken cancellationToken = default) =>
        Gather(RequireInput(CompactInput.Pairs, _snippets).EncodePairs(pairs, null, null, cancellationToken));

    /// <summary>Token tagging: one label per code token.</summary>
    /// <param name="code">The snippets.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <returns>One prediction per code token, in order (a token dropped by <see cref="CompactRepresentation.Truncate"/> has none).</returns>
    public IReadOnlyList<CompactPrediction> PredictTokens(IEnumerable<CodeSnippet> code, CancellationToken cancellationToken = default)
    {
        var features = TokenFeatures(code, cancellationToken);
        return Label(features, r => features.SentenceIndices![r], r => features.Tokens![r]);
    }

    /// <summary>Snippets: one label per snippet.</summary>
    /// <param name="snippets">The snippets.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <returns>One prediction per snippet.</returns>
    public IReadOnlyList<CompactPrediction> PredictSnippets(IReadOnlyList<string> snippets, CancellationToken cancellationToken = default) =>
        Label(SnippetFeatures(snippets, cancellationToken), r => r, r => snippets[r]);

    /// <summary>Pairs: one label per pair.</summary>
    /// <param name="pairs">The pairs.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <returns>One prediction per pair (its text is the first snippet).</returns>
    public IReadOnlyList<CompactPrediction> PredictPairs(IReadOnlyList<(string First, string Second)> pairs, CancellationToken cancellationToken = default) =>
        Label(PairFeatures(pairs, cancellationToken), r => r, r => pairs[r].First);

    /// <summary>Labels a file of the model's input kind (read by <see cref="CompactInputFile"/>): code tokens, snippets or pairs.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <returns>The predictions.</returns>
    public IReadOnlyList<CompactPrediction> PredictFile(string path, CancellationToken cancellationToken = default) => Representation.Input switch
    {
        CompactInput.Tokens => PredictTokens(CompactInputFile.ReadCode(path), cancellationToken),
        CompactInput.Snippets => PredictSnippets(CompactInputFile.ReadSnippets(path), cancellationToken),
        _ => PredictPairs(CompactInputFile.ReadPairs(path), cancellationToken),
    };

    private T RequireInput<T>(CompactInput input, T? reader) where T : class
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return Representation.Input == input && reader is not null
            ? reader
            : throw new InvalidOperationException($"This compact model labels {Representation.Input.ToString().ToLowerInvariant()}, not {input.ToString().ToLowerInvariant()}.");
    }

    private IReadOnlyList<CompactPrediction> Label(ActivationSet features, Func<int, int> input, Func<int, string> text)
    {
        var classes = Probe.Predict(features);
        var result = new CompactPrediction[classes.Length];
        for (int r = 0; r < classes.Length; r++) result[r] = new CompactPrediction(input(r), text(r), classes[r], ClassNames[classes[r]]);
        return result;
    }

    /// <summary>The probe's columns out of rows over <see cref="CompactPlan.StatesRead"/>.</summary>
    private ActivationSet Gather(ActivationSet rows)
    {
        var columns = _plan.Columns;
        var values = new float[(long)rows.Rows * columns.Length];
        for (int r = 0; r < rows.Rows; r++)
        {
            var row = rows.Row(r);
            var dest = values.AsSpan(r * columns.Length, columns.Length);
            for (int j = 0; j < columns.Length; j++) dest[j] = row[columns[j]];
        }
        return ActivationSet.Create(values, rows.Rows, _plan.Layout, Probe.NeuronIds, rows.Tokens, rows.SentenceIndices);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _model.Dispose();
    }
}
