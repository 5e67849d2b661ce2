using CodeNeurons.Data;
using CodeNeurons.Interpretation;
using CodeNeurons.Redundancy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodeNeurons.Analysis;

/// <summary>
/// Dalvi et al. 2020's task-specific redundancy pipeline end to end, as in the paper's tables: oracle and none
/// baselines (with the input baselines the papers lack: the surface-form rule and the context-only probe), LayerSelector (LS), the correlation-clustering (CC) curve, the minimal neuron sets (LCA weight mass and
/// probeless), LS + CC + LCA for every (δ_L, δ_N) pair and threshold with the best combination chosen on dev,
/// selectivity, and the concept neurons. Every choice uses dev only; every row is also scored on test.
/// </summary>
/// <remarks>
/// Each stage is a small step over the same <see cref="ProbingData"/> and an immutable context; work is shared through
/// one memo per run: the correlation matrix of the training activations is computed once for all input neurons and the
/// layers LS keeps use a block of it (<see cref="CondensedDistanceMatrix.Select"/>); one hierarchy per neuron set is cut
/// at every threshold; LS is run once and re-applied for every δ_L (<see cref="LayerSelectionResult.ChooseLayer"/>);
/// a neuron set's probe (keyed by <see cref="NeuronSet"/>) and minimal-set search are computed once.
/// </remarks>
public sealed class CcfsPipeline
{
    private readonly IConceptProbe? _probe;
    private readonly IGramKernel? _kernel;
    private readonly ILogger<CcfsPipeline> _logger;

    /// <summary>Creates the pipeline.</summary>
    /// <param name="options">Settings (validated here); null for the defaults (the paper's setting).</param>
    /// <param name="probe">The probe trainer of every stage; null uses a <see cref="ManagedElasticNetProbe"/> with <see cref="CcfsOptions.Probe"/> and <see cref="CcfsOptions.Seed"/>.</param>
    /// <param name="kernel">The Gram kernel of the correlation pass; null for <see cref="ManagedGramKernel"/>.</param>
    /// <param name="logger">Receives one line per stage.</param>
    /// <exception cref="ArgumentException">An invalid option.</exception>
    public CcfsPipeline(CcfsOptions? options = null, IConceptProbe? probe = null, IGramKernel? kernel = null, ILogger<CcfsPipeline>? logger = null)
    {
        Options = options ?? new CcfsOptions();
        Options.Validate();
        _probe = probe;
        _kernel = kernel;
        _logger = logger ?? NullLogger<CcfsPipeline>.Instance;
    }

    /// <summary>The settings.</summary>
    public CcfsOptions Options { get; }

