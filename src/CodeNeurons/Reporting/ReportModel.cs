namespace CodeNeurons.Reporting;

/// <summary>One named setting of the analysis (for example <c>threshold = 0.3</c>), shown in the report's settings table.</summary>
/// <param name="Key">The setting's name.</param>
/// <param name="Value">The setting's value, as text.</param>
public sealed record ReportSetting(string Key, string Value);

/// <summary>How long one stage of the analysis took.</summary>
/// <param name="Stage">The stage's name (for example <c>extract</c>).</param>
/// <param name="Seconds">Wall-clock seconds.</param>
public sealed record StageTiming(string Stage, double Seconds);

/// <summary>One row of the stage summary table: how many neurons a stage kept and the probe accuracy on them.</summary>
public sealed record StageRow
{
    private readonly double? _reduction;

    /// <summary>The stage's name (for example <c>correlation clustering 0.3</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Neurons the stage kept.</summary>
    public int NeuronsKept { get; init; }

    /// <summary>Neurons the stage started from.</summary>
    public int NeuronsTotal { get; init; }

    /// <summary>
    /// The fraction of neurons removed, 1 − kept/total. When not set, it is computed from <see cref="NeuronsKept"/> and
    /// <see cref="NeuronsTotal"/> (null when the total is not positive).
    /// </summary>
    public double? Reduction
    {
        get => _reduction ?? (NeuronsTotal > 0 ? 1.0 - (double)NeuronsKept / NeuronsTotal : null);
        init => _reduction = value;
    }

    /// <summary>Probe accuracy on the development split, in [0, 1]; null when not measured.</summary>
    public double? DevAccuracy { get; init; }

    /// <summary>Probe accuracy on the test split, in [0, 1]; null when not measured.</summary>
    public double? TestAccuracy { get; init; }

    /// <summary>Free text shown in the last column (for example the selected layers).</summary>
    public string? Detail { get; init; }

    /// <summary>Rows of the development split; when set, the dev accuracy is shown with its 95 % Wilson interval.</summary>
    public int? DevRows { get; init; }

    /// <summary>Rows of the test split; when set, the test accuracy is shown with its 95 % Wilson interval.</summary>
    public int? TestRows { get; init; }
}

/// <summary>One (x, y) point of a chart series; a NaN or infinite coordinate is skipped when drawing.</summary>
/// <param name="X">The x value.</param>
/// <param name="Y">The y value.</param>
public sealed record ChartPoint(double X, double Y);

/// <summary>A named series of points of a <see cref="LineChart"/>, drawn as a line with markers in the order given.</summary>
public sealed record ChartSeries
{
    /// <summary>The name shown in the legend.</summary>
    public required string Name { get; init; }

    /// <summary>The points, drawn in this order; a non-finite point breaks the line.</summary>
    public IReadOnlyList<ChartPoint>? Points { get; init; }

    /// <summary>Whether the series is drawn against the right-hand axis (<see cref="LineChart.Y2Label"/>), e.g. neuron counts beside accuracies.</summary>
    public bool SecondaryAxis { get; init; }
}

/// <summary>
/// A line chart: accuracy against neurons kept, the correlation-clustering curve (neurons kept and accuracy against
/// the threshold), layer-wise independent and incremental accuracy.
/// </summary>
public sealed record LineChart
{
    /// <summary>The chart's title.</summary>
    public required string Title { get; init; }

    /// <summary>The x axis label.</summary>
    public string? XLabel { get; init; }

    /// <summary>The (left) y axis label.</summary>
    public string? YLabel { get; init; }

    /// <summary>The right y axis label, used by series with <see cref="ChartSeries.SecondaryAxis"/>.</summary>
    public string? Y2Label { get; init; }

    /// <summary>Whether the x axis is logarithmic (base 10); points with x ≤ 0 are then skipped.</summary>
    public bool LogX { get; init; }

    /// <summary>The series.</summary>
    public IReadOnlyList<ChartSeries>? Series { get; init; }
}

/// <summary>A named series of bar heights, one per category of its <see cref="BarChart"/>.</summary>
/// <param name="Name">The name shown in the legend.</param>
/// <param name="Values">One value per category; a NaN value draws no bar.</param>
public sealed record BarSeries(string Name, IReadOnlyList<double> Values);

/// <summary>A grouped bar chart: the layer distribution of top neurons, per-class accuracy.</summary>
public sealed record BarChart
{
    /// <summary>The chart's title.</summary>
    public required string Title { get; init; }

    /// <summary>The x axis label.</summary>
    public string? XLabel { get; init; }

    /// <summary>The y axis label.</summary>
    public string? YLabel { get; init; }

    /// <summary>The category names along the x axis.</summary>
    public IReadOnlyList<string>? Categories { get; init; }

    /// <summary>One or more series; each has one value per category.</summary>
    public IReadOnlyList<BarSeries>? Series { get; init; }
}

/// <summary>A matrix drawn as coloured cells, e.g. the L×L CKA similarity between layers; the value shows on hover.</summary>
public sealed record HeatMap
{
    /// <summary>The heat map's title.</summary>
    public required string Title { get; init; }

    /// <summary>Row labels, one per row of <see cref="Values"/>; rows are numbered from 0 when absent.</summary>
    public IReadOnlyList<string>? RowLabels { get; init; }

    /// <summary>Column labels, one per column of <see cref="Values"/>; columns are numbered from 0 when absent.</summary>
    public IReadOnlyList<string>? ColumnLabels { get; init; }

