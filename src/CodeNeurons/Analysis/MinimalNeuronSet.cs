using CodeNeurons.Data;
using CodeNeurons.Interpretation;
using CodeNeurons.Redundancy;

namespace CodeNeurons.Analysis;

/// <summary>
/// Feature selection (LCA step of Dalvi et al. 2020's CCFS pipeline): ranks the input neurons, retrains a probe on the
/// top k for k on a grid of fractions, and keeps the smallest k whose <b>dev</b> accuracy reaches base·(1 − δ_N), where
/// base is a probe on all input neurons. No test data is involved.
/// </summary>
/// <param name="probe">The probe trainer; null uses a <see cref="ManagedElasticNetProbe"/> with <see cref="MinimalNeuronSetOptions.Probe"/> and <see cref="MinimalNeuronSetOptions.Seed"/>.</param>
/// <param name="options">The settings; null uses the defaults (weight mass, δ_N = 1 %, the paper grid).</param>
public sealed class MinimalNeuronSet(IConceptProbe? probe = null, MinimalNeuronSetOptions? options = null)
{
    /// <summary>
    /// The paper's grid: 0.001, 0.002, …, 0.099 (step 0.001), then 0.10, 0.15, …, 0.90 (step 0.05) of all neurons.
    /// </summary>
    public static IReadOnlyList<double> PaperGrid { get; } =
        Enumerable.Range(1, 99).Select(i => i / 1000.0).Concat(Enumerable.Range(0, 17).Select(j => (10 + 5 * j) / 100.0)).ToArray();

    /// <summary>
    /// Dalvi et al.'s coarse list (<c>run_pipeline_all.py</c>, the CCFS pipeline; also the seed paper's LS + CC + LCA):
    /// 0.001 … 0.005, 0.01 … 0.10, 0.15 … 0.50, 0.6 … 0.9 — 27 fractions.
    /// </summary>
    public static IReadOnlyList<double> DalviCoarseGrid { get; } =
        [0.001, 0.002, 0.003, 0.004, 0.005, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 0.10,
         0.15, 0.20, 0.25, 0.30, 0.35, 0.40, 0.45, 0.50, 0.60, 0.70, 0.80, 0.90];

    /// <summary>
    /// Dalvi et al.'s fine list (<c>run_max_features.py</c>, stand-alone LCA): 0.001 … 0.099 (step 0.001), then
    /// 0.10 … 0.50 (step 0.05) and 0.6 … 0.9 — 112 fractions.
    /// </summary>
    public static IReadOnlyList<double> DalviFineGrid { get; } =
        Enumerable.Range(1, 99).Select(i => i / 1000.0).Concat([0.10, 0.15, 0.20, 0.25, 0.30, 0.35, 0.40, 0.45, 0.50, 0.60, 0.70, 0.80, 0.90]).ToArray();

    /// <summary>
    /// The seed paper's token-tagging list for stand-alone LCA and probeless (<c>run_neurox.py</c>): 0.001, 0.003, …,
    /// 0.099 (step 0.002), then 0.10 … 0.50 (step 0.05) and 0.6 … 0.9 — 63 fractions.
    /// </summary>
    public static IReadOnlyList<double> SeedTokenTaggingGrid { get; } =
        Enumerable.Range(0, 50).Select(i => (1 + 2 * i) / 1000.0).Concat([0.10, 0.15, 0.20, 0.25, 0.30, 0.35, 0.40, 0.45, 0.50, 0.60, 0.70, 0.80, 0.90]).ToArray();

    /// <summary>Neurons kept for a fraction of the whole network (<see cref="GridBasis.Network"/>): ⌊(fraction · layers) · width⌋, as Python's <c>int()</c> of the same product.</summary>
    /// <param name="fraction">A fraction in (0, 1].</param>
    /// <param name="layout">The network's layout (layers × width).</param>
    /// <returns>k ≥ 0 (0 or more than the input means the point is skipped).</returns>
    public static int NetworkNeuronsFor(double fraction, LayerLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return (int)(fraction * layout.Layers * layout.NeuronsPerLayer);
    }

    /// <summary>The settings.</summary>
    public MinimalNeuronSetOptions Options { get; } = options ?? new MinimalNeuronSetOptions();

    private readonly IConceptProbe? _probe = probe;

    /// <summary>Neurons kept for a fraction of <paramref name="neurons"/>: max(1, round(fraction · neurons)), halves away from zero.</summary>
    /// <param name="fraction">A fraction in (0, 1].</param>
    /// <param name="neurons">The number of input neurons.</param>
    /// <returns>k in [1, neurons].</returns>
    public static int NeuronsFor(double fraction, int neurons) =>
        Math.Clamp((int)Math.Round(fraction * neurons, MidpointRounding.AwayFromZero), 1, neurons);

