using System.Globalization;
using CodeNeurons.Analysis;
using CodeNeurons.Concepts;
using CodeNeurons.Data;
using CodeNeurons.Formats;
using CodeNeurons.Interpretation;
using CodeNeurons.Torch.Extraction;
using CodeNeurons.Torch.Interpretation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodeNeurons.Torch.Analysis;

/// <summary>
/// Runs a <see cref="CcfsConfigFile"/> (<c>codeneurons ccfs</c>): loads the splits it names (NeuroX files or raw folders
/// with their labels) or builds and extracts a corpus' dataset with a transformer, then runs the CCFS pipeline with the
/// configured probe implementation and device; with <c>data.rows</c> it opens the raw folders for reading row by row and
/// runs <see cref="StreamedCcfs"/> instead (no dense matrix; the report has <see cref="CcfsReport.Streamed"/> set).
/// </summary>
/// <remarks>Dalvi et al., <i>Analyzing Redundancy in Pretrained Transformer Models</i> (EMNLP 2020); Sharma et al. (arXiv 2305.00875).</remarks>
public static class CcfsConfigRunner
{
    /// <summary>Runs the config.</summary>
    /// <param name="config">A config from <see cref="CcfsConfigFile.Load"/> (absolute paths, checked).</param>
    /// <param name="seed">Overrides <c>pipeline.seed</c>; null keeps it.</param>
    /// <param name="progress">Stage summaries, extraction and probe steps.</param>
    /// <param name="logger">Receives each stage summary; null for none.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The report; its timings start with load (or dataset and extraction).</returns>
    /// <exception cref="InvalidDataException">A raw folder's X.f32, y.i32 or meta.json is inconsistent.</exception>
    /// <exception cref="ArgumentException">A class with no dev row, a class of dev or test not in training, the managed probe on CUDA, splits of <c>data.rows</c> with other layouts.</exception>
    public static CcfsReport Run(CcfsConfigFile config, int? seed = null, IProgress<CcfsConfigProgress>? progress = null,
        ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        logger ??= NullLogger.Instance;
        var options = seed is null ? config.Pipeline : config.Pipeline with { Seed = seed.Value };
        var data = config.Data ?? throw new ArgumentException("The config has no \"data\"; load it with CcfsConfigFile.Load.", nameof(config));
        if (config.Implementation == ProbeImplementation.Managed && config.Device != "cpu")
            throw new ArgumentException("implementation managed runs on the CPU only; use \"implementation\": \"torch\" for cuda.", nameof(config));
        if (data.Rows is { } rows) return StreamedConfigRun.Run(rows, options, config, progress, logger, cancellationToken);
        var stages = new StageLog();
        ProbingData probing;
        if (data.Corpus is { } corpus)
        {
            probing = ExtractCorpus(corpus, stages, progress, logger, cancellationToken);
        }
        else
        {
            var clock = stages.Start();
            var (train, trainLabels) = LoadSplit(data.Train!, null);
            var (dev, devLabels) = LoadSplit(data.Dev!, trainLabels.ClassNames);
            var missing = devLabels.MissingClasses();
            if (missing.Length > 0)
                throw new ArgumentException($"{data.Dev!.Labels ?? data.Dev.Activations}: class {string.Join(", ", missing.Select(c => $"'{trainLabels.ClassNames[c]}'"))} has no dev row; every class must be scored on dev.");
            LabeledActivations? test = null;
            if (data.Test is not null)
            {
                var (x, y) = LoadSplit(data.Test, trainLabels.ClassNames);
                test = new LabeledActivations(x, y);
            }
            probing = new ProbingData(new LabeledActivations(train, trainLabels), new LabeledActivations(dev, devLabels), test);
            clock.Stop("load");
        }
        var t = probing.Train.Activations;
        Summary(progress, logger, CcfsConfigStage.Data, string.Create(CultureInfo.InvariantCulture,
            $"{t.Neurons} neurons ({t.Layout.Layers} layers × {t.Layout.NeuronsPerLayer}), {probing.ClassNames.Count} classes; train {t.Rows}, dev {probing.Dev.Rows}, test {probing.Test?.Rows ?? 0} rows."));

        IConceptProbe probe = config.Implementation == ProbeImplementation.Torch
            ? options.CreateProbe(o => new TorchElasticNetProbe(o, config.Device))
            : options.CreateProbe();
        var kernel = KernelFactory.Create(KernelChoice.Auto, config.Device);
        var pipelineProgress = progress is null ? null : new Relay<CcfsProgress>(p => progress.Report(new CcfsConfigProgress(CcfsConfigStage.Pipeline, p.Step, p.Steps, p.Detail, p)));
        var report = new CcfsPipeline(options, probe, kernel).Run(probing, pipelineProgress, cancellationToken);
        return stages.PrependTo(report);
    }

