using CodeNeurons.Data;
using CodeNeurons.Interpretation;
using CodeNeurons.Redundancy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodeNeurons.Analysis;

/// <summary>
/// The CCFS pipeline's oracle, layer-selection and combined (LS → CC → LCA) stages on rows read on demand
/// (<see cref="ProbingRows"/>, e.g. raw folders on disk), for inputs too wide for one dense matrix: a 7B decoder's
/// 32 × 4096 = 131,072 neurons per token. No stage holds a rows × N matrix: every probe reads one minibatch of rows at a
/// time (<see cref="ConceptProbe.Fit(LabeledRows, LabeledRows?, IProgress{ProbeProgress}?, CancellationToken)"/>), each
/// neuron subset is a column view of the same files, and CC is <see cref="ThresholdGraphClustering"/> on the layers LS kept.
/// </summary>
/// <remarks>
/// <para>Same rules, probes and seeds as <see cref="CcfsPipeline"/>: on the same data and options its oracle, LS and
/// combined rows, grid searches and best combination are the dense pipeline's (the CC partitions are exact; only ties
/// between equally distant neurons could be broken differently). The stages that need every neuron's correlations or
/// an in-memory matrix (<c>none</c>'s input baselines, <c>clustering</c>, <c>lca</c>, <c>probeless</c>, <c>selectivity</c>),
/// <see cref="CcfsOptions.Standardize"/> and a <see cref="CcfsOptions.ProbeSearch"/> are refused with an error.</para>
/// <para>Memory: 4·B·N bytes for one minibatch of B rows (float32, plus 8·B·N for its float64 copy in
/// <see cref="ManagedElasticNetProbe"/>), 40·C·N bytes of probe parameters, gradients and Adam moments (float64), and
/// 4·T·N_LS bytes for the standardised columns of the N_LS neurons LS keeps, while CC runs. See docs/ccfs.md.</para>
/// </remarks>
public sealed class StreamedCcfs
{
    /// <summary>The stages this class runs (the oracle always runs).</summary>
    public const CcfsStage SupportedStages = CcfsStage.LayerSelection | CcfsStage.Combined;

    private readonly ConceptProbe? _probe;
    private readonly ILogger<StreamedCcfs> _logger;

    /// <summary>Creates the pipeline.</summary>
    /// <param name="options">The settings (as for <see cref="CcfsPipeline"/>); null for the defaults restricted to <see cref="SupportedStages"/>.</param>
    /// <param name="probe">The probe trainer; null uses a <see cref="ManagedElasticNetProbe"/> with <see cref="CcfsOptions.Probe"/> and <see cref="CcfsOptions.Seed"/>.</param>
    /// <param name="graph">Block size and component bound of the clustering; null for the defaults.</param>
    /// <param name="logger">Optional logger.</param>
    public StreamedCcfs(CcfsOptions? options = null, ConceptProbe? probe = null, ThresholdGraphOptions? graph = null, ILogger<StreamedCcfs>? logger = null)
    {
        Options = options ?? new CcfsOptions { Stages = SupportedStages };
        Graph = graph ?? new ThresholdGraphOptions();
        _probe = probe;
        _logger = logger ?? NullLogger<StreamedCcfs>.Instance;
    }

    /// <summary>The settings.</summary>
    public CcfsOptions Options { get; }

    /// <summary>The clustering's graph settings.</summary>
    public ThresholdGraphOptions Graph { get; }

    /// <summary>Runs the oracle, LS (when <c>layerwise</c> or <c>ccfs</c> is on) and the combined stage.</summary>
    /// <param name="data">Train, dev (every choice is made on it) and optional test (scored only), read row by row.</param>
    /// <param name="progress">Receives one report per trained probe.</param>
    /// <param name="cancellationToken">Cancels between and inside probe trainings.</param>
    /// <returns>The report: <see cref="CcfsReport.Oracle"/>, <see cref="CcfsReport.LayerScores"/>, <see cref="CcfsReport.LayerSelection"/>,
    /// <see cref="CcfsReport.Combined"/>, <see cref="CcfsReport.Best"/>, <see cref="CcfsReport.GridSearches"/> and the timings, with <see cref="CcfsReport.Streamed"/> set.</returns>
    /// <exception cref="ArgumentException">An unsupported stage or option, a class missing from dev, a layer not in the data — before any training.</exception>
    public CcfsReport Run(ProbingRows data, IProgress<CcfsProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var o = Options;
        o.Validate(data.Layout, data.NeuronIds);
        var unsupported = o.Stages & ~SupportedStages;
        if (unsupported != 0)
            throw new ArgumentException($"StreamedCcfs runs the oracle, layerwise and ccfs stages only; {string.Join(", ", CcfsStageNames.Names(unsupported))} need an in-memory matrix: use CcfsPipeline or remove them from Stages.", nameof(data));
        if (o.Standardize)
            throw new ArgumentException("CcfsOptions.Standardize rewrites every split in memory; with StreamedCcfs use Probe.Standardize (z-scores each minibatch with training statistics) instead.", nameof(data));
        if (o.ProbeSearch is not null)
            throw new ArgumentException("CcfsOptions.ProbeSearch is not supported by StreamedCcfs; choose λ1, λ2 in Probe.", nameof(data));
        data.RequireEveryClassInDev();
        Metrics.CheckMetric(o.Metric, data.ClassNames.Count);
        if (o.Layers is { } layers) data = data.SelectNeurons(data.NeuronIds.Where(id => layers.Contains(data.Layout.LayerOf(id))).ToArray());
        var run = new Execution(data, o, Graph, _probe ?? new ManagedElasticNetProbe(o.Probe with { Seed = o.Seed }), _logger, progress, cancellationToken);
        return run.Execute();
    }

