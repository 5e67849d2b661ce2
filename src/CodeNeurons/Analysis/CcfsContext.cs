using System.Globalization;
using CodeNeurons.Data;
using CodeNeurons.Interpretation;
using CodeNeurons.Redundancy;
using Microsoft.Extensions.Logging;

namespace CodeNeurons.Analysis;

/// <summary>
/// What every CCFS stage reads: the data (already restricted to <see cref="CcfsOptions.Layers"/>), the options, the
/// probe trainer and Gram kernel, and the shared <see cref="CcfsEvaluator"/> that memoises probe evaluations,
/// hierarchies and minimal-set searches by neuron set. Immutable; one per <see cref="CcfsPipeline.Run"/>.
/// </summary>
internal sealed record CcfsContext(ProbingData Data, CcfsOptions Options, IConceptProbe Probe, IGramKernel? Kernel, ILogger Logger,
    IProgress<CcfsProgress>? Progress, CancellationToken CancellationToken)
{
    public CcfsEvaluator Evaluator { get; } = new();

    /// <summary>N: the pipeline's input neurons.</summary>
    public int N => Data.Neurons;

    public NeuronSet All { get; } = NeuronSet.Of(Data.NeuronIds);

    /// <summary>The input's neurons of layers 0..<paramref name="layer"/>.</summary>
    public NeuronSet LayerPrefix(int layer) => NeuronSet.Of(Data.NeuronIds.Where(id => id / Data.Layout.NeuronsPerLayer <= layer));

    public static string Num(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}

/// <summary>
/// The memo of one pipeline run: a probe per evaluated neuron set (with its dev and test scores), the correlation
/// distances (computed once for all input neurons), one hierarchy per layer prefix, one minimal-set search per (ranking,
/// δ_N, input set); also the run's timings and progress counter. The only mutable part of a run.
/// </summary>
internal sealed class CcfsEvaluator
{
    private readonly Dictionary<NeuronSet, (double Dev, double? Test)> _scores = [];
    private readonly Dictionary<NeuronSet, LinearProbe> _probes = [];
    private readonly Dictionary<NeuronSet, CorrelationClusteringResult> _hierarchies = [];
    private readonly Dictionary<(MinimalSetRanking, double, NeuronSet, bool), MinimalNeuronSetResult> _minimalSets = [];
    private readonly StageLog _stages = new();
    private CondensedDistanceMatrix? _distances;
    private int _step;

    /// <summary>Seconds and peak memory of each stage, in the order they ended.</summary>
    public StageLog Stages => _stages;

    /// <summary>Records scores known without a probe of their own (e.g. LS's incremental probes).</summary>
    public void RecordScores(NeuronSet set, double dev, double? test) => _scores[set] = (dev, test);

    /// <summary>A probe trained on exactly <paramref name="kept"/>, scored on dev and test (trained once per neuron set).</summary>
    public CcfsRow Evaluate(CcfsContext ctx, CcfsStage stage, string name, NeuronSet kept, string detail)
    {
        if (!_scores.TryGetValue(kept, out var s) || (ctx.Data.Test is not null && s.Test is null))
        {
            Train(ctx, kept, CcfsStageNames.Of(stage), $"{name}: {kept.Count} neurons");
            s = _scores[kept];
        }
        return new CcfsRow(CcfsStageNames.Of(stage), name, kept.Count, ctx.N, s.Dev, s.Test, kept.Ids.ToArray(), detail);
    }

    /// <summary>The probe trained on exactly <paramref name="kept"/> (trained now if no stage trained one).</summary>
    public LinearProbe ProbeOf(CcfsContext ctx, NeuronSet kept) =>
        _probes.TryGetValue(kept, out var probe) ? probe : Train(ctx, kept, "report", $"probe: {kept.Count} neurons");

    /// <summary>Trains, scores and records the probe of one neuron set.</summary>
    private LinearProbe Train(CcfsContext ctx, NeuronSet kept, string stage, string detail)
    {
        var (fit, dev, test) = Ccfs.FitAndScore(ctx.Probe, ctx.Data.SelectNeurons(kept.Ids), ctx.Options.Metric, ctx.CancellationToken);
        _scores[kept] = (dev, test);
        _probes[kept] = fit.Probe;
        Report(ctx, stage, detail);
        return fit.Probe;
    }

    /// <summary>The oracle's probe, trained by the oracle stage.</summary>
    public void RecordProbe(NeuronSet set, LinearProbe probe) => _probes[set] = probe;

    /// <summary>The minimal-set search on <paramref name="input"/> (run once per ranking, δ_N and input).</summary>
    public MinimalNeuronSetResult MinimalSet(CcfsContext ctx, CcfsStage stage, NeuronSet input, double deltaN, MinimalSetRanking ranking)
    {
        bool combined = stage == CcfsStage.Combined;
        var key = (ranking, deltaN, input, combined);
        if (!_minimalSets.TryGetValue(key, out var result))
        {
            var o = ctx.Options;
            var options = o.MinimalSet.ToSearchOptions(combined, deltaN, ranking) with { Seed = o.Seed, Probe = o.Probe, Metric = o.Metric };
            result = new MinimalNeuronSet(ctx.Probe, options).Select(ctx.Data.SelectNeurons(input.Ids), Prefixed(ctx, CcfsStageNames.Of(stage)), ctx.CancellationToken);
            _minimalSets[key] = result;
        }
        return result;
    }

    /// <summary>The hierarchy of <paramref name="input"/> (all input neurons or a layer prefix), from blocks of one correlation matrix.</summary>
    public CorrelationClusteringResult Hierarchy(CcfsContext ctx, NeuronSet input)
    {
        if (_hierarchies.TryGetValue(input, out var cached)) return cached;
        var train = ctx.Data.Train.Activations;
        if (_distances is null)
        {
            var clock = _stages.Start();
            using var accumulator = new CorrelationAccumulator(ctx.N, ctx.Kernel);
            using (var stream = train.OpenStream())
                CorrelationClustering.Accumulate(stream, accumulator, new CorrelationClusteringOptions().ChunkRows, null, ctx.CancellationToken);
            _distances = accumulator.ToDistances(signed: false, consume: true, ctx.CancellationToken);
            double seconds = clock.Stop("correlation");
            ctx.Logger.LogInformation("Correlations of {Neurons} neurons over {Rows} training rows in {Seconds:F2} s.", ctx.N, train.Rows, seconds);
        }
        var o = ctx.Options;
        var thresholds = o.Clustering.Thresholds.Concat(o.Combined.Thresholds.OfType<double>()).Distinct().Order().ToArray();
        var clustering = new CorrelationClustering(new CorrelationClusteringOptions
        {
            Thresholds = thresholds, Linkage = o.Clustering.Linkage, Representative = o.Clustering.Representative, Seed = o.Seed,
        }, ctx.Kernel);
        CorrelationClusteringResult result;
        if (input.Count == ctx.N) result = clustering.Cluster(_distances, train.NeuronIds, train.Rows, ctx.CancellationToken);
        else
        {
            // A layer prefix is a prefix of the ascending ids: its distances are the leading block.
            var columns = Enumerable.Range(0, input.Count).ToArray();
            result = clustering.Cluster(_distances.Select(columns), input.Ids, train.Rows, ctx.CancellationToken);
        }
        _hierarchies[input] = result;
        return result;
    }

    /// <summary>Runs <paramref name="body"/> as one timed stage.</summary>
    public T Timed<T>(CcfsContext ctx, CcfsStage stage, Func<T> body)
    {
        ctx.CancellationToken.ThrowIfCancellationRequested();
        var clock = _stages.Start();
        var result = body();
        double seconds = clock.Stop(CcfsStageNames.Of(stage));
        ctx.Logger.LogInformation("CCFS stage {Stage} done in {Seconds:F2} s.", CcfsStageNames.Of(stage), seconds);
        return result;
    }

    public void Report(CcfsContext ctx, string stage, string detail) => ctx.Progress?.Report(new CcfsProgress(stage, ++_step, 0, detail));

    public static IProgress<CcfsProgress>? Prefixed(CcfsContext ctx, string stage) =>
        ctx.Progress is null ? null : new PrefixedProgress(ctx.Progress, stage);

    private sealed class PrefixedProgress(IProgress<CcfsProgress> inner, string stage) : IProgress<CcfsProgress>
    {
        public void Report(CcfsProgress value) => inner.Report(value with { Stage = $"{stage}/{value.Stage}" });
    }
}