    private static ProbingData ExtractCorpus(CcfsCorpusConfig c, StageLog stages, IProgress<CcfsConfigProgress>? progress, ILogger logger, CancellationToken ct)
    {
        var clock = stages.Start();
        LabeledTokens tokens;
        ProbingDataset dataset;
        if (c.ValidTokens is not null)
        {
            // Separate train / valid / test files (sources 0, 1, 2), selected by the seed paper's rules.
            tokens = LabeledTokens.Concat(LabeledTokens.FromFiles(c.Tokens[0], c.Labels[0], TokenSeparator.Space),
                LabeledTokens.FromFiles(c.ValidTokens, c.ValidLabels!, TokenSeparator.Space), LabeledTokens.FromFiles(c.TestTokens!, c.TestLabels!, TokenSeparator.Space));
            var seed = c.Preset == "java-six-classes" ? PaperPresets.JavaSixClassesSeedSplits : new SeedSplitOptions { Classes = c.Classes ?? [] };
            dataset = SeedSplitDatasetBuilder.Build(tokens, seed with
            {
                Classes = c.Classes ?? seed.Classes,
                TrainPerClass = c.TrainPerClass ?? seed.TrainPerClass,
                ValidPerClass = c.ValidPerClass ?? seed.ValidPerClass,
                TestPerClass = c.TestPerClass ?? seed.TestPerClass,
            });
        }
        else
        {
            var parts = c.Tokens.Select((t, i) => LabeledTokens.FromFiles(t, c.Labels[i], TokenSeparator.Space)).ToArray();
            tokens = parts.Length == 1 ? parts[0] : LabeledTokens.Concat(parts);
            var datasetOptions = c.Preset is null ? new ProbingDatasetOptions() : PaperPresets.ByName(c.Preset);
            datasetOptions = datasetOptions with
            {
                Classes = c.Classes ?? datasetOptions.Classes,
                TrainPerClass = c.TrainPerClass ?? datasetOptions.TrainPerClass,
                ValidPerClass = c.ValidPerClass ?? datasetOptions.ValidPerClass,
                TestPerClass = c.TestPerClass ?? datasetOptions.TestPerClass,
                Seed = c.Seed,
            };
            dataset = ProbingDatasetBuilder.Build(tokens, datasetOptions);
        }
        clock.Stop("dataset");
        Summary(progress, logger, CcfsConfigStage.Data,
            $"Dataset: {dataset.Train.Count} train, {dataset.Valid.Count} valid, {dataset.Test.Count} test tokens over {dataset.ClassNames.Count} classes ({string.Join(", ", dataset.ClassNames)}).");

        clock = stages.Start();
        var extraction = new TransformerExtractionOptions
        {
            Aggregation = c.Aggregation is null or TokenAggregation.None ? throw new ArgumentException("data.corpus.aggregation must be first, last or average (one row per code token); load the config with CcfsConfigFile.Load.", nameof(c)) : c.Aggregation.Value,
            Layers = c.ExtractLayers, BatchSize = c.BatchSize, MaxLength = c.MaxLength, Device = c.Device,
        };
        using var source = c.Model is null ? TransformerActivationSource.LoadMiniLm(extraction) : TransformerActivationSource.Load(c.Model, extraction);
        var extractionProgress = progress is null ? null : new Relay<ExtractionProgress>(p =>
            progress.Report(new CcfsConfigProgress(CcfsConfigStage.Extraction, p.SnippetsDone, p.SnippetsTotal, "sentences")));
        var result = ProbingExtraction.Extract(source, dataset, tokens, extractionProgress, ct);
        double seconds = clock.Stop("extraction");
        Summary(progress, logger, CcfsConfigStage.Extraction, string.Create(CultureInfo.InvariantCulture,
            $"extracted {result.SentencesExtracted} sentences ({result.TokensExtracted} code tokens) with {c.Model ?? "the embedded all-MiniLM-L6-v2"} in {seconds:F1} s."));
        return dataset.WithNeighbours(result.Data, tokens);
    }

    private static (ActivationSet Set, ClassLabels Labels) LoadSplit(CcfsSplitFiles f, IReadOnlyList<string>? classOrder)
    {
        var acts = ActivationFile.Load(f.Activations);
        return (acts, ActivationLabels.Read(f.Activations, f.Labels, null, acts, classOrder,
            $"{f.Activations}: give \"labels\" (a NeuroX .label file) unless the activations are a raw folder with y.i32."));
    }

    internal static void Summary(IProgress<CcfsConfigProgress>? progress, ILogger logger, CcfsConfigStage stage, string line)
    {
        logger.LogInformation("{Summary}", line);
        progress?.Report(new CcfsConfigProgress(stage, 0, null, line, null, true));
    }

    internal sealed class Relay<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