    /// <summary>Runs every configured stage.</summary>
    /// <param name="data">Train, dev (every choice is made on it; every class must occur) and optional test (scored only).</param>
    /// <param name="progress">Receives one report per trained probe.</param>
    /// <param name="cancellationToken">Cancels between and inside probe trainings.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentException">A class missing from dev or a layer not in the data — checked before any training.</exception>
    public CcfsReport Run(ProbingData data, IProgress<CcfsProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        Options.Validate(data.Layout, data.NeuronIds);
        data.RequireEveryClassInDev();
        Metrics.CheckMetric(Options.Metric, data.ClassNames.Count);
        if (Options.Layers is { } layers) data = data.SelectLayers(layers);
        if (Options.Standardize) data = data.Standardized();
        var probe = _probe ?? Options.CreateProbe();
        var ctx = new CcfsContext(data, Options, probe, _kernel, _logger, progress, cancellationToken);
        var run = ctx.Evaluator;
        var o = Options;

        ProbeSearchResult? search = null;
        var oracle = run.Timed(ctx, CcfsStage.Oracle, () => CcfsOracleStage.Run(ctx, out search));
        var optimistic = CcfsOptimisticOracle.Run(ctx, search);
        if (o.SearchScope == ProbeSearchScope.Oracle && search is not null && probe is ProbeSearch ps)
            ctx = ctx with { Probe = ps.ProbeFor(search.Best) }; // the memo (Evaluator) is shared by the copy
        var none = o.Runs(CcfsStage.None) ? CcfsNoneStage.Run(ctx) : null;
        var input = o.Runs(CcfsStage.None) ? run.Timed(ctx, CcfsStage.None, () => CcfsInputBaselineStage.Run(ctx)) : default;
        var ls = o.Runs(CcfsStage.LayerSelection) || o.Runs(CcfsStage.Combined)
            ? run.Timed(ctx, CcfsStage.LayerSelection, () => CcfsLayerSelectionStage.Run(ctx, rows: o.Runs(CcfsStage.LayerSelection)))
            : null;
        var cc = o.Runs(CcfsStage.Clustering) ? run.Timed(ctx, CcfsStage.Clustering, () => CcfsClusteringStage.Run(ctx)) : [];
        var lca = o.Runs(CcfsStage.Lca)
            ? run.Timed(ctx, CcfsStage.Lca, () => CcfsMinimalSetStage.Run(ctx, CcfsStage.Lca, "LCA", ctx.All, o.MinimalSet.DeltaPercent, MinimalSetRanking.WeightMass))
            : null;
        var probeless = o.Runs(CcfsStage.Probeless)
            ? run.Timed(ctx, CcfsStage.Probeless, () => CcfsMinimalSetStage.Run(ctx, CcfsStage.Probeless, "Probeless", ctx.All, o.MinimalSet.DeltaPercent, MinimalSetRanking.Probeless))
            : null;
        var combined = o.Runs(CcfsStage.Combined) ? run.Timed(ctx, CcfsStage.Combined, () => CcfsCombinedStage.Run(ctx, ls!.Selection, oracle.DevScore)) : null;
        var chosen = new[] { oracle, combined?.Best }.OfType<CcfsRow>().ToArray();
        // Control-task probes train without dev, so a search cannot choose their λs: they use the oracle's winner.
        var plain = ctx.Probe is ProbeSearch ps2 && search is not null ? ctx with { Probe = ps2.ProbeFor(search.Best) } : ctx;
        var selectivity = o.Runs(CcfsStage.Selectivity) ? CcfsSelectivityStage.Run(plain, chosen) : null;
        var perClass = CcfsConceptStage.PerClass(ctx, chosen);
        var concepts = CcfsConceptStage.ConceptNeurons(ctx, run.ProbeOf(ctx, ctx.All));

        return new CcfsReport
        {
            Options = o,
            InputNeurons = ctx.N,
            NeuronsPerLayer = data.Layout.NeuronsPerLayer,
            Layers = data.NeuronIds.Select(id => id / data.Layout.NeuronsPerLayer).Distinct().Order().ToArray(),
            ClassNames = data.ClassNames,
            SplitRows = [data.Train.Rows, data.Dev.Rows, data.Test?.Rows ?? 0],
            Oracle = oracle,
            OptimisticOracle = optimistic,
            None = none,
            InputBaselines = input.Rows ?? [],
            LayerScores = o.Runs(CcfsStage.LayerSelection) && ls is not null ? ls.Selection.Layers : [],
            LayerSelection = ls?.Rows ?? [],
            Clustering = cc,
            Lca = lca?.Row,
            Probeless = probeless?.Row,
            Combined = combined?.Rows ?? [],
            Best = combined?.Best,
            GridSearches = [.. new[] { lca?.Grid, probeless?.Grid }.OfType<CcfsGridSearch>(), .. combined?.Grids ?? []],
            Selectivity = selectivity?.Rows ?? [],
            PerClass = perClass,
            Concepts = concepts,
            TimingsSeconds = run.Stages.TimingsSeconds.ToArray(),
            PeakMemoryBytes = run.Stages.PeakMemoryBytes.ToArray(),
            PeakMemoryKind = run.Stages.PeakMemoryKind,
            Notes = [.. input.Notes ?? [], .. combined?.Notes ?? [], .. selectivity?.Notes ?? []],
            BestProbe = combined?.Best is { } best ? run.ProbeOf(ctx, NeuronSet.Of(best.KeptNeurons)) : null,
        };
    }
}
