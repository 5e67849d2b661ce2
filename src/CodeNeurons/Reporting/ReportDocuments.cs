using System.Globalization;
using CodeNeurons.Interpretation;
using CodeNeurons.Analysis;

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
    /// <returns>The document.</returns>
    public static ReportDocument FromCcfs(CcfsReport report, string? title = null, string? model = null, int? neuronsPerLayer = null)
    {
        ArgumentNullException.ThrowIfNull(report);
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

        var stages = report.Rows().Select(r => new StageRow
        {
            Name = r.Name, NeuronsKept = r.Neurons, NeuronsTotal = r.TotalNeurons, DevAccuracy = r.DevScore, TestAccuracy = r.TestScore, Detail = r.Detail,
        }).ToList();

        var lineCharts = new List<LineChart>();
        if (report.GridSearches.Count > 0)
        {
            var searches = report.GridSearches.GroupBy(g => g.Name).Select(g => g.First()).ToList();
            lineCharts.Add(new LineChart
            {
                Title = "Dev accuracy vs neurons kept (minimal-set searches)",
                XLabel = "neurons kept (top k of the ranking)",
                YLabel = "dev accuracy",
                LogX = true,
                Series = searches.Select(g => new ChartSeries
                {
                    Name = g.Name,
                    Points = g.Points.Where(p => p.DevScore is not null).GroupBy(p => p.K).Select(p => new ChartPoint(p.Key, p.First().DevScore!.Value)).ToArray(),
                }).ToArray(),
            });
        }
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

        var concepts = report.Concepts.Select(c => new ConceptNeurons
        {
            Concept = c.ClassName,
            Neurons = c.Neurons.Select(n => new NeuronEntry { NeuronId = n.NeuronId, Layer = n.NeuronId / perLayer, Unit = n.NeuronId % perLayer, Score = n.Weight, TopTokens = n.TopTokens }).ToArray(),
        }).ToList();

        var notes = new List<string>();
        if (report.Best is { } b)
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"Best combination on dev: {b.Name}: {b.Neurons} of {b.TotalNeurons} neurons ({b.Reduction:P1} removed), dev {b.DevScore:P1}, test {(b.TestScore is { } t ? t.ToString("P1", CultureInfo.InvariantCulture) : "n/a")} (oracle: dev {report.Oracle.DevScore:P1}, test {(report.Oracle.TestScore is { } ot ? ot.ToString("P1", CultureInfo.InvariantCulture) : "n/a")})."));
        foreach (var s in report.Selectivity)
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"Selectivity of {s.Name} ({s.Neurons} neurons): {s.Selectivity:F3} (task {s.TaskAccuracy:P1}, control task {s.ControlAccuracy:P1})."));
        notes.AddRange(report.Notes);

        return new ReportDocument
        {
            Title = title ?? "CodeNeurons: task-specific redundancy",
            CreatedUtc = DateTimeOffset.UtcNow,
            Model = model,
            Settings = settings,
            Timings = report.TimingsSeconds.Select(t => new StageTiming(t.Key, t.Value)).ToArray(),
            Stages = stages,
            LineCharts = lineCharts,
            BarCharts = barCharts,
            Concepts = concepts,
            Notes = notes,
        };
    }

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
