using System.Globalization;
using CodeNeurons.Analysis;
using CodeNeurons.Concepts;
using CodeNeurons.Data;
using CodeNeurons.Interpretation;
using CodeNeurons.Reporting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodeNeurons.Workflows;

/// <summary>
/// The whole analysis of <c>codeneurons analyze</c> as a library call: code → labelled tokens (<see cref="CodeLabeller"/>)
/// → a balanced, lexically disjoint dataset → the model's activations → the CCFS pipeline (LS, CC, LCA, concept
/// neurons, selectivity) → CKA between layers → a report document.
/// </summary>
/// <remarks>
/// Follows Sharma et al., <i>Redundancy and Concept Analysis for Code-trained Language Models</i> (arXiv 2305.00875),
/// with Dalvi et al.'s pipeline (EMNLP 2020). The model is any <see cref="IActivationSource"/> writing one row per code
/// token (token aggregation on, no special tokens, no truncation), e.g. CodeNeurons.Torch's
/// <c>TransformerActivationSource.LoadMiniLm(new() { Aggregation = TokenAggregation.Last })</c>. The same corpus, model
/// and seed give the same report.
/// </remarks>
public sealed class CodeAnalysisWorkflow
{
    private readonly ILogger<CodeAnalysisWorkflow> _logger;

    /// <summary>Creates the workflow.</summary>
    /// <param name="options">Settings (validated here); null for the defaults.</param>
    /// <param name="logger">Receives one line per stage; null for none.</param>
    /// <exception cref="ArgumentException">An invalid setting.</exception>
    public CodeAnalysisWorkflow(AnalyzeOptions? options = null, ILogger<CodeAnalysisWorkflow>? logger = null)
    {
        Options = options ?? new AnalyzeOptions();
        Options.Validate();
        _logger = logger ?? NullLogger<CodeAnalysisWorkflow>.Instance;
    }

    /// <summary>The settings.</summary>
    public AnalyzeOptions Options { get; }

