using System.Diagnostics;
using System.Globalization;
using CodeNeurons.Redundancy;
using CodeNeurons.Concepts;
using CodeNeurons.Data;
using CodeNeurons.Interpretation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodeNeurons.Analysis;

/// <summary>
/// Dalvi et al. 2020's task-specific redundancy pipeline end to end: oracle and none baselines, layer-wise probes and
/// LayerSelector (LS), the correlation-clustering (CC) curve, the minimal neuron sets (LCA weight mass and probeless),
/// and LS + CC + LCA for every (δ_L, δ_N) pair and threshold, with the best combination chosen on dev and every row
/// scored on test. Every choice uses dev only.
/// </summary>
/// <remarks>
/// Work is shared across stages: the correlation matrix of the training activations is computed once for all input
/// neurons; the distances of the layers LS keeps are a block of it (<see cref="CondensedDistanceMatrix.Select"/>);
/// one hierarchy per neuron set is cut at every threshold; LS is run once and re-applied for every δ_L
/// (<see cref="LayerSelectionResult.ChooseLayer"/>); identical minimal-set searches and probe evaluations are reused.
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
    /// <param name="train">Training activations.</param>
    /// <param name="trainLabels">Class of each training row (0..C−1, every class present).</param>
    /// <param name="dev">Dev activations (same neuron ids): every choice is made on them.</param>
    /// <param name="devLabels">Class of each dev row; every class must occur.</param>
    /// <param name="test">Optional test activations, scored only.</param>
    /// <param name="testLabels">Class of each test row; required with <paramref name="test"/>.</param>
    /// <param name="classNames">Optional class names in id order (the report's labels).</param>
    /// <param name="progress">Receives one report per trained probe.</param>
    /// <param name="cancellationToken">Cancels between and inside probe trainings.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentException">Mismatched inputs, a class missing from dev, a layer not in the data — all checked before any training.</exception>
    public CcfsReport Run(ActivationSet train, IReadOnlyList<int> trainLabels, ActivationSet dev, IReadOnlyList<int> devLabels,
        ActivationSet? test = null, IReadOnlyList<int>? testLabels = null, IReadOnlyList<string>? classNames = null,
        IProgress<CcfsProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        Options.Validate(train.Layout, train.NeuronIds);
        Ccfs.Validate(Options.SelectionDeltaPercent, train, trainLabels, dev, devLabels);
        Ccfs.CheckTest(train, test, testLabels);
        int classes = trainLabels.Max() + 1;
        if (classNames is not null && classNames.Count != classes)
            throw new ArgumentException($"{classNames.Count} class names for {classes} classes.", nameof(classNames));
        if (Options.Layers is { } layers)
        {
            int[] keep = layers.ToArray();
            train = train.SelectLayers(keep);
            dev = dev.SelectLayers(keep);
            test = test?.SelectLayers(keep);
        }
        return new Execution(this, train, trainLabels, dev, devLabels, test, testLabels,
            classNames ?? Enumerable.Range(0, classes).Select(c => c.ToString(CultureInfo.InvariantCulture)).ToArray(), progress, cancellationToken).Execute();
    }

    /// <summary>The state of one run: inputs, caches, timings.</summary>
    private sealed class Execution(CcfsPipeline owner, ActivationSet train, IReadOnlyList<int> yTrain, ActivationSet dev, IReadOnlyList<int> yDev,
        ActivationSet? test, IReadOnlyList<int>? yTest, IReadOnlyList<string> classNames, IProgress<CcfsProgress>? progress, CancellationToken ct)
    {
        private readonly CcfsOptions _o = owner.Options;
        private readonly IConceptProbe _probe = owner._probe ?? new ManagedElasticNetProbe(owner.Options.Probe with { Seed = owner.Options.Seed });
        private readonly Dictionary<string, (double Dev, double? Test)> _scores = new(StringComparer.Ordinal);
        private readonly Dictionary<string, LinearProbe> _probes = new(StringComparer.Ordinal);
        private readonly Dictionary<int, CorrelationClusteringResult> _hierarchies = [];
        private readonly Dictionary<string, MinimalNeuronSetResult> _minimalSets = new(StringComparer.Ordinal);
        private readonly List<KeyValuePair<string, double>> _timings = [];
        private readonly List<CcfsGridSearch> _grids = [];
        private readonly List<string> _notes = [];
        private CondensedDistanceMatrix? _distances;
        private int N => train.Neurons;

        public CcfsReport Execute()
        {
            var oracle = Timed(CcfsStages.Oracle, () =>
            {
                var b = Baselines.Oracle(_probe, train, yTrain, dev, yDev, test, yTest, ct);
                _scores[Key(train.NeuronIds)] = (b.DevScore, b.TestScore);
                _probes[Key(train.NeuronIds)] = b.Probe!.Probe;
                Report(CcfsStages.Oracle, $"all {N} neurons");
                return new CcfsRow(CcfsStages.Oracle, "Oracle", N, N, b.DevScore, b.TestScore, train.NeuronIds.ToArray(), "a probe on all neurons");
            });
            CcfsRow? none = null;
            if (_o.Runs(CcfsStages.None))
            {
                var b = Baselines.None(yTrain, yDev, yTest);
                none = new CcfsRow(CcfsStages.None, "None", 0, N, b.DevScore, b.TestScore, [], $"majority class {classNames[b.MajorityClass!.Value]}");
            }

            LayerSelectionResult? ls = null;
            var lsRows = new List<CcfsRow>();
            if (_o.Runs(CcfsStages.LayerSelection) || _o.Runs(CcfsStages.Combined))
            {
                ls = Timed(CcfsStages.LayerSelection, () =>
                    new LayerSelector(_probe, new LayerSelectorOptions { DeltaPercent = _o.LayerDeltas[0], IndependentProbes = _o.Runs(CcfsStages.LayerSelection), Probe = _o.Probe })
                        .Select(train, yTrain, dev, yDev, test, yTest, Prefixed(CcfsStages.LayerSelection), ct));
                foreach (var s in ls.Layers.Where(s => s.Layer != ls.Layers[^1].Layer))
                    _scores[Key(LayerPrefix(s.Layer))] = (s.IncrementalDevScore, s.IncrementalTestScore);
                if (_o.Runs(CcfsStages.LayerSelection))
                {
                    foreach (double delta in _o.LayerDeltas)
                    {
                        int layer = ls.ChooseLayer(delta);
                        var score = ls.Layers.First(s => s.Layer == layer);
                        lsRows.Add(new CcfsRow(CcfsStages.LayerSelection, $"LS δ_L={Num(delta)}%", score.IncrementalNeurons, N, score.IncrementalDevScore, score.IncrementalTestScore,
                            LayerPrefix(layer), $"layers {ls.Layers[0].Layer}..{layer}"));
                    }
                }
            }

            var ccRows = new List<CcfsRow>();
            if (_o.Runs(CcfsStages.Clustering))
            {
                Timed(CcfsStages.Clustering, () =>
                {
                    var h = Hierarchy(-1);
                    foreach (double t in _o.ClusteringThresholds)
                    {
                        var cut = h.Cuts.First(c => c.Threshold == t);
                        ccRows.Add(Evaluate(CcfsStages.Clustering, $"CC t={Num(t)}", cut.Representatives, $"{cut.ClusterCount} clusters"));
                    }
                    return 0;
                });
            }

            CcfsRow? lca = null, probeless = null;
            if (_o.Runs(CcfsStages.Lca))
                lca = Timed(CcfsStages.Lca, () => MinimalRow(CcfsStages.Lca, "LCA", train.NeuronIds, _o.NeuronDeltaPercent, MinimalSetRanking.WeightMass));
            if (_o.Runs(CcfsStages.Probeless))
                probeless = Timed(CcfsStages.Probeless, () => MinimalRow(CcfsStages.Probeless, "Probeless", train.NeuronIds, _o.NeuronDeltaPercent, MinimalSetRanking.Probeless));

            var combined = new List<CcfsRow>();
            CcfsRow? best = null;
            if (_o.Runs(CcfsStages.Combined))
            {
                Timed(CcfsStages.Combined, () =>
                {
                    foreach (var pair in _o.Pairs)
                    {
                        int layer = ls!.ChooseLayer(pair.LayerDeltaPercent);
                        foreach (double? t in _o.CombinedThresholds)
                        {
                            IReadOnlyList<int> input = LayerPrefix(layer);
                            string name = $"LS+{(t is null ? "" : "CC+")}LCA ({Num(pair.LayerDeltaPercent)},{Num(pair.NeuronDeltaPercent)}){(t is null ? "" : $" t={Num(t.Value)}")}";
                            string detail = $"layers {ls.Layers[0].Layer}..{layer} ({input.Count} neurons)";
                            var steps = new List<CcfsStepCount> { new("LS", input.Count, N) };
                            if (t is not null)
                            {
                                var cut = Hierarchy(layer).Cuts.First(c => c.Threshold == t.Value);
                                input = cut.Representatives.Order().ToArray();
                                detail += $", {cut.ClusterCount} clusters";
                                steps.Add(new("CC", input.Count, N));
                            }
                            var row = MinimalRow(CcfsStages.Combined, name, input, pair.NeuronDeltaPercent, MinimalSetRanking.WeightMass);
                            steps.Add(new("LCA", row.Neurons, N));
                            combined.Add(row with { Detail = $"{detail}, {row.Detail}", Steps = steps });
                        }
                    }
                    return 0;
                });
                best = ChooseBest(combined, oracle.DevScore);
            }

            var selectivity = new List<CcfsSelectivity>();
            if (_o.Runs(CcfsStages.Selectivity))
            {
                var scored = test ?? dev;
                var scoredLabels = test is null ? yDev : yTest!;
                if (train.Tokens is null || scored.Tokens is null)
                    _notes.Add("selectivity: skipped, the activations carry no tokens (control tasks assign labels per word type).");
                else
                {
                    if (test is null) _notes.Add("selectivity: no test set, measured on dev.");
                    Timed(CcfsStages.Selectivity, () =>
                    {
                        var control = new ControlTaskOptions { Distribution = _o.ControlDistribution, Seed = _o.Seed };
                        foreach (var row in new[] { oracle, best }.OfType<CcfsRow>())
                        {
                            var r = SelectivityAnalysis.Measure(_probe, train.SelectNeurons(row.KeptNeurons), yTrain, scored.SelectNeurons(row.KeptNeurons), scoredLabels, control, ct);
                            selectivity.Add(new CcfsSelectivity(row.Name, row.Neurons, r.TaskAccuracy, r.ControlAccuracy));
                            Report(CcfsStages.Selectivity, row.Name);
                        }
                        return 0;
                    });
                }
            }

            var perClass = new List<CcfsPerClassAccuracy>();
            var (evaluated, evaluatedLabels, splitName) = test is null ? (dev, yDev, "dev") : (test, yTest!, "test");
            foreach (var row in new[] { oracle, best }.OfType<CcfsRow>())
            {
                var probe = ProbeOf(row.KeptNeurons);
                var predicted = probe.Predict(row.Neurons == N ? evaluated : evaluated.SelectNeurons(row.KeptNeurons));
                perClass.Add(new CcfsPerClassAccuracy(row.Name, splitName, Metrics.PerClassAccuracy(predicted, evaluatedLabels, classNames.Count)));
            }

            return new CcfsReport
            {
                Options = _o,
                InputNeurons = N,
                NeuronsPerLayer = train.Layout.NeuronsPerLayer,
                Layers = train.NeuronIds.Select(id => id / train.Layout.NeuronsPerLayer).Distinct().Order().ToArray(),
                ClassNames = classNames,
                SplitRows = [train.Rows, dev.Rows, test?.Rows ?? 0],
                Oracle = oracle,
                None = none,
                LayerScores = _o.Runs(CcfsStages.LayerSelection) && ls is not null ? ls.Layers : [],
                LayerSelection = lsRows,
                Clustering = ccRows,
                Lca = lca,
                Probeless = probeless,
                Combined = combined,
                Best = best,
                GridSearches = _grids,
                Selectivity = selectivity,
                PerClass = perClass,
                Concepts = ConceptNeurons(ProbeOf(oracle.KeptNeurons)),
                TimingsSeconds = _timings,
                Notes = _notes,
            };
        }

        /// <summary>The probe trained on exactly <paramref name="kept"/> (trained now if no stage kept it).</summary>
        private LinearProbe ProbeOf(IReadOnlyList<int> kept)
        {
            string key = Key(kept);
            if (!_probes.TryGetValue(key, out var probe))
            {
                Evaluate("report", "probe", kept, "");
                probe = _probes[key];
            }
            return probe;
        }

        /// <summary>Per class, the neurons with the largest positive weights in the oracle probe, with their top training tokens.</summary>
        private List<CcfsConceptNeurons> ConceptNeurons(LinearProbe oracle)
        {
            var result = new List<CcfsConceptNeurons>();
            if (_o.ConceptNeurons == 0) return result;
            var w = oracle.GetWeights();
            var ids = oracle.NeuronIds;
            for (int c = 0; c < classNames.Count && c < w.GetLength(0); c++)
            {
                var top = Enumerable.Range(0, ids.Count).Where(j => w[c, j] > 0).OrderByDescending(j => w[c, j]).ThenBy(j => ids[j]).Take(_o.ConceptNeurons).ToArray();
                var neurons = top.Select(j => new CcfsNeuron(ids[j], w[c, j],
                    train.Tokens is null ? [] : TopTokensAnalysis.TopWords(train, ids[j], 5).Words.Select(t => t.Token).ToArray())).ToArray();
                result.Add(new CcfsConceptNeurons(classNames[c], neurons));
            }
            return result;
        }

        /// <summary>The fewest neurons among rows within SelectionDelta of the oracle's dev score; else the best dev score.</summary>
        private CcfsRow? ChooseBest(List<CcfsRow> rows, double oracleDev)
        {
            if (rows.Count == 0) return null;
            double threshold = Ccfs.Threshold(oracleDev, _o.SelectionDeltaPercent);
            var qualifying = rows.Where(r => r.DevScore >= threshold).ToList();
            if (qualifying.Count > 0) return qualifying.OrderBy(r => r.Neurons).ThenByDescending(r => r.DevScore).First();
            _notes.Add($"ccfs: no combination reached {Num(100 - _o.SelectionDeltaPercent)}% of the oracle's dev accuracy; the best is the one with the highest dev accuracy.");
            return rows.OrderByDescending(r => r.DevScore).ThenBy(r => r.Neurons).First();
        }

        private CcfsRow MinimalRow(string stage, string name, IReadOnlyList<int> input, double deltaN, MinimalSetRanking ranking)
        {
            string key = $"{ranking}|{Num(deltaN)}|{Key(input)}";
            if (!_minimalSets.TryGetValue(key, out var result))
            {
                var options = new MinimalNeuronSetOptions { DeltaPercent = deltaN, Ranking = ranking, Grid = _o.Grid, Seed = _o.Seed, Probe = _o.Probe };
                bool all = input.Count == N;
                result = new MinimalNeuronSet(_probe, options).Select(all ? train : train.SelectNeurons(input), yTrain, all ? dev : dev.SelectNeurons(input), yDev, Prefixed(stage), ct);
                _minimalSets[key] = result;
            }
            _grids.Add(new CcfsGridSearch(name, result.BaseDevScore, result.Threshold, result.Found, result.Points));
            string detail = result.Found
                ? $"top {result.SelectedK} of {input.Count} ({ranking}, fraction {Num(result.SelectedFraction!.Value)})"
                : $"no grid point reached the threshold; all {input.Count} kept";
            return Evaluate(stage, name, result.KeptNeurons, detail);
        }

        /// <summary>A probe trained on <paramref name="kept"/>, scored on dev and test (cached per neuron set).</summary>
        private CcfsRow Evaluate(string stage, string name, IReadOnlyList<int> kept, string detail)
        {
            int[] ids = kept.Order().ToArray();
            string key = Key(ids);
            // Layer selection records scores without keeping probes: refit when a later stage needs this set's probe.
            if (!_scores.TryGetValue(key, out var s) || (test is not null && s.Test is null) || (stage == "report" && !_probes.ContainsKey(key)))
            {
                var devKept = dev.SelectNeurons(ids);
                var fit = _probe.Fit(train.SelectNeurons(ids), yTrain, devKept, yDev, null, ct).Probe;
                double devScore = Metrics.Accuracy(fit.Predict(devKept), yDev);
                double? testScore = test is null ? null : Metrics.Accuracy(fit.Predict(test.SelectNeurons(ids)), yTest!);
                s = (devScore, testScore);
                _scores[key] = s;
                _probes[key] = fit;
                Report(stage, $"{name}: {ids.Length} neurons");
            }
            return new CcfsRow(stage, name, ids.Length, N, s.Dev, s.Test, ids, detail);
        }

        /// <summary>The hierarchy of layers 0..<paramref name="layer"/> (−1: all input neurons), from blocks of one correlation matrix.</summary>
        private CorrelationClusteringResult Hierarchy(int layer)
        {
            if (layer >= 0 && LayerPrefix(layer).Length == N) layer = -1; // layers 0..last = every input neuron: one hierarchy
            if (_hierarchies.TryGetValue(layer, out var cached)) return cached;
            if (_distances is null)
            {
                var clock = Stopwatch.StartNew();
                using var accumulator = new CorrelationAccumulator(N, owner._kernel);
                using (var stream = train.OpenStream())
                    CorrelationClustering.Accumulate(stream, accumulator, new CorrelationClusteringOptions().ChunkRows, null, ct);
                _distances = accumulator.ToDistances(signed: false, consume: true, ct);
                _timings.Add(new("correlation", clock.Elapsed.TotalSeconds));
                owner._logger.LogInformation("Correlations of {Neurons} neurons over {Rows} training rows in {Seconds:F2} s.", N, train.Rows, clock.Elapsed.TotalSeconds);
            }
            var thresholds = _o.ClusteringThresholds.Concat(_o.CombinedThresholds.OfType<double>()).Distinct().Order().ToArray();
            var clustering = new CorrelationClustering(new CorrelationClusteringOptions
            {
                Thresholds = thresholds, Linkage = _o.Linkage, Representative = _o.Representative, Seed = _o.Seed,
            }, owner._kernel);
            CorrelationClusteringResult result;
            if (layer < 0) result = clustering.Cluster(_distances, train.NeuronIds, train.Rows, ct);
            else
            {
                var ids = LayerPrefix(layer);
                var columns = Enumerable.Range(0, ids.Length).ToArray(); // a layer prefix is a prefix of the ascending ids
                result = clustering.Cluster(_distances.Select(columns), ids, train.Rows, ct);
            }
            _hierarchies[layer] = result;
            return result;
        }

        private int[] LayerPrefix(int layer) => train.NeuronIds.Where(id => id / train.Layout.NeuronsPerLayer <= layer).ToArray();

        private T Timed<T>(string stage, Func<T> body)
        {
            ct.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            var result = body();
            _timings.Add(new(stage, clock.Elapsed.TotalSeconds));
            owner._logger.LogInformation("CCFS stage {Stage} done in {Seconds:F2} s.", stage, clock.Elapsed.TotalSeconds);
            return result;
        }

        private int _step;

        private void Report(string stage, string detail) => progress?.Report(new CcfsProgress(stage, ++_step, 0, detail));

        private IProgress<CcfsProgress>? Prefixed(string stage) =>
            progress is null ? null : new PrefixedProgress(progress, stage);

        private static string Key(IReadOnlyList<int> ids) => string.Join(',', ids);
    }

    private static string Num(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);

    private sealed class PrefixedProgress(IProgress<CcfsProgress> inner, string stage) : IProgress<CcfsProgress>
    {
        public void Report(CcfsProgress value) => inner.Report(value with { Stage = $"{stage}/{value.Stage}" });
    }
}