    /// <summary>Ranks, retrains on the grid and chooses k on dev (a test split, if any, is not read).</summary>
    /// <param name="data">The splits (e.g. the output of <see cref="LayerSelector"/> or clustering); dev must hold every class.</param>
    /// <param name="progress">Receives one report per trained probe.</param>
    /// <param name="cancellationToken">Cancels between and inside probe trainings.</param>
    /// <returns>The ranking, every evaluated grid point and the choice.</returns>
    /// <exception cref="ArgumentOutOfRangeException">δ outside (0, 100) or a bad probe option.</exception>
    /// <exception cref="ArgumentException">A bad grid or a class missing from dev.</exception>
    public MinimalNeuronSetResult Select(ProbingData data, IProgress<CcfsProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        Options.Validate();
        data.RequireEveryClassInDev();
        Metrics.CheckMetric(Options.Metric, data.ClassNames.Count);
        data = data.Test is null ? data : new ProbingData(data.Train, data.Dev);
        var probe = _probe ?? new ManagedElasticNetProbe(Options.Probe with { Seed = Options.Seed });
        var train = data.Train;
        return Search(data.NeuronIds, data.Layout, ids =>
        {
            var (result, dev, _) = Ccfs.FitAndScore(probe, data.SelectNeurons(ids), Options.Metric, cancellationToken);
            return (result, dev);
        }, () => ProbelessRanking.Overall(train.Activations, train.Labels.Ids), progress);
    }

    /// <summary>
    /// The search on any data source: <paramref name="fit"/> trains a probe on the given neuron ids (all of them for the
    /// base) and returns it with its dev score; <paramref name="probeless"/> ranks all input neurons without a probe.
    /// <see cref="Select"/> and the streamed pipeline (<see cref="StreamedCcfs"/>) share it.
    /// </summary>
    internal MinimalNeuronSetResult Search(IReadOnlyList<int> neuronIds, LayerLayout layout, Func<IReadOnlyList<int>, (ProbeResult Result, double Dev)> fit,
        Func<NeuronRanking> probeless, IProgress<CcfsProgress>? progress)
    {
        int n = neuronIds.Count;
        // k per grid point; 0 marks a point skipped under the network basis (k = 0 or k > n).
        int[] ks = Options.Grid.Select(f => Options.Basis == GridBasis.Input ? NeuronsFor(f, n)
            : NetworkNeuronsFor(f, layout) is int k && k >= 1 && k <= n ? k : 0).ToArray();
        int distinct = ks.Where(k => k > 0).Distinct().Count();
        int steps = 1 + distinct, step = 0;
        void Report(string stage, string detail) => progress?.Report(new CcfsProgress(stage, ++step, steps, detail));

        var (baseResult, baseScore) = fit(neuronIds);
        Report("base", $"all {n} neurons");
        var ranking = Options.Ranking == MinimalSetRanking.WeightMass
            ? WeightMassRanking.Ordering(baseResult.Probe.GetWeights(), baseResult.Probe.NeuronIds, Options.SearchStride)
            : probeless();
        double threshold = Ccfs.Threshold(baseScore, Options.DeltaPercent);

        var scoreOfK = new Dictionary<int, double>();
        int? chosen = null;
        double? chosenFraction = null;
        for (int i = 0; i < ks.Length; i++)
        {
            int k = ks[i];
            if (chosen is not null && !Options.EvaluateFullGrid) break;
            if (k == 0) continue;
            if (!scoreOfK.TryGetValue(k, out double score))
            {
                score = k == n ? baseScore : fit(ranking.Top(k).Order().ToArray()).Dev;
                scoreOfK[k] = score;
                Report("grid", $"top {k} of {n} neurons (fraction {Options.Grid[i]})");
            }
            if (chosen is null && Ccfs.Passes(score, threshold, Options.Comparison))
            {
                chosen = k;
                chosenFraction = Options.Grid[i];
            }
        }
        var points = Options.Grid.Select((f, i) => new GridPoint(f, ks[i] > 0 ? ks[i] : NetworkNeuronsFor(f, layout), scoreOfK.TryGetValue(ks[i], out double s) ? s : null)).ToArray();
        int selected = chosen ?? n;
        int[] kept = ranking.Top(selected).Order().ToArray();
        return new MinimalNeuronSetResult(ranking, baseScore, Options.DeltaPercent, threshold, points, chosen is not null, selected, chosenFraction, kept, n);
    }

    /// <summary>
    /// This search as an <see cref="IRedundancyFilter"/>: <c>Filter(input)</c> runs <see cref="Select"/> on the input's
    /// labelled splits and keeps the chosen neurons; the <see cref="MinimalNeuronSetResult"/> is the result's <see cref="RedundancyResult.Details"/>.
    /// </summary>
    /// <returns>The filter (stateless).</returns>
    public IRedundancyFilter AsFilter() =>
        new TaskSpecificFilter(nameof(MinimalNeuronSet), (data, ct) =>
        {
            var r = Select(data, null, ct);
            return (r, r.KeptNeurons);
        });
}