    /// <summary>One run: the data, a memo of trained probes by neuron set, the hierarchies and the timings.</summary>
    private sealed class Execution(ProbingRows data, CcfsOptions o, ThresholdGraphOptions graph, ConceptProbe probe, ILogger logger,
        IProgress<CcfsProgress>? progress, CancellationToken ct)
    {
        private readonly Dictionary<NeuronSet, (ProbeResult Result, double Dev)> _fits = [];
        private readonly Dictionary<NeuronSet, double?> _tests = [];
        private readonly Dictionary<NeuronSet, ThresholdGraphClusteringResult> _hierarchies = [];
        private readonly StageLog _stages = new();
        private int _step;
        private int N => data.Neurons;

        public CcfsReport Execute()
        {
            var all = NeuronSet.Of(data.NeuronIds);
            var oracle = Timed("oracle", () => Row(CcfsStage.Oracle, "Oracle", all, "a probe on all neurons"));
            bool lsRows = o.Runs(CcfsStage.LayerSelection);
            LayerSelectionResult? ls = null;
            var lsTable = new List<CcfsRow>();
            if (lsRows || o.Runs(CcfsStage.Combined))
            {
                ls = Timed("layerwise", () => LayerSelector.Run(data.NeuronIds, data.Layout, new LayerSelectorOptions
                {
                    DeltaPercent = o.LayerSelection.Deltas[0], IndependentProbes = lsRows, Probe = o.Probe, Metric = o.Metric, Comparison = o.LayerSelection.Comparison,
                }, ids => { var set = NeuronSet.Of(ids); return (Fit(set, "layerwise").Dev, Test(set)); }, null));
                if (lsRows)
                {
                    foreach (double delta in o.LayerSelection.Deltas)
                    {
                        int layer = ls.ChooseLayer(delta);
                        var score = ls.Layers.First(s => s.Layer == layer);
                        lsTable.Add(new CcfsRow(CcfsStageNames.Of(CcfsStage.LayerSelection), $"LS δ_L={CcfsContext.Num(delta)}%", score.IncrementalNeurons, N,
                            score.IncrementalDevScore, score.IncrementalTestScore, Prefix(layer).Ids.ToArray(), $"layers {ls.Layers[0].Layer}..{layer}"));
                    }
                }
            }
            var combined = new List<CcfsRow>();
            var grids = new List<CcfsGridSearch>();
            var notes = new List<string>();
            CcfsRow? best = null;
            if (o.Runs(CcfsStage.Combined))
            {
                Timed("ccfs", () =>
                {
                    Combined(ls!, combined, grids);
                    return 0;
                });
                best = CcfsCombinedStage.ChooseBest(o, combined, oracle.DevScore, notes);
            }
            return new CcfsReport
            {
                Options = o,
                InputNeurons = N,
                NeuronsPerLayer = data.Layout.NeuronsPerLayer,
                Layers = data.NeuronIds.Select(data.Layout.LayerOf).Distinct().Order().ToArray(),
                ClassNames = data.ClassNames,
                SplitRows = [data.Train.Rows.Rows, data.Dev.Rows.Rows, data.Test?.Rows.Rows ?? 0],
                Oracle = oracle,
                LayerScores = lsRows && ls is not null ? ls.Layers : [],
                LayerSelection = lsTable,
                Combined = combined,
                Best = best,
                GridSearches = grids,
                TimingsSeconds = _stages.TimingsSeconds.ToArray(),
                PeakMemoryBytes = _stages.PeakMemoryBytes.ToArray(),
                PeakMemoryKind = _stages.PeakMemoryKind,
                Notes = notes,
                BestProbe = best is null ? null : _fits[NeuronSet.Of(best.KeptNeurons)].Result.Probe,
                Streamed = true,
            };
        }

        private void Combined(LayerSelectionResult ls, List<CcfsRow> rows, List<CcfsGridSearch> grids)
        {
            var searches = new Dictionary<(double, NeuronSet), MinimalNeuronSetResult>();
            foreach (var pair in o.Combined.Pairs)
            {
                int layer = ls.ChooseLayer(pair.LayerDeltaPercent);
                foreach (double? t in o.Combined.Thresholds)
                {
                    var input = Prefix(layer);
                    string name = CcfsCombinedStage.RowName(pair, t);
                    string detail = $"layers {ls.Layers[0].Layer}..{layer} ({input.Count} neurons)";
                    var steps = new List<CcfsStepCount> { new("LS", input.Count, N) };
                    if (t is not null)
                    {
                        var cut = Hierarchy(input).Cuts.First(c => c.Threshold == t.Value);
                        input = NeuronSet.Of(cut.Representatives);
                        detail += $", {cut.ClusterCount} clusters";
                        steps.Add(new("CC", input.Count, N));
                    }
                    if (!searches.TryGetValue((pair.NeuronDeltaPercent, input), out var search))
                    {
                        var options = o.MinimalSet.ToSearchOptions(true, pair.NeuronDeltaPercent, MinimalSetRanking.WeightMass) with { Seed = o.Seed, Probe = o.Probe, Metric = o.Metric };
                        searches[(pair.NeuronDeltaPercent, input)] = search = new MinimalNeuronSet(probe, options).Search(input.Ids, data.Layout,
                            ids => Fit(NeuronSet.Of(ids), "ccfs"), () => throw new InvalidOperationException("The streamed LCA step ranks by weight mass only."), null);
                    }
                    grids.Add(new CcfsGridSearch(name, search.BaseDevScore, search.Threshold, search.Found, search.Points));
                    var row = Row(CcfsStage.Combined, name, NeuronSet.Of(search.KeptNeurons), CcfsMinimalSetStage.Detail(search, input.Count, MinimalSetRanking.WeightMass));
                    steps.Add(new("LCA", row.Neurons, N));
                    rows.Add(row with { Detail = $"{detail}, {row.Detail}", Steps = steps });
                }
            }
        }

        /// <summary>The neurons of layers 0..<paramref name="layer"/>: a prefix of every row, read as one range.</summary>
        private NeuronSet Prefix(int layer) => NeuronSet.Of(data.NeuronIds.Where(id => data.Layout.LayerOf(id) <= layer));

        private CcfsRow Row(CcfsStage stage, string name, NeuronSet kept, string detail)
        {
            var (_, dev) = Fit(kept, CcfsStageNames.Of(stage));
            return new CcfsRow(CcfsStageNames.Of(stage), name, kept.Count, N, dev, Test(kept), kept.Ids.ToArray(), detail);
        }

        /// <summary>The probe of one neuron set (trained once) and its dev score.</summary>
        private (ProbeResult Result, double Dev) Fit(NeuronSet set, string stage)
        {
            if (_fits.TryGetValue(set, out var cached)) return cached;
            ct.ThrowIfCancellationRequested();
            var split = data.SelectNeurons(set.Ids);
            var result = probe.Fit(split.Train, split.Dev, null, ct);
            double dev = Metrics.Score(o.Metric, result.Probe.Predict(split.Dev.Rows), split.Dev.Labels.Ids);
            _fits[set] = (result, dev);
            progress?.Report(new CcfsProgress(stage, ++_step, 0, $"{set.Count} neurons"));
            return (result, dev);
        }

        /// <summary>The test score of a trained set's probe (scored when first asked; null without a test split).</summary>
        private double? Test(NeuronSet set)
        {
            if (data.Test is null) return null;
            if (_tests.TryGetValue(set, out var cached)) return cached;
            var test = data.Test.SelectNeurons(set.Ids);
            double score = Metrics.Score(o.Metric, _fits[set].Result.Probe.Predict(test.Rows), test.Labels.Ids);
            _tests[set] = score;
            return score;
        }

        private ThresholdGraphClusteringResult Hierarchy(NeuronSet input)
        {
            if (_hierarchies.TryGetValue(input, out var cached)) return cached;
            var thresholds = o.Combined.Thresholds.OfType<double>().Distinct().Order().ToArray();
            var clustering = new ThresholdGraphClustering(new CorrelationClusteringOptions
            {
                Thresholds = thresholds, Linkage = o.Clustering.Linkage, Representative = o.Clustering.Representative, Seed = o.Seed,
            }, graph);
            var clock = _stages.Start();
            var result = clustering.Cluster(data.Train.Rows.SelectNeurons(input.Ids), null, ct);
            clock.Stop("clustering", result.TimingsSeconds.Values.Sum());
            logger.LogInformation("Threshold graph over {Neurons} neurons: {Edges} edges, largest component {Largest}.", input.Count, result.Edges, result.LargestComponent);
            _hierarchies[input] = result;
            return result;
        }

        private T Timed<T>(string stage, Func<T> body)
        {
            var clock = _stages.Start();
            var result = body();
            double seconds = clock.Stop(stage);
            logger.LogInformation("Streamed CCFS stage {Stage} done in {Seconds:F2} s.", stage, seconds);
            return result;
        }
    }
}