    /// <summary>The matrix, row by row (every row the same length); a NaN cell is drawn grey.</summary>
    public IReadOnlyList<IReadOnlyList<double>>? Values { get; init; }

    /// <summary>The value drawn lightest; the smallest finite value when null.</summary>
    public double? Min { get; init; }

    /// <summary>The value drawn darkest; the largest finite value when null.</summary>
    public double? Max { get; init; }
}

/// <summary>One neuron of a concept's top-neuron table.</summary>
public sealed record NeuronEntry
{
    /// <summary>The neuron's global index (layer × neurons per layer + unit).</summary>
    public int NeuronId { get; init; }

    /// <summary>The layer (0 = embeddings).</summary>
    public int Layer { get; init; }

    /// <summary>The unit within its layer.</summary>
    public int Unit { get; init; }

    /// <summary>The ranking score (for example the probe's weight mass).</summary>
    public double Score { get; init; }

    /// <summary>The tokens that activate the neuron most, best first.</summary>
    public IReadOnlyList<string>? TopTokens { get; init; }

    /// <summary>The neuron's mean activation on each of <see cref="TopTokens"/> (same order), or null.</summary>
    public IReadOnlyList<double>? TopTokenMeans { get; init; }

    /// <summary>AUROC of the neuron's activation for the concept against all other tokens (0.5 = chance; below 0.5 it fires less on the concept), or null.</summary>
    public double? Auroc { get; init; }

    /// <summary>Precision of the neuron as a concept detector at its best (highest-F1) threshold, or null.</summary>
    public double? Precision { get; init; }

    /// <summary>Recall at that threshold, or null.</summary>
    public double? Recall { get; init; }

    /// <summary>Mean activation over the concept's tokens, or null.</summary>
    public double? MeanConcept { get; init; }

    /// <summary>Mean activation over all other tokens, or null.</summary>
    public double? MeanRest { get; init; }

    /// <summary>Whether the neuron is in the reduced (kept) set, or null when not known.</summary>
    public bool? Kept { get; init; }
}

/// <summary>The top neurons of one concept (for example <c>KEYWORD</c>), best first.</summary>
public sealed record ConceptNeurons
{
    /// <summary>The concept's name.</summary>
    public required string Concept { get; init; }

    /// <summary>The neurons, best first.</summary>
    public IReadOnlyList<NeuronEntry>? Neurons { get; init; }

    /// <summary>How many neurons the full ranking has, when <see cref="Neurons"/> holds only its head; the table note uses it.</summary>
    public int? TotalNeurons { get; init; }

    /// <summary>What the neurons are ranked by, in words (for example "separation max(AUROC, 1 − AUROC)"), or null.</summary>
    public string? RankedBy { get; init; }

    /// <summary>Rows of the concept and of the rest the evidence was measured on, or null.</summary>
    public int? ConceptRows { get; init; }

    /// <summary>Rows of all other tokens, or null.</summary>
    public int? RestRows { get; init; }

    /// <summary>How many random neurons the chance baseline measured, or null for none.</summary>
    public int? RandomNeurons { get; init; }

    /// <summary>Mean separation max(AUROC, 1 − AUROC) of the random neurons.</summary>
    public double? RandomMean { get; init; }

    /// <summary>95th percentile of the random neurons' separation: a neuron above it beats 95 % of random neurons.</summary>
    public double? RandomPercentile95 { get; init; }
}

/// <summary>One token and the neuron's activation on it.</summary>
/// <param name="Token">The token's text.</param>
/// <param name="Value">The activation; NaN is drawn unshaded.</param>
public sealed record TokenActivation(string Token, double Value);

/// <summary>One neuron's activations over one or more sentences, drawn as NeuroX's <c>visualize_activations</c> does.</summary>
public sealed record ActivationMap
{
    /// <summary>The neuron's global index.</summary>
    public int NeuronId { get; init; }

    /// <summary>A caption (for example <c>layer 9, unit 412: KEYWORD</c>).</summary>
    public string? Label { get; init; }

    /// <summary>The sentences, each a list of tokens with their activations.</summary>
    public IReadOnlyList<IReadOnlyList<TokenActivation>>? Sentences { get; init; }

    /// <summary>The |value| drawn at full intensity; the largest |value| over all sentences when null.</summary>
    public double? MaxAbsValue { get; init; }

    /// <summary>A short caption per sentence (same order, e.g. "fires most: 3.2 on 42"), drawn above it; null or empty entries draw none.</summary>
    public IReadOnlyList<string?>? SentenceCaptions { get; init; }
}

/// <summary>The network as a grid, one row per layer and one cell per unit, with the kept neurons marked.</summary>
public sealed record NetworkMap
{
    /// <summary>The picture's title.</summary>
    public required string Title { get; init; }

    /// <summary>The layers drawn, top to bottom (0 = embeddings).</summary>
    public required IReadOnlyList<int> Layers { get; init; }

    /// <summary>Units per layer (global id = layer · this + unit).</summary>
    public required int NeuronsPerLayer { get; init; }

    /// <summary>Global ids of the kept neurons, marked in the grid and listed as layer:unit.</summary>
    public required IReadOnlyList<int> KeptNeurons { get; init; }
}

/// <summary>One term of the report's glossary.</summary>
/// <param name="Term">The term or abbreviation as written in the report (for example <c>LCA</c>).</param>
/// <param name="Definition">What it means, in a sentence or two.</param>
public sealed record GlossaryEntry(string Term, string Definition);
