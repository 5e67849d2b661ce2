using System.Globalization;
using CodeNeurons.Analysis;
using CodeNeurons.Concepts;
using CodeNeurons.Data;
using CodeNeurons.Interpretation;
using CodeNeurons.Reporting;
using CodeNeurons.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodeNeurons.Workflows;

/// <summary>
/// <c>codeneurons analyze --task</c> as a library call: a snippet-level task's examples (defect detection, clone detection,
/// code search) → one representation per example and layer (<see cref="ISnippetEncoder"/>) → the CCFS pipeline with the
/// paper's settings → snippet concepts (<see cref="SnippetConcepts"/>), one binary probe each → a report with the task's and
/// the concepts' neurons drawn as activation maps over the snippets (a pair's two inputs side by side, or, when the encoder
/// reads a pair as one joint input (<see cref="PairInput.Joint"/>), that one input).
/// </summary>
/// <remarks>
/// Sharma et al., <i>Redundancy and Concept Analysis for Code-trained Language Models</i> (arXiv 2305.00875), sections on
/// the sentence-level tasks; the pipeline is Dalvi et al.'s (EMNLP 2020). The same data, model and seed give the same report.
/// </remarks>
public sealed class SnippetAnalysisWorkflow
{
    private readonly ILogger<SnippetAnalysisWorkflow> _logger;

    /// <summary>Creates the workflow.</summary>
    /// <param name="options">Settings (validated here); null for the defaults.</param>
    /// <param name="logger">Receives one line per stage; null for none.</param>
    /// <exception cref="ArgumentException">An invalid setting.</exception>
    public SnippetAnalysisWorkflow(SnippetAnalyzeOptions? options = null, ILogger<SnippetAnalysisWorkflow>? logger = null)
    {
        Options = options ?? new SnippetAnalyzeOptions();
        Options.Validate();
        _logger = logger ?? NullLogger<SnippetAnalysisWorkflow>.Instance;
    }

    /// <summary>The settings.</summary>
    public SnippetAnalyzeOptions Options { get; }

    /// <summary>
    /// The paper's pipeline settings for the snippet-level tasks: every stage, δ_L ∈ {1, 2, 3} %, CC thresholds 0.1 … 0.9,
    /// δ_N = 1 %, LS + CC + LCA for (δ_L, δ_N) ∈ {(3,1), (2,1), (1,1)} × thresholds {none, 0.1, …, 0.9}, every choice and
    /// score by the task's metric (<see cref="PaperMetric"/>).
    /// </summary>
    /// <param name="task">The task (the metric it is scored by).</param>
    /// <returns>The options.</returns>
    public static CcfsOptions PaperPipeline(CodeTask task) => new()
    {
        Combined = new CombinedStageOptions { Thresholds = [null, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9] },
        Metric = PaperMetric(task),
    };

    /// <summary>The metric the paper scores <paramref name="task"/> by: F1 (of class 1, clone) for clone detection, accuracy for defect detection and code search.</summary>
    /// <param name="task">The task.</param>
    /// <returns>The metric.</returns>
    public static ProbeMetric PaperMetric(CodeTask task) => task == CodeTask.CloneDetection ? ProbeMetric.F1 : ProbeMetric.Accuracy;

    private static string MetricName(ProbeMetric metric) => metric switch
    {
        ProbeMetric.F1 => "F1",
        ProbeMetric.MacroF1 => "macro-F1",
        _ => "accuracy",
    };

