using CodeNeurons.Data;
using CodeNeurons.Interpretation;
using CodeNeurons.Redundancy;

namespace CodeNeurons.Analysis;

/// <summary>
/// LayerSelector (LS), the first task-specific stage of Dalvi et al. 2020's CCFS pipeline: trains the oracle (all
/// neurons), an independent probe per layer and incremental probes on layers 0..ℓ, then keeps layers 0..ℓ for the
/// smallest ℓ whose incremental <b>dev</b> accuracy reaches oracle·(1 − δ_L). No test data is involved.
/// </summary>
/// <param name="probe">The probe trainer; null uses a <see cref="ManagedElasticNetProbe"/> with <see cref="LayerSelectorOptions.Probe"/>.</param>
/// <param name="options">The settings; null uses the defaults (δ_L = 1 %).</param>
public sealed class LayerSelector(IConceptProbe? probe = null, LayerSelectorOptions? options = null)
{
    /// <summary>The settings.</summary>
    public LayerSelectorOptions Options { get; } = options ?? new LayerSelectorOptions();

    private readonly IConceptProbe? _probe = probe;

    /// <summary>
    /// Trains the probes and chooses ℓ on dev. When the data has a test split, every probe is also scored on it
    /// (<see cref="LayerScore.IndependentTestScore"/>, <see cref="LayerScore.IncrementalTestScore"/>); test scores are
    /// reported only, never used for the choice.
    /// </summary>
    /// <param name="data">The splits (any subset of neurons; layers come from the layout); dev must hold every class.</param>
    /// <param name="progress">Receives one report per trained probe.</param>
    /// <param name="cancellationToken">Cancels between and inside probe trainings.</param>
    /// <returns>All dev (and test) scores and the choice.</returns>
    /// <exception cref="ArgumentOutOfRangeException">δ outside (0, 100) or a bad probe option.</exception>
    /// <exception cref="ArgumentException">A class missing from dev.</exception>
    public LayerSelectionResult Select(ProbingData data, IProgress<CcfsProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        Options.Validate();
        data.RequireEveryClassInDev();
        Metrics.CheckMetric(Options.Metric, data.ClassNames.Count);
        var probe = _probe ?? new ManagedElasticNetProbe(Options.Probe);
        return Run(data.NeuronIds, data.Layout, Options, ids =>
        {
            var (_, dev, test) = Ccfs.FitAndScore(probe, data.SelectNeurons(ids), Options.Metric, cancellationToken);
            return (dev, test);
        }, progress);
    }

    /// <summary>
    /// The LS procedure on any data source: <paramref name="fitAndScore"/> trains a probe on the given neuron ids (all of
    /// them for the oracle) and returns its dev and test scores. <see cref="Select"/> and the streamed pipeline
    /// (<see cref="StreamedCcfs"/>) share it.
    /// </summary>
    internal static LayerSelectionResult Run(IReadOnlyList<int> neuronIds, LayerLayout layout, LayerSelectorOptions options,
        Func<IReadOnlyList<int>, (double Dev, double? Test)> fitAndScore, IProgress<CcfsProgress>? progress)
    {
        int[] layers = neuronIds.Select(layout.LayerOf).Distinct().Order().ToArray();
        int steps = 1 + (options.IndependentProbes ? layers.Length : 0) + layers.Length - 1;
        int step = 0;
        void Report(string stage, string detail) => progress?.Report(new CcfsProgress(stage, ++step, steps, detail));

        var (oracle, oracleTest) = fitAndScore(neuronIds);
        Report("oracle", $"all {neuronIds.Count} neurons");

        var scores = new List<LayerScore>(layers.Length);
        for (int i = 0; i < layers.Length; i++)
        {
            int layer = layers[i];
            int[] own = neuronIds.Where(id => layout.LayerOf(id) == layer).ToArray();
            double? independent = null, independentTest = null;
            if (options.IndependentProbes)
            {
                (independent, independentTest) = fitAndScore(own);
                Report("independent", $"layer {layer} ({own.Length} neurons)");
            }
            int[] upTo = neuronIds.Where(id => layout.LayerOf(id) <= layer).ToArray();
            double incremental;
            double? incrementalTest;
            if (i == layers.Length - 1) (incremental, incrementalTest) = (oracle, oracleTest); // layers 0..last = all neurons = the oracle probe
            else
            {
                (incremental, incrementalTest) = fitAndScore(upTo);
                Report("incremental", $"layers {layers[0]}..{layer} ({upTo.Length} neurons)");
            }
            scores.Add(new LayerScore(layer, own.Length, independent, upTo.Length, incremental, independentTest, incrementalTest));
        }
        return new LayerSelectionResult(oracle, options.DeltaPercent, scores, neuronIds.ToArray(), layout, options.Comparison) { OracleTestScore = oracleTest };
    }

    /// <summary>
    /// This selector as an <see cref="IRedundancyFilter"/>: <c>Filter(input)</c> runs <see cref="Select"/> on the input's
    /// labelled splits and keeps layers 0..ℓ; the <see cref="LayerSelectionResult"/> is the result's <see cref="RedundancyResult.Details"/>.
    /// </summary>
    /// <returns>The filter (stateless).</returns>
    public IRedundancyFilter AsFilter() =>
        new TaskSpecificFilter(nameof(LayerSelector), (data, ct) =>
        {
            var r = Select(data, null, ct);
            return (r, r.KeptNeurons);
        });
}
