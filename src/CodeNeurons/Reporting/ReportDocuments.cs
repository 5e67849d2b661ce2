using System.Globalization;
using CodeNeurons.Analysis;
using CodeNeurons.Data;
using CodeNeurons.Interpretation;

namespace CodeNeurons.Reporting;

/// <summary>Builds <see cref="ReportDocument"/>s from analysis results (a CCFS report, CKA, activations).</summary>
public static class ReportDocuments
{
    /// <summary>
    /// The report of a CCFS run: settings, timings, the table of every row, accuracy against neurons kept (every minimal-set
    /// search), the CC curve, the layer-wise probes, the layer distribution of the best set, per-class accuracy, the concept
    /// neurons and the notes. Sections the run did not produce are left empty (the HTML says what is missing).
    /// </summary>
    /// <param name="report">The pipeline's report.</param>
    /// <param name="title">The title; default "CodeNeurons: task-specific redundancy".</param>
    /// <param name="model">The model and data description, or null.</param>
    /// <param name="neuronsPerLayer">Neurons per layer (to place neuron ids in layers); null takes the report's <see cref="CcfsReport.NeuronsPerLayer"/> (or, for older reports, input neurons ÷ layers).</param>
    /// <param name="activations">
    /// Optional activations with tokens (rows × neurons; best all rows of the corpus, not only the probing splits) for the
    /// per-neuron evidence of <see cref="ConceptNeuronsWithEvidence"/> and the activation maps of <see cref="EvidenceActivationMaps"/>;
    /// null ranks concept neurons by the oracle's weights and draws no maps.
    /// </param>
    /// <param name="rowLabels">With <paramref name="activations"/>: each row's label; rows whose label is not a class of the report count as "rest".</param>
    /// <param name="evidenceOptions">Options of the evidence (random neurons, seed, minimum token count); null for the defaults.</param>
    /// <param name="cancellationToken">Checked between neurons of the evidence.</param>
    /// <returns>The document.</returns>
    /// <exception cref="ArgumentException"><paramref name="rowLabels"/> is missing or has another length than <paramref name="activations"/>.</exception>
    public static ReportDocument FromCcfs(CcfsReport report, string? title = null, string? model = null, int? neuronsPerLayer = null,
        ActivationSet? activations = null, IReadOnlyList<string>? rowLabels = null, NeuronEvidenceOptions? evidenceOptions = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (activations is not null && (rowLabels is null || rowLabels.Count != activations.Rows))
            throw new ArgumentException($"rowLabels must have one label per activation row ({activations.Rows}), not {rowLabels?.Count.ToString(CultureInfo.InvariantCulture) ?? "null"}.", nameof(rowLabels));
        var o = report.Options;
        int perLayer = neuronsPerLayer ?? (report.NeuronsPerLayer > 0 ? report.NeuronsPerLayer : Math.Max(1, report.InputNeurons / Math.Max(1, report.Layers.Count)));
        string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
        var settings = new List<ReportSetting>
        {
            new("neurons", $"{report.InputNeurons} (layers {string.Join(", ", report.Layers)})"),
            new("classes", string.Join(", ", report.ClassNames)),
            new("rows (train / dev / test)", string.Join(" / ", report.SplitRows)),
            new("stages", string.Join(", ", CcfsStageNames.Names(o.Stages))),
            new("δ_L (LS rows)", string.Join(", ", o.LayerSelection.Deltas.Select(F)) + " %"),
            new("CC thresholds", string.Join(", ", o.Clustering.Thresholds.Select(F))),
            new("δ_N", F(o.MinimalSet.DeltaPercent) + " %"),
            new("(δ_L, δ_N) pairs", string.Join(" ", o.Combined.Pairs.Select(p => $"({F(p.LayerDeltaPercent)},{F(p.NeuronDeltaPercent)})"))),
            new("combined thresholds", string.Join(", ", o.Combined.Thresholds.Select(t => t is null ? "none" : F(t.Value)))),
            new("grid", $"{o.MinimalSet.Grid.Count} fractions, {F(o.MinimalSet.Grid[0])} … {F(o.MinimalSet.Grid[^1])}"),
            new("best-combination rule", $"fewest neurons with dev ≥ oracle·(1 − {F(o.Combined.SelectionDeltaPercent)} %)"),
            new("probe", $"elastic net λ1 = {o.Probe.L1:G3}, λ2 = {o.Probe.L2:G3}, {o.Probe.Epochs} epochs, lr {o.Probe.LearningRate:G3}, batch {o.Probe.BatchSize}"),
            new("seed", o.Seed.ToString(CultureInfo.InvariantCulture)),
        };

        int devRows = report.SplitRows.Count > 1 ? report.SplitRows[1] : 0, testRows = report.SplitRows.Count > 2 ? report.SplitRows[2] : 0;
        var stages = report.Rows().Select(r => new StageRow
        {
            Name = r.Name, NeuronsKept = r.Neurons, NeuronsTotal = r.TotalNeurons, DevAccuracy = r.DevScore, TestAccuracy = r.TestScore, Detail = r.Detail,
            DevRows = devRows > 0 ? devRows : null, TestRows = testRows > 0 && r.TestScore is not null ? testRows : null,
        }).ToList();

        var lineCharts = new List<LineChart>();
        if (report.GridSearches.Count > 0)
            lineCharts.Add(GridSearchChart(report));
        if (report.Clustering.Count > 0)
        {
            var thresholds = o.Clustering.Thresholds;
            var series = new List<ChartSeries>
            {
                new() { Name = "dev accuracy", Points = report.Clustering.Select((r, i) => new ChartPoint(thresholds[i], r.DevScore)).ToArray() },
            };
            if (report.Clustering.All(r => r.TestScore is not null))
                series.Add(new() { Name = "test accuracy", Points = report.Clustering.Select((r, i) => new ChartPoint(thresholds[i], r.TestScore!.Value)).ToArray() });
            series.Add(new() { Name = "neurons kept", SecondaryAxis = true, Points = report.Clustering.Select((r, i) => new ChartPoint(thresholds[i], r.Neurons)).ToArray() });
            lineCharts.Add(new LineChart { Title = "CC curve: correlation clustering of all neurons", XLabel = "clustering threshold (1 − |r|)", YLabel = "accuracy", Y2Label = "neurons kept", Series = series });
        }
        if (report.LayerScores.Count > 0)
        {
            var series = new List<ChartSeries>
            {
                new() { Name = "independent (dev)", Points = report.LayerScores.Where(s => s.IndependentDevScore is not null).Select(s => new ChartPoint(s.Layer, s.IndependentDevScore!.Value)).ToArray() },
                new() { Name = "incremental 0..ℓ (dev)", Points = report.LayerScores.Select(s => new ChartPoint(s.Layer, s.IncrementalDevScore)).ToArray() },
            };
            lineCharts.Add(new LineChart { Title = "Layer-wise probes", XLabel = "layer", YLabel = "dev accuracy", Series = series });
        }

        var barCharts = new List<BarChart>();
        if (report.Best is { } best)
        {
            var counts = report.Layers.Select(l => (double)best.KeptNeurons.Count(id => id / perLayer == l)).ToArray();
            barCharts.Add(new BarChart
            {
                Title = $"Layer distribution of the best set ({best.Name}, {best.Neurons} neurons)",
                XLabel = "layer", YLabel = "neurons", Categories = report.Layers.Select(l => l.ToString(CultureInfo.InvariantCulture)).ToArray(),
                Series = [new BarSeries("neurons kept", counts)],
            });
        }
        if (report.PerClass.Count > 0)
        {
            barCharts.Add(new BarChart
            {
                Title = $"Per-class accuracy ({report.PerClass[0].Split})",
                XLabel = "class", YLabel = "accuracy", Categories = report.ClassNames,
                Series = report.PerClass.Select(p => new BarSeries(p.Name, p.Accuracy)).ToArray(),
            });
        }

        var shown = report.Best ?? report.Lca ?? report.Probeless;
        var keptSet = shown?.KeptNeurons.ToHashSet() ?? [];
        IReadOnlyList<ConceptNeurons> concepts;
        IReadOnlyList<ActivationMap>? maps = null;
        if (activations is not null)
        {
            concepts = ConceptNeuronsWithEvidence(report, activations, rowLabels!, evidenceOptions, cancellationToken);
            var top = concepts.Where(c => c.Neurons is { Count: > 0 } && c.Neurons[0].Auroc is not null).Select(c => (c.Concept, N: c.Neurons![0])).ToList();
            if (activations.Tokens is not null && top.Count > 0)
                maps = EvidenceActivationMaps(activations, top.Select(t => t.N.NeuronId).ToArray(),
                    top.Select(t => string.Create(CultureInfo.InvariantCulture, $"top {t.Concept} neuron {t.N.Layer}:{t.N.Unit} (AUROC {t.N.Auroc:0.000})")).ToArray(),
                    top.Select(t => t.N.Auroc >= 0.5 ? 1 : -1).ToArray());
        }
        else
        {
            concepts = report.Concepts.Select(c => new ConceptNeurons
            {
                Concept = c.ClassName,
                RankedBy = "the oracle probe's weight for the class, largest first (a weight is not evidence that the neuron alone detects the concept; pass the activations for that)",
                Neurons = c.Neurons.Select(n => new NeuronEntry { NeuronId = n.NeuronId, Layer = n.NeuronId / perLayer, Unit = n.NeuronId % perLayer, Score = n.Weight, TopTokens = n.TopTokens, Kept = shown is null ? null : keptSet.Contains(n.NeuronId) }).ToArray(),
            }).ToList();
        }

        var notes = new List<string>();
        if (report.Best is { } b)
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"Best combination on dev: {b.Name}: {b.Neurons} of {b.TotalNeurons} neurons ({b.Reduction:P1} removed), dev {b.DevScore:P1}, test {(b.TestScore is { } t ? t.ToString("P1", CultureInfo.InvariantCulture) : "n/a")} (oracle: dev {report.Oracle.DevScore:P1}, test {(report.Oracle.TestScore is { } ot ? ot.ToString("P1", CultureInfo.InvariantCulture) : "n/a")})."));
        foreach (var s in report.Selectivity)
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"Selectivity of {s.Name} ({s.Neurons} neurons): {s.Selectivity:F3} (task {s.TaskAccuracy:P1}, control task {s.ControlAccuracy:P1})."));
        notes.AddRange(report.Notes);

        var glossary = report.ClassNames.Select(c => new GlossaryEntry(c,
            ReportGlossary.ConceptDescriptions.TryGetValue(c, out var d) ? d : "A concept of this task: the tokens labelled " + c + ".")).ToList();

        return new ReportDocument
        {
            Title = title ?? "CodeNeurons: task-specific redundancy",
            CreatedUtc = DateTimeOffset.UtcNow,
            Model = model,
            Headline = InputBaselineCheck.Summary(report) is { } baselines ? $"{Headline(report, shown)} {baselines}." : Headline(report, shown),
            Network = shown is null ? null : new NetworkMap
            {
                Title = string.Create(CultureInfo.InvariantCulture, $"The network, {report.Layers.Count} layers × {perLayer} units: the {shown.Neurons} neurons of {shown.Name} marked"),
                Layers = report.Layers, NeuronsPerLayer = perLayer, KeptNeurons = shown.KeptNeurons,
            },
            Warnings = Warnings(report, shown),
            Glossary = glossary,
            ActivationMaps = maps,
            Settings = settings,
            Timings = StageTimings(report),
            Stages = stages,
            LineCharts = lineCharts,
            BarCharts = barCharts,
            Concepts = concepts,
            Notes = notes,
        };
    }

    /// <summary>
    /// Concept neurons ranked by evidence a reader can check (<see cref="NeuronEvidence.ForConcept"/>): for each class of
    /// the report, the oracle's top-weight neurons of that class (<see cref="CcfsReport.Concepts"/>) and the neurons of the
    /// best set, ranked by how well each alone separates the class from all other tokens (max(AUROC, 1 − AUROC)), with
    /// precision and recall at its best threshold, mean activation on the class and on the rest, its top tokens by signed
    /// mean activation, its oracle weight and whether it is kept; and the separation of random neurons of the same layers.
    /// </summary>
    /// <param name="report">The pipeline's report.</param>
    /// <param name="activations">Activations with tokens (best all rows of the corpus); must hold the candidate neurons.</param>
    /// <param name="rowLabels">Each row's label; labels that are not classes of the report count as "rest".</param>
    /// <param name="options">Evidence options; null for the defaults (100 random neurons, seed 0, tokens seen at least 3 times).</param>
    /// <param name="cancellationToken">Checked between neurons.</param>
    /// <returns>One table per class that has rows in <paramref name="activations"/>; a class without rows is left out.</returns>
    /// <exception cref="ArgumentException">The labels do not match the rows.</exception>
    public static IReadOnlyList<ConceptNeurons> ConceptNeuronsWithEvidence(CcfsReport report, ActivationSet activations, IReadOnlyList<string> rowLabels,
        NeuronEvidenceOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(activations);
        ArgumentNullException.ThrowIfNull(rowLabels);
        if (rowLabels.Count != activations.Rows)
            throw new ArgumentException($"rowLabels has {rowLabels.Count} rows but activations has {activations.Rows}.", nameof(rowLabels));
        options ??= new NeuronEvidenceOptions();
        var layout = activations.Layout;
        var present = activations.NeuronIds.ToHashSet();
        var best = report.Best ?? report.Lca ?? report.Probeless;
        var kept = best?.KeptNeurons.ToHashSet() ?? [];
        var result = new List<ConceptNeurons>();
        foreach (string concept in report.ClassNames)
        {
            var isConcept = rowLabels.Select(l => string.Equals(l, concept, StringComparison.Ordinal)).ToArray();
            int rows = isConcept.Count(b => b);
            if (rows == 0 || rows == isConcept.Length) continue;
            var weights = report.Concepts.FirstOrDefault(c => c.ClassName == concept)?.Neurons.ToDictionary(n => n.NeuronId, n => n.Weight) ?? [];
            var candidates = weights.Keys.Concat(kept).Where(present.Contains).Distinct().ToArray();
            if (candidates.Length == 0) continue;
            var e = NeuronEvidence.ForConcept(activations, isConcept, candidates, options, cancellationToken);
            result.Add(EvidenceTable(concept, e, layout, weights,
                "separation, max(AUROC, 1 − AUROC), of each neuron alone, among the oracle's top-weight neurons for the class"
                    + (kept.Count > 0 ? $" and the {kept.Count} kept neurons" : ""), best is null ? null : kept));
        }
        return result;
    }

    /// <summary>One concept's evidence as a report table: neurons ranked by separation, with their weights and whether kept.</summary>
    internal static ConceptNeurons EvidenceTable(string concept, ConceptEvidence e, LayerLayout layout, IReadOnlyDictionary<int, double> weights, string rankedBy, HashSet<int>? kept) => new()
    {
        Concept = concept,
        RankedBy = rankedBy,
        ConceptRows = e.ConceptRows, RestRows = e.RestRows,
        RandomNeurons = e.Random?.Neurons, RandomMean = e.Random?.Mean, RandomPercentile95 = e.Random?.Percentile95,
        TotalNeurons = e.Neurons.Count,
        Neurons = e.Neurons.Select(n => new NeuronEntry
        {
            NeuronId = n.NeuronId, Layer = layout.LayerOf(n.NeuronId), Unit = n.NeuronId - layout.NeuronId(layout.LayerOf(n.NeuronId), 0),
            Score = weights.TryGetValue(n.NeuronId, out var w) ? w : double.NaN,
            TopTokens = n.TopTokens.Select(t => t.Token).ToArray(), TopTokenMeans = n.TopTokens.Select(t => t.MeanActivation).ToArray(),
            Auroc = n.Auroc, Precision = n.Precision, Recall = n.Recall, MeanConcept = n.MeanConcept, MeanRest = n.MeanRest,
            Kept = kept?.Contains(n.NeuronId),
        }).ToArray(),
    };

    /// <summary>
    /// For each neuron, the lines (sentences) where it fires most and a line where it does not fire: the
    /// <paramref name="firingLines"/> sentences with the highest peak of direction·activation, then the sentence (of at
    /// least 3 tokens when there is one) with the lowest peak. Each line carries a caption with its peak.
    /// </summary>
    /// <param name="activations">Activations with tokens; sentences from <see cref="ActivationSet.SentenceIndices"/> (without them, runs of 16 rows).</param>
    /// <param name="neuronIds">Neurons to draw, one map each.</param>
    /// <param name="labels">Optional caption per neuron.</param>
    /// <param name="directions">Optional +1/−1 per neuron: −1 means the neuron "fires" by going negative (AUROC below 0.5); default +1.</param>
    /// <param name="firingLines">Lines where the neuron fires most (default 3).</param>
    /// <returns>One map per neuron: the firing lines, then the quiet line.</returns>
    /// <exception cref="ArgumentException">The activations have no tokens, or a neuron is not in them.</exception>
    public static IReadOnlyList<ActivationMap> EvidenceActivationMaps(ActivationSet activations, IReadOnlyList<int> neuronIds, IReadOnlyList<string>? labels = null,
        IReadOnlyList<int>? directions = null, int firingLines = 3)
    {
        ArgumentNullException.ThrowIfNull(activations);
        ArgumentNullException.ThrowIfNull(neuronIds);
        ArgumentOutOfRangeException.ThrowIfLessThan(firingLines, 1);
        var tokens = activations.Tokens ?? throw new ArgumentException("The activations have no tokens to draw.", nameof(activations));
        var sentenceOf = activations.SentenceIndices;
        var sentences = Enumerable.Range(0, activations.Rows).GroupBy(r => sentenceOf is null ? r / 16 : sentenceOf[r]).Select(g => g.ToArray()).ToArray();
        var column = new Dictionary<int, int>();
        for (int j = 0; j < activations.Neurons; j++) column[activations.NeuronIds[j]] = j;
        var maps = new List<ActivationMap>();
        for (int i = 0; i < neuronIds.Count; i++)
        {
            if (!column.TryGetValue(neuronIds[i], out int col)) throw new ArgumentException($"Neuron {neuronIds[i]} is not in the activations.", nameof(neuronIds));
            int dir = directions is not null && i < directions.Count && directions[i] < 0 ? -1 : 1;
            var peaks = sentences.Select((rows, s) =>
            {
                int at = rows[0];
                double peak = double.NegativeInfinity;
                foreach (int r in rows)
                {
                    double v = dir * activations[r, col];
                    if (v > peak) { peak = v; at = r; }
                }
                return (Sentence: s, Peak: peak, At: at);
            }).ToArray();
            var firing = peaks.OrderByDescending(p => p.Peak).ThenBy(p => p.Sentence).Take(firingLines).ToList();
            var rest = peaks.Where(p => !firing.Any(f => f.Sentence == p.Sentence)).ToList();
            var quietPool = rest.Where(p => sentences[p.Sentence].Length >= 3).ToList();
            if (quietPool.Count == 0) quietPool = rest;
            var chosen = firing.Select(f => (f.Sentence, Caption: string.Create(CultureInfo.InvariantCulture, $"fires most{(dir < 0 ? " (negatively)" : "")}: {dir * f.Peak:0.00} on “{tokens[f.At]}”"))).ToList();
            if (quietPool.Count > 0)
            {
                var q = quietPool.OrderBy(p => p.Peak).ThenBy(p => p.Sentence).First();
                chosen.Add((q.Sentence, string.Create(CultureInfo.InvariantCulture, $"does not fire: its {(dir < 0 ? "most negative" : "largest")} activation here is {dir * q.Peak:0.00}")));
            }
            maps.Add(new ActivationMap
            {
                NeuronId = neuronIds[i],
                Label = labels is not null && i < labels.Count ? labels[i] : null,
                Sentences = chosen.Select(c => (IReadOnlyList<TokenActivation>)sentences[c.Sentence].Select(r => new TokenActivation(tokens[r], activations[r, col])).ToArray()).ToArray(),
                SentenceCaptions = chosen.Select(c => (string?)c.Caption).ToArray(),
            });
        }
        return maps;
    }

    /// <summary>Every minimal-set search's dev accuracy against k, points sorted by k, identical curves merged into one series (named after all of them), and the oracle's dev accuracy as a reference line.</summary>
    private static LineChart GridSearchChart(CcfsReport report)
    {
        var curves = report.GridSearches.GroupBy(g => g.Name).Select(g => g.First())
            .Select(g => (g.Name, Points: g.Points.Where(p => p.DevScore is not null).GroupBy(p => p.K).OrderBy(p => p.Key)
                .Select(p => new ChartPoint(p.Key, p.First().DevScore!.Value)).ToArray()))
            .ToList();
        var merged = curves.GroupBy(c => string.Join(";", c.Points.Select(p => p.X.ToString("R", CultureInfo.InvariantCulture) + "," + p.Y.ToString("R", CultureInfo.InvariantCulture))))
            .Select(g => new ChartSeries { Name = g.Count() == 1 ? g.First().Name : string.Join(" = ", g.Select(c => c.Name)) + " (identical)", Points = g.First().Points })
            .ToList();
        bool anyMerged = merged.Count < curves.Count;
        var xs = merged.SelectMany(m => m.Points ?? []).Select(p => p.X).Where(x => x > 0).ToList();
        if (xs.Count > 0)
            merged.Add(new ChartSeries { Name = "oracle (all neurons)", Points = [new ChartPoint(xs.Min(), report.Oracle.DevScore), new ChartPoint(Math.Max(xs.Max(), report.Oracle.Neurons), report.Oracle.DevScore)] });
        return new LineChart
        {
            Title = "Dev accuracy vs neurons kept (minimal-set searches" + (anyMerged ? "; identical curves merged" : "") + ")",
            XLabel = "neurons kept (top k of the ranking)",
            YLabel = "dev accuracy",
            LogX = true,
            Series = merged,
        };
    }

    private static string Acc(double v) => (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    private static string Interval(double accuracy, int rows)
    {
        var (lo, hi) = NeuronEvidence.WilsonInterval((int)Math.Round(Math.Clamp(accuracy, 0, 1) * rows), rows);
        return (lo * 100).ToString("0.0", CultureInfo.InvariantCulture) + "–" + (hi * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";
    }

    /// <summary>The result in one sentence: the reduced set, its accuracy with the interval, and the oracle's.</summary>
    /// <summary>The report's stages with seconds and, where recorded, peak resident memory (matched by position and name).</summary>
    internal static StageTiming[] StageTimings(CcfsReport report) => report.TimingsSeconds.Select((t, i) =>
        i < report.PeakMemoryBytes.Count && report.PeakMemoryBytes[i].Key == t.Key
            ? new StageTiming(t.Key, t.Value) { PeakMemoryBytes = report.PeakMemoryBytes[i].Value, PeakMemoryKind = report.PeakMemoryKind }
            : new StageTiming(t.Key, t.Value)).ToArray();

    private static string Headline(CcfsReport report, CcfsRow? shown)
    {
        int testRows = report.SplitRows.Count > 2 ? report.SplitRows[2] : 0, devRows = report.SplitRows.Count > 1 ? report.SplitRows[1] : 0;
        bool test = shown?.TestScore is not null && report.Oracle.TestScore is not null && testRows > 0;
        string split = test ? "test" : "dev";
        int rows = test ? testRows : devRows;
        string Score(CcfsRow r) => Acc(test ? r.TestScore!.Value : r.DevScore) + (rows > 0 ? $" (95 % CI {Interval(test ? r.TestScore!.Value : r.DevScore, rows)})" : "");
        if (shown is null)
            return string.Create(CultureInfo.InvariantCulture, $"A probe on all {report.InputNeurons:N0} neurons (the oracle) reaches {Score(report.Oracle)} {split} accuracy; no reduced neuron set was computed.");
        return string.Create(CultureInfo.InvariantCulture,
            $"A probe on {shown.Neurons:N0} of the {shown.TotalNeurons:N0} neurons ({shown.Reduction * 100:0.0} % removed; {shown.Name}, chosen on dev) reaches {Score(shown)} {split} accuracy, against {Score(report.Oracle)} with all neurons (the oracle).");
    }

    /// <summary>Small splits, and reduced sets that "beat" the oracle within the noise.</summary>
    private static List<string> Warnings(CcfsReport report, CcfsRow? shown)
    {
        var warnings = new List<string>(InputBaselineCheck.Warnings(report));
        string[] names = ["train", "dev", "test"];
        for (int i = 1; i < Math.Min(3, report.SplitRows.Count); i++) // dev and test: the splits scores are measured on
        {
            int n = report.SplitRows[i];
            if (n is > 0 and < SmallSplitRows)
                warnings.Add(string.Create(CultureInfo.InvariantCulture,
                    $"The {names[i]} split has only {n:N0} tokens (fewer than {SmallSplitRows}): an accuracy measured on it is uncertain by up to ±{98.0 / Math.Sqrt(n):0.0} points (95 % CI), so smaller differences are noise."));
        }
        int devRows = report.SplitRows.Count > 1 ? report.SplitRows[1] : 0;
        if (devRows > 0)
        {
            var (_, hi) = NeuronEvidence.WilsonInterval((int)Math.Round(report.Oracle.DevScore * devRows), devRows);
            var beat = report.Rows().Where(r => !ReferenceEquals(r, report.Oracle) && !ReferenceEquals(r, report.None) && !report.InputBaselines.Contains(r) && r.DevScore > report.Oracle.DevScore).ToList();
            var within = beat.Where(r => r.DevScore <= hi).ToList();
            if (within.Count > 0)
            {
                string list = string.Join(", ", within.Take(3).Select(r => $"{r.Name} {Acc(r.DevScore)}")) + (within.Count > 3 ? $" and {within.Count - 3} more" : "");
                warnings.Add($"{within.Count} reduced set{(within.Count == 1 ? "" : "s")} beat{(within.Count == 1 ? "s" : "")} the oracle's dev accuracy ({Acc(report.Oracle.DevScore)}): {list}; but within the oracle's 95 % CI ({Interval(report.Oracle.DevScore, devRows)}): a tie, not a gain.");
            }
        }
        int testRows = report.SplitRows.Count > 2 ? report.SplitRows[2] : 0;
        if (shown?.TestScore is { } st && report.Oracle.TestScore is { } ot && testRows > 0)
        {
            var (lo, _) = NeuronEvidence.WilsonInterval((int)Math.Round(ot * testRows), testRows);
            if (st < lo)
                warnings.Add($"{shown.Name} loses accuracy: test {Acc(st)} is below the oracle's 95 % CI ({Interval(ot, testRows)}).");
        }
        return warnings;
    }

    /// <summary>Splits with fewer rows than this get a warning in the report.</summary>
    public const int SmallSplitRows = 500;

    /// <summary>A CKA layer-similarity matrix as a heat map.</summary>
    /// <param name="cka">The CKA result.</param>
    /// <returns>The heat map (values in [0, 1]).</returns>
    public static HeatMap FromCka(CkaResult cka)
    {
        ArgumentNullException.ThrowIfNull(cka);
        var labels = cka.Layers.Select(l => l.ToString(CultureInfo.InvariantCulture)).ToArray();
        int n = labels.Length;
        var values = Enumerable.Range(0, n).Select(i => (IReadOnlyList<double>)Enumerable.Range(0, n).Select(j => cka[i, j]).ToArray()).ToArray();
        return new HeatMap { Title = $"Layer similarity (linear CKA, {cka.Method})", RowLabels = labels, ColumnLabels = labels, Values = values, Min = 0, Max = 1 };
    }

    /// <summary>Activation maps of <paramref name="neuronIds"/> over the first sentences of <paramref name="activations"/>.</summary>
    /// <param name="activations">Token-level activations with tokens and sentence indices.</param>
    /// <param name="neuronIds">Neurons to draw, one map each.</param>
    /// <param name="maxSentences">Sentences per map.</param>
    /// <param name="labels">Optional label per neuron (e.g. "NUMBER neuron").</param>
    /// <returns>One map per neuron.</returns>
    /// <exception cref="ArgumentException">The activations have no tokens, or a neuron is not in them.</exception>
    public static IReadOnlyList<ActivationMap> ActivationMaps(Data.ActivationSet activations, IReadOnlyList<int> neuronIds, int maxSentences = 8, IReadOnlyList<string>? labels = null)
    {
        ArgumentNullException.ThrowIfNull(activations);
        ArgumentNullException.ThrowIfNull(neuronIds);
        var tokens = activations.Tokens ?? throw new ArgumentException("The activations have no tokens to draw.", nameof(activations));
        var sentences = activations.SentenceIndices;
        var rowsBySentence = Enumerable.Range(0, activations.Rows).GroupBy(r => sentences is null ? 0 : sentences[r]).Take(maxSentences).ToArray();
        var maps = new List<ActivationMap>();
        for (int i = 0; i < neuronIds.Count; i++)
        {
            int column = activations.NeuronIds.ToList().IndexOf(neuronIds[i]);
            if (column < 0) throw new ArgumentException($"Neuron {neuronIds[i]} is not in the activations.", nameof(neuronIds));
            maps.Add(new ActivationMap
            {
                NeuronId = neuronIds[i],
                Label = labels is not null && i < labels.Count ? labels[i] : null,
                Sentences = rowsBySentence.Select(g => (IReadOnlyList<TokenActivation>)g.Select(r => new TokenActivation(tokens[r], activations.Row(r)[column])).ToArray()).ToArray(),
            });
        }
        return maps;
    }
}