    /// <summary>Runs the analysis.</summary>
    /// <param name="examples">The task's train / dev / test examples (<see cref="SnippetTaskData.Load"/>).</param>
    /// <param name="model">The model; not disposed here.</param>
    /// <param name="progress">Stage starts, steps and results.</param>
    /// <param name="cancellationToken">Cancels the work between and inside stages.</param>
    /// <returns>The report, the document and the data.</returns>
    /// <exception cref="ArgumentException">A split is empty, or train lacks a class.</exception>
    public SnippetAnalyzeResult Run(SnippetTaskData examples, ISnippetEncoder model, IProgress<AnalyzeProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(model);
        var o = Options;
        var stages = new StageLog();
        var clock = stages.Start();
        var task = examples.Task;
        var (nTrain, nDev, nTest) = examples.Counts;
        if (nTrain == 0 || nDev == 0)
            throw new ArgumentException($"The {task} data ({examples.Description}) has {nTrain} train and {nDev} dev examples; both splits need examples.", nameof(examples));
        bool pairs = examples.Pairs is not null;
        bool joint = pairs && model.PairInput == PairInput.Joint;

        // 1. Labels and snippet concepts of every row (train, dev, test in order).
        progress?.Report(new AnalyzeProgress(AnalyzeStage.Labelling, 0, null, "labelling snippets"));
        var rows = Rows(examples);
        var classNames = TaskLabels.ClassNames(task);
        var rowConcepts = rows.Select(r => SnippetConcepts.Of(r.Code, o.Language)).ToArray();
        clock.Stop("label");
        var labelSummary = $"{task}: {nTrain} train, {nDev} dev, {nTest} test {(pairs ? "pairs" : "snippets")} ({examples.Description}); snippet concepts of {rows.Length} rows.";
        _logger.LogInformation("{Summary}", labelSummary);
        progress?.Report(new AnalyzeProgress(AnalyzeStage.Labelling, 1, 1, labelSummary, true));

        // 2. One representation per row.
        clock = stages.Start();
        int inputs = rows.Length * (pairs && !joint ? 2 : 1);
        progress?.Report(new AnalyzeProgress(AnalyzeStage.Extracting, 0, inputs, "encoding"));
        var encodeProgress = progress is null ? null : new ProgressRelay<int>(d => progress.Report(new AnalyzeProgress(AnalyzeStage.Extracting, d, inputs, "inputs")));
        var all = pairs
            ? model.EncodePairs(rows.Select(r => (r.First, r.Second!)).ToArray(), encodeProgress, cancellationToken)
            : model.Encode(rows.Select(r => r.First).ToArray(), encodeProgress, cancellationToken);
        if (all.Rows != rows.Length)
            throw new InvalidDataException($"The model wrote {all.Rows} rows for {rows.Length} examples; an ISnippetEncoder writes one row per snippet or pair.");
        double extractionSeconds = clock.Stop("extraction");
        var extractSummary = string.Create(CultureInfo.InvariantCulture,
            $"encoded {rows.Length} {(joint ? "pairs (joint inputs)" : pairs ? "pairs" : "snippets")} × {all.Neurons} neurons ({all.Layout.Layers} layers × {all.Layout.NeuronsPerLayer}) with {o.ModelName} in {extractionSeconds:F1} s.");
        _logger.LogInformation("{Summary}", extractSummary);
        progress?.Report(new AnalyzeProgress(AnalyzeStage.Extracting, inputs, inputs, extractSummary, true));

        LabeledActivations Split(int start, int count) => new(all.SelectRows(start, count), ClassLabels.FromIds(rows.Skip(start).Take(count).Select(r => r.Label).ToArray(), classNames));
        var data = new ProbingData(Split(0, nTrain), Split(nTrain, nDev), nTest == 0 ? null : Split(nTrain + nDev, nTest));

        // 3. The pipeline.
        progress?.Report(new AnalyzeProgress(AnalyzeStage.Pipeline, 0, null, "CCFS pipeline"));
        int probes = 0;
        var pipelineProgress = progress is null ? null : new ProgressRelay<CcfsProgress>(p => progress.Report(new AnalyzeProgress(AnalyzeStage.Pipeline, ++probes, null, $"{p.Stage}: {p.Detail}")));
        var pipelineOptions = (o.Pipeline ?? PaperPipeline(task)) with { Seed = o.Seed };
        var report = new CcfsPipeline(pipelineOptions).Run(data, pipelineProgress, cancellationToken);
        string? pairInput = pairs ? PairInputSetting(model.PairInput) : null;
        if (pairInput is not null) report = report with { Notes = [.. report.Notes, $"Pair input: {pairInput}."] };
        var pipelineSummary = $"CCFS pipeline done: best {report.Best?.Name}, {report.Best?.Neurons} of {report.InputNeurons} neurons.";
        _logger.LogInformation("{Summary}", pipelineSummary);
        progress?.Report(new AnalyzeProgress(AnalyzeStage.Pipeline, probes, probes, pipelineSummary, true));

        // 4. Snippet concepts, CKA, maps and the document.
        progress?.Report(new AnalyzeProgress(AnalyzeStage.Report, 0, null, "snippet concepts, CKA and report"));
        clock = stages.Start();
        var notes = new List<string>();
        var evidenceOptions = new NeuronEvidenceOptions { Seed = o.Seed };
        var conceptProbes = new List<SnippetConceptProbe>();
        var conceptTables = new List<ConceptNeurons>();
        foreach (var concept in o.Concepts)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var isConcept = rowConcepts.Select(c => c.Contains(concept)).ToArray();
            var probe = ProbeConcept(concept, isConcept, data, nTrain, nDev, pipelineOptions, notes, cancellationToken);
            if (probe is null) continue;
            conceptProbes.Add(probe);
            var weights = probe.TopNeurons.Select((id, i) => (id, i)).ToDictionary(t => t.id, t => probe.TopWeightMass[t.i]);
            var e = NeuronEvidence.ForConcept(all, isConcept, probe.TopNeurons, evidenceOptions, cancellationToken);
            conceptTables.Add(ReportDocuments.EvidenceTable(concept, e, all.Layout, weights,
                $"separation, max(AUROC, 1 − AUROC), of each neuron alone over all {all.Rows} rows, among the binary {concept} probe's top-{probe.TopNeurons.Count} neurons by weight mass (score = weight mass)", null));
        }
        var cka = Cka.Compute(all, new CkaOptions { MinibatchSize = Math.Min(256, all.Rows), Minibatches = o.CkaMinibatches, Seed = o.Seed }, null, cancellationToken);
        clock.Stop("cka");
        report = stages.PrependTo(report);

