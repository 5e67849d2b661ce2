using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CodeNeurons.Concepts;
using CodeNeurons.Data;
using CodeNeurons.Formats;
using CodeNeurons.Torch.Extraction;
using CodeNeurons.Torch.Models;

namespace CodeNeurons.Cli;

/// <summary><c>codeneurons extract</c>: every layer's activations of a model over code, streamed into a NeuroX file.</summary>
internal static class ExtractCommand
{
    public static Command Create()
    {
        var model = new Option<string?>("--model", "-m") { Description = "A Hugging Face model folder (config.json, model.safetensors or pytorch_model.bin, tokenizer files). Omit for the embedded all-MiniLM-L6-v2." };
        var input = new Option<string?>("--input", "-i") { Description = ".in/.txt (one snippet a line, code tokens separated by spaces) or .jsonl ({\"text\": ...} a line, tokenized as a whole). Omit for the built-in Java/Python sample." };
        var output = new Option<string>("--output", "-o") { Description = "OUT.hdf5 / OUT.h5, OUT.json / OUT.jsonl, or a folder (raw format).", DefaultValueFactory = _ => "activations.hdf5" };
        var aggregation = new Option<TokenAggregation>("--aggregation") { Description = "Subword pieces to one row per code token: first, last, average, or none (one row per subword).", DefaultValueFactory = _ => TokenAggregation.Last };
        var specials = new Option<bool>("--include-special-tokens") { Description = "Also write rows for special tokens ([CLS], <s>, </s> …)." };
        var sentence = new Option<SentencePooling>("--sentence") { Description = "One row per snippet: first ([CLS]/<s>), last (last non-pad token), mean; none for token-level rows.", DefaultValueFactory = _ => SentencePooling.None };
        var layers = new Option<string>("--layers") { Description = "all, or hidden-state indices such as 0,6,12 (0 = embeddings).", DefaultValueFactory = _ => "all" };
        var device = new Option<string>("--device") { Description = "cpu or cuda (cuda needs TorchSharp-cuda-linux and a GPU).", DefaultValueFactory = _ => "cpu" };
        var dtype = new Option<ModelDType>("--dtype") { Description = "float32, bfloat16 or float16.", DefaultValueFactory = _ => ModelDType.Float32 };
        var stream = new Option<bool>("--stream-layers") { Description = "Read each block's weights from the mapped checkpoint as it runs (llama/qwen2/starcoder2 safetensors): memory of one block, not the model." };
        var batchSize = new Option<int>("--batch-size") { Description = "Sequences per forward pass.", DefaultValueFactory = _ => 16 };
        var maxLength = new Option<int?>("--max-length") { Description = "Subwords per sequence (default: the model's limit); longer snippets use sliding windows." };
        var truncate = new Option<bool>("--truncate") { Description = "Drop what does not fit in --max-length instead of sliding windows (dropped tokens are reported)." };
        var float16 = new Option<bool>("--hdf5-float16") { Description = "Store HDF5 values as float16 (NeuroX's half-precision files)." };
        var labels = new Option<string?>("--labels") { Description = "A NeuroX .label file parallel to --input (one label per code token; with --sentence, one per line): written as y.i32 of the raw folder --output." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print nothing but errors." };

        var intervention = new InterventionOptions();
        var command = new Command("extract", "Run a model over code and write every layer's activations (NeuroX HDF5, JSON or raw folder); --neurons/--mode write them with an intervention (--mode patch: from --patch-from).")
        {
            model, input, output, labels, aggregation, specials, sentence, layers, device, dtype, stream, batchSize, maxLength, truncate, float16, quiet,
        };
        foreach (var o in intervention.All) command.Options.Add(o);
        command.SetAction((parse, ct) => Task.FromResult(Program.Guard(() => Run(
            parse.GetValue(model), parse.GetValue(input), parse.GetValue(output)!, parse.GetValue(labels),
            new TransformerExtractionOptions
            {
                Aggregation = parse.GetValue(aggregation),
                IncludeSpecialTokens = parse.GetValue(specials),
                Pooling = parse.GetValue(sentence),
                Layers = ParseLayers(parse.GetValue(layers)!),
                Device = parse.GetValue(device)!,
                DType = parse.GetValue(dtype),
                StreamLayers = parse.GetValue(stream),
                BatchSize = parse.GetValue(batchSize),
                MaxLength = parse.GetValue(maxLength),
                Truncate = parse.GetValue(truncate),
            },
            (source, corpus, batch) => intervention.AttachTo(parse, source, corpus, parse.GetValue(input), batch, ct),
            [("--patch-from", parse.GetValue(intervention.PatchFrom)), ("--reference", parse.GetValue(intervention.Reference))],
            parse.GetValue(float16), parse.GetValue(quiet), ct))));
        return command;
    }

    internal static int[]? ParseLayers(string text)
    {
        text = text.Trim();
        if (text.Length == 0 || text.Equals("all", StringComparison.OrdinalIgnoreCase)) return null;
        return text.Split(',').Select(p => int.TryParse(p.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int v)
            ? v : throw new ArgumentException($"--layers: '{p.Trim()}' is not a layer index; use all or e.g. 0,6,12.")).ToArray();
    }

    private static int Run(string? modelFolder, string? input, string output, string? labels, TransformerExtractionOptions options,
        Func<TransformerActivationSource, IReadOnlyList<CodeSnippet>, int, IDisposable?> intervene, (string, string?)[] interventionFiles, bool float16, bool quiet, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        OutputGuard.EnsureNotInput(output, "--output", [("--input", input), ("--model", modelFolder), ("--labels", labels), .. interventionFiles]);
        var corpus = input is null ? CodeCorpus.SampleSnippets() : CorpusReader.Read(input);
        var saveOptions = new ActivationSaveOptions { Precision = float16 ? HdfPrecision.Float16 : HdfPrecision.Float32, Labels = labels is null ? null : RowLabels(labels, input, output, corpus, options) };
        if (float16 && ActivationFile.DetectFormat(output, forWriting: true) != ActivationFormat.NeuroxHdf5)
            throw new ArgumentException("--hdf5-float16 needs an .hdf5/.h5 output.");
        var outputDir = Path.GetDirectoryName(Path.GetFullPath(output))!;
        if (!Directory.Exists(outputDir))
            throw new DirectoryNotFoundException($"The output folder '{outputDir}' does not exist (--output {output}).");

        var logger = quiet ? null : new StderrLogger<TransformerActivationSource>();
        using var source = modelFolder is null ? TransformerActivationSource.LoadMiniLm(options, logger) : TransformerActivationSource.Load(modelFolder, options, logger);
        using var intervention = intervene(source, corpus, options.BatchSize);
        double loadSeconds = clock.Elapsed.TotalSeconds;
        if (!quiet)
            Console.Error.WriteLine($"{(modelFolder ?? "embedded all-MiniLM-L6-v2")}: {source.Layout.Layers} layers × {source.Layout.NeuronsPerLayer}; {corpus.Count} snippets from {input ?? "the built-in sample"}; loaded in {loadSeconds:F1} s.");
        var progress = quiet ? null : new SynchronousProgress<ExtractionProgress>(p =>
            Console.Error.Write($"\r  {p.SnippetsDone}/{p.SnippetsTotal?.ToString(CultureInfo.InvariantCulture) ?? "?"} snippets, {p.RowsWritten} rows"));
        var extractClock = Stopwatch.StartNew();
        using (var sink = ActivationSinks.Create(output, saveOptions))
        {
            source.Extract(corpus, sink, progress, ct);
        }
        var stats = source.LastStatistics;
        if (!quiet)
        {
            Console.Error.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Wrote {stats?.Rows ?? 0} rows × {source.Layout.Neurons} neurons to {output} in {extractClock.Elapsed.TotalSeconds:F2} s ({clock.Elapsed.TotalSeconds:F2} s in all)."));
            if (stats is { TokensDropped: > 0 })
                Console.WriteLine($"  --truncate dropped {stats.TokensDropped} code tokens in {stats.TruncatedSnippets} snippets.");
        }
        return 0;
    }

    /// <summary>The rows' labels for y.i32, checked against the input line by line before the model runs.</summary>
    private static RawLabels RowLabels(string labels, string? input, string output, IReadOnlyList<CodeSnippet> corpus, TransformerExtractionOptions o)
    {
        if (input is null) throw new ArgumentException("--labels needs --input (the labels are parallel to its lines).");
        if (ActivationFile.DetectFormat(output, forWriting: true) != ActivationFormat.RawFolder)
            throw new ArgumentException($"--labels writes y.i32 of a raw folder; --output {output} is a NeuroX file (give a folder, or keep the .label file beside it for NeuroX).");
        if (o.Pooling == SentencePooling.None && (o.Aggregation == TokenAggregation.None || o.IncludeSpecialTokens || o.Truncate))
            throw new ArgumentException("--labels gives one label per code token, so the rows must be code tokens: not with --aggregation none, --include-special-tokens or --truncate.");
        return RawLabels.ForCorpus(NeuroxText.ReadLabels(labels), corpus, o.Pooling != SentencePooling.None);
    }
}