    /// <summary>Runs the analysis.</summary>
    /// <param name="corpus">The code, e.g. <see cref="CodeCorpus.BuiltIn"/> or <see cref="CodeCorpus.FromFiles"/>.</param>
    /// <param name="model">The model (one row per code token); not disposed here.</param>
    /// <param name="progress">Stage starts, steps and results.</param>
    /// <param name="cancellationToken">Cancels the work between and inside stages.</param>
    /// <returns>The report, the document and the data.</returns>
    /// <exception cref="ArgumentException">The corpus has fewer than two of the classes, or no code token.</exception>
    /// <exception cref="InvalidDataException">The model wrote another number of rows than the corpus has tokens.</exception>
    public AnalyzeResult Run(CodeCorpus corpus, IActivationSource model, IProgress<AnalyzeProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(model);
        var o = Options;
        var stages = new StageLog();
        var clock = stages.Start();

        progress?.Report(new AnalyzeProgress(AnalyzeStage.Labelling, 0, null, "labelling code"));
        var labelled = CodeLabeller.Label(corpus, null, cancellationToken);
        var present = o.Classes.Where(c => labelled.Labels.Contains(c)).ToArray();
        if (present.Length < 2)
            throw new ArgumentException($"The input ({corpus.Description}) has tokens of {present.Length} of the classes {string.Join(", ", o.Classes)}; at least two are needed.", nameof(corpus));
        var dataset = ProbingDatasetBuilder.Build(labelled, new ProbingDatasetOptions
        {
            Classes = present, TrainPerClass = o.PerClass, ValidPerClass = Math.Max(2, o.PerClass / 4), TestPerClass = Math.Max(2, o.PerClass / 4),
            LexicallyDisjoint = true, Shortfall = ShortfallPolicy.TakeAvailable, Seed = o.Seed,
        });
        clock.Stop("label");
        var labelSummary = $"labelled {labelled.Count} code tokens in {corpus.Files.Count} file(s) ({corpus.Description}); dataset {dataset.Train.Count} train, {dataset.Valid.Count} dev, {dataset.Test.Count} test tokens of {string.Join(", ", dataset.ClassNames)}.";
        _logger.LogInformation("{Summary}", labelSummary);
        progress?.Report(new AnalyzeProgress(AnalyzeStage.Labelling, 1, 1, labelSummary, true));

        clock = stages.Start();
        var snippets = Enumerable.Range(0, labelled.Count).GroupBy(t => labelled.SentenceIndices[t])
            .Select(g => ProbingExtraction.Snippet(g.Select(t => labelled.Tokens[t]))).ToArray();
        progress?.Report(new AnalyzeProgress(AnalyzeStage.Extracting, 0, snippets.Length, "extracting"));
        var extractionProgress = progress is null ? null : new ProgressRelay<ExtractionProgress>(p => progress.Report(new AnalyzeProgress(AnalyzeStage.Extracting, p.SnippetsDone, snippets.Length, "lines")));
        var all = model.Extract(snippets, extractionProgress, cancellationToken);
        if (all.Rows != labelled.Count)
            throw new InvalidDataException($"The model wrote {all.Rows} rows for {labelled.Count} code tokens; give a source with one row per code token (token aggregation on, no special tokens, no truncation).");
        double extractionSeconds = clock.Stop("extraction");
        var extractSummary = string.Create(CultureInfo.InvariantCulture,
            $"extracted {all.Rows} tokens × {all.Neurons} neurons ({all.Layout.Layers} layers × {all.Layout.NeuronsPerLayer}) with {o.ModelName} in {extractionSeconds:F1} s.");
        _logger.LogInformation("{Summary}", extractSummary);
        progress?.Report(new AnalyzeProgress(AnalyzeStage.Extracting, snippets.Length, snippets.Length, extractSummary, true));

        var data = dataset.WithNeighbours(dataset.ToProbingData(all), labelled);
        progress?.Report(new AnalyzeProgress(AnalyzeStage.Pipeline, 0, null, "CCFS pipeline"));
        int probes = 0;
        var pipelineProgress = progress is null ? null : new ProgressRelay<CcfsProgress>(p => progress.Report(new AnalyzeProgress(AnalyzeStage.Pipeline, ++probes, null, $"{p.Stage}: {p.Detail}")));
        var pipelineOptions = (o.Pipeline ?? new CcfsOptions()) with { Seed = o.Seed };
        var report = new CcfsPipeline(pipelineOptions).Run(data, pipelineProgress, cancellationToken);
        var pipelineSummary = $"CCFS pipeline done: best {report.Best?.Name}, {report.Best?.Neurons} of {report.InputNeurons} neurons.";
        _logger.LogInformation("{Summary}", pipelineSummary);
        progress?.Report(new AnalyzeProgress(AnalyzeStage.Pipeline, probes, probes, pipelineSummary, true));

        progress?.Report(new AnalyzeProgress(AnalyzeStage.Report, 0, null, "CKA and report"));
        clock = stages.Start();
        var cka = Cka.Compute(all, new CkaOptions { MinibatchSize = Math.Min(256, all.Rows), Minibatches = o.CkaMinibatches, Seed = o.Seed }, null, cancellationToken);
        clock.Stop("cka");
        report = stages.PrependTo(report);

        // Evidence (AUROC against random neurons, signed top tokens) and activation maps from every labelled row.
        var document = ReportDocuments.FromCcfs(report, o.Title, $"{o.ModelName} over {corpus.Description}", activations: all, rowLabels: labelled.Labels,
            evidenceOptions: new NeuronEvidenceOptions { Seed = o.Seed }, cancellationToken: cancellationToken);
        document = document with
        {
            HeatMaps = [ReportDocuments.FromCka(cka)],
            Timings = ReportDocuments.StageTimings(report),
        };
        var ckaSummary = $"CKA over {cka.Count} layers; report document with {document.ActivationMaps!.Count} activation map(s).";
        _logger.LogInformation("{Summary}", ckaSummary);
        progress?.Report(new AnalyzeProgress(AnalyzeStage.Report, 1, 1, ckaSummary, true));
        return new AnalyzeResult { Tokens = labelled, Dataset = dataset, Activations = all, Data = data, Report = report, Cka = cka, Document = document };
    }
}