        string metric = MetricName(pipelineOptions.Metric);
        var rowLabels = rows.Select(r => classNames[r.Label]).ToArray();
        var document = ReportDocuments.FromCcfs(report, o.Title, $"{o.ModelName} on {task} ({examples.Description}){(joint ? "; each pair one joint input" : "")}; scored by {metric}",
            activations: all, rowLabels: rowLabels, evidenceOptions: evidenceOptions, cancellationToken: cancellationToken);
        var taskTables = document.Concepts ?? [];
        var maps = new List<ActivationMap>();
        foreach (var table in taskTables.Concat(conceptTables))
        {
            if (table.Neurons is not { Count: > 0 } neurons) continue;
            var map = SnippetMap(model, all, rows, classNames, neurons[0], table.Concept, pairs, joint, cancellationToken);
            if (map is null) notes.Add($"No activation map for the {table.Concept} neuron {neurons[0].Layer}:{neurons[0].Unit}: the pair unit mixes every unit of both inputs.");
            else maps.Add(map);
        }
        notes.Add($"Metric: {metric}, every dev choice and every dev / test score of the pipeline (the paper scores {task} by {MetricName(PaperMetric(task))}). The snippet-concept probes are scored by accuracy.");
        notes.Add("Snippet concepts are read from the code side of each row: defect detection the function, clone detection the first function, code search the code (not the query); each is probed as its own binary concept (holds / does not) on the same rows, with the pipeline's probe settings.");
        var settings = (document.Settings ?? []).Concat([
            new ReportSetting("task", $"{task}, scored by {metric}"),
            new ReportSetting("data", examples.Description),
            new ReportSetting("snippet concepts", string.Join(", ", o.Concepts)),
            .. pairInput is null ? Array.Empty<ReportSetting>() : [new ReportSetting("pair input", pairInput)],
        ]).ToArray();
        document = document with
        {
            Concepts = [.. taskTables, .. conceptTables],
            ActivationMaps = maps,
            HeatMaps = [ReportDocuments.FromCka(cka)],
            BarCharts = [.. document.BarCharts ?? [], .. ConceptChart(conceptProbes, nTest > 0)],
            Settings = settings,
            Notes = [.. document.Notes ?? [], .. notes],
            Timings = ReportDocuments.StageTimings(report),
        };
        var reportSummary = $"{conceptProbes.Count} snippet concept(s) probed; CKA over {cka.Count} layers; {maps.Count} activation map(s).";
        _logger.LogInformation("{Summary}", reportSummary);
        progress?.Report(new AnalyzeProgress(AnalyzeStage.Report, 1, 1, reportSummary, true));
        return new SnippetAnalyzeResult
        {
            Examples = examples, Activations = all, RowConcepts = rowConcepts, Data = data, Report = report, Cka = cka,
            ConceptProbes = conceptProbes, Document = document,
        };
    }

    /// <summary>The pair input in words, for the report's settings and notes.</summary>
    private static string PairInputSetting(PairInput input) => input == PairInput.Joint
        ? "joint (each pair is one model input, the first text then the second with the model's separators, as a fine-tuned cross-encoder reads it; pooled per layer)"
        : "separate (each text encoded alone; the two vectors combined per layer)";

    /// <summary>One row: the first input (the function, or the pair's first), the second (pairs), the code the concepts are read from, the label.</summary>
    private readonly record struct Row(string First, string? Second, string Code, int Label);

    private static Row[] Rows(SnippetTaskData examples)
    {
        if (examples.Snippets is { } s)
            return [.. s.Train.Concat(s.Dev).Concat(s.Test).Select(e => new Row(e.Code, null, e.Code, e.Label))];
        var p = examples.Pairs!;
        bool search = examples.Task == CodeTask.CodeSearch;
        return [.. p.Train.Concat(p.Dev).Concat(p.Test).Select(e => new Row(e.First, e.Second, search ? e.Second : e.First, e.Label))];
    }

    /// <summary>A binary probe for one concept: trained on train (dev for early stopping), scored on test (dev without test); null (with a note) when train has too few rows on either side.</summary>
    private SnippetConceptProbe? ProbeConcept(string concept, bool[] isConcept, ProbingData data, int nTrain, int nDev, CcfsOptions pipeline, List<string> notes, CancellationToken cancellationToken)
    {
        int trainPos = isConcept.Take(nTrain).Count(b => b);
        if (trainPos < Options.MinConceptRows || nTrain - trainPos < Options.MinConceptRows)
        {
            notes.Add($"Snippet concept {concept} not probed: {trainPos} of {nTrain} train rows have it (at least {Options.MinConceptRows} with and without it are needed).");
            return null;
        }
        string[] names = ["not " + concept, concept];
        LabeledActivations Labelled(LabeledActivations split, int start) =>
            new(split.Activations, ClassLabels.FromIds(isConcept.Skip(start).Take(split.Rows).Select(b => b ? 1 : 0).ToArray(), names));
        var train = Labelled(data.Train, 0);
        var dev = Labelled(data.Dev, nTrain);
        var scored = data.Test is { } t ? Labelled(t, nTrain + nDev) : dev;
        var result = new ManagedElasticNetProbe(pipeline.Probe with { Seed = Options.Seed }).Fit(train, dev, null, cancellationToken);
        double accuracy = Metrics.Accuracy(result.Probe.Predict(scored.Activations), scored.Labels.Ids);
        int pos = scored.Labels.Ids.Count(i => i == 1);
        double majority = scored.Rows == 0 ? double.NaN : Math.Max(pos, scored.Rows - pos) / (double)scored.Rows;
        var top = result.Probe.TopNeuronsByWeight(pipeline.Concepts.NeuronsPerClass);
        var mass = result.Probe.WeightMass();
        var columnOf = result.Probe.NeuronIds.Select((id, j) => (id, j)).ToDictionary(t => t.id, t => t.j);
        return new SnippetConceptProbe(concept, trainPos, pos, accuracy, majority, top, top.Select(id => mass[columnOf[id]]).ToArray());
    }

    private static BarChart[] ConceptChart(IReadOnlyList<SnippetConceptProbe> probes, bool test) => probes.Count == 0 ? [] :
    [
        new BarChart
        {
            Title = $"Snippet-concept probes: {(test ? "test" : "dev")} accuracy of each binary probe against always answering the more common side",
            XLabel = "snippet concept", YLabel = "accuracy", Categories = probes.Select(p => p.Concept).ToArray(),
            Series = [new BarSeries("probe", probes.Select(p => p.TestAccuracy).ToArray()), new BarSeries("majority", probes.Select(p => p.MajorityAccuracy).ToArray())],
        },
    ];

    /// <summary>
    /// A snippet-level neuron drawn over snippets: the rows where it fires most (by its sign of separation) and one where it
    /// does not, each snippet's tokens shaded by the per-token activation of the unit the neuron reads (for a pair, the
    /// first and second inputs side by side; for a joint pair input, its one token sequence); null when a pair unit mixes every unit.
    /// </summary>
    private ActivationMap? SnippetMap(
        ISnippetEncoder model, ActivationSet all, Row[] rows, IReadOnlyList<string> classNames, NeuronEntry neuron, string concept, bool pairs, bool joint, CancellationToken cancellationToken)
    {
        var layout = all.Layout;
        int layer = layout.LayerOf(neuron.NeuronId), unit = neuron.NeuronId - layout.NeuronId(layer, 0);
        PairUnitSource? source = pairs ? model.PairSource(unit) : new PairUnitSource(unit, true, false, "the snippet");
        if (source is null) return null;
        int column = all.NeuronIds.ToList().IndexOf(neuron.NeuronId);
        int dir = neuron.Auroc is < 0.5 ? -1 : 1;
        var order = Enumerable.Range(0, all.Rows).OrderByDescending(r => dir * all[r, column]).ThenBy(r => r).ToArray();
        var chosen = order.Take(Options.MapSnippets).Select(r => (Row: r, Firing: true)).Append((Row: order[^1], Firing: false)).DistinctBy(c => c.Row).ToArray();
        int tokenNeuron = model.Layout.NeuronId(layer, source.Unit);
        var sentences = new List<IReadOnlyList<TokenActivation>>();
        var captions = new List<string?>();
        foreach (var (r, firing) in chosen)
        {
            string head = string.Create(CultureInfo.InvariantCulture,
                $"{(firing ? "fires most" : "does not fire")}: {all[r, column]:0.00} on example {r} ({classNames[rows[r].Label]})");
            if (joint)
            {
                var jointTokens = model.EncodePairTokens(rows[r].First, rows[r].Second!, cancellationToken);
                sentences.Add(TokenValues(jointTokens, tokenNeuron));
                captions.Add($"{head} — joint input (first text, then second), unit {source.Unit} per token");
                continue;
            }
            var texts = pairs ? new[] { (rows[r].First, source.First), (rows[r].Second!, source.Second) } : [(rows[r].First, true)];
            for (int side = 0; side < texts.Length; side++)
            {
                var tokens = model.EncodeTokens(texts[side].Item1, cancellationToken);
                bool read = texts[side].Item2;
                sentences.Add(TokenValues(tokens, read ? tokenNeuron : null));
                captions.Add(pairs ? $"{(side == 0 ? head + " — first" : "second")}{(read ? $", unit {source.Unit} per token" : " (not read by this unit)")}" : head);
            }
        }
        return new ActivationMap
        {
            NeuronId = neuron.NeuronId,
            Label = string.Create(CultureInfo.InvariantCulture,
                $"top {concept} neuron {layer}:{unit} (AUROC {neuron.Auroc:0.000}){(pairs ? $", reads {source.Part} unit {source.Unit}" : "")}: per-token activations of layer {layer}, unit {source.Unit}"),
            Sentences = sentences,
            SentenceCaptions = captions,
            Columns = pairs && !joint ? 2 : null,
        };
    }

    /// <summary>Each token with neuron <paramref name="tokenNeuron"/>'s value (NaN for all when null: a side the unit does not read).</summary>
    private static TokenActivation[] TokenValues(ActivationSet tokens, int? tokenNeuron)
    {
        int tc = tokenNeuron is int n ? tokens.NeuronIds.ToList().IndexOf(n) : -1;
        if (tokenNeuron is not null && tc < 0)
            throw new InvalidDataException($"The encoder's token rows lack neuron {tokenNeuron}; an ISnippetEncoder's token rows have its Layout.");
        return Enumerable.Range(0, tokens.Rows).Select(t => new TokenActivation(tokens.Tokens![t], tc >= 0 ? tokens[t, tc] : double.NaN)).ToArray();
    }
}
