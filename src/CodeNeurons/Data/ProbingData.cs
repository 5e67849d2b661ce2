namespace CodeNeurons.Data;

/// <summary>
/// The splits of a probing task: train, dev (every choice is made on it) and an optional test split (scored only), with
/// the same neurons and classes. Checked once here; probes, stages, the pipeline and reports take it as is.
/// </summary>
/// <remarks>Token-level tasks (one row per code token) and snippet-level tasks (one row per snippet or pair) share it.</remarks>
public sealed record ProbingData
{
    /// <summary>Creates the splits after checking them.</summary>
    /// <param name="train">Training rows; every class must occur.</param>
    /// <param name="dev">Dev rows with the same neurons and classes.</param>
    /// <param name="test">Optional test rows with the same neurons and classes.</param>
    /// <exception cref="ArgumentException">
    /// An empty split, other neuron ids or classes in dev or test, or a class without training rows.
    /// </exception>
    public ProbingData(LabeledActivations train, LabeledActivations dev, LabeledActivations? test = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(dev);
        if (train.Rows == 0) throw new ArgumentException("The training split has no rows.", nameof(train));
        if (train.Neurons == 0) throw new ArgumentException("The training split has no neurons.", nameof(train));
        SplitChecks.Check("dev", nameof(dev), dev.Rows, train.NeuronIds, dev.NeuronIds, train.Labels, dev.Labels);
        if (test is not null) SplitChecks.Check("test", nameof(test), test.Rows, train.NeuronIds, test.NeuronIds, train.Labels, test.Labels);
        SplitChecks.RequireTrainingClasses(train.Labels, nameof(train));
        Train = train;
        Dev = dev;
        Test = test;
    }

    /// <summary>Training rows.</summary>
    public LabeledActivations Train { get; }

    /// <summary>Dev rows: every choice (layers, thresholds, neuron counts, hyper-parameters) is made on them.</summary>
    public LabeledActivations Dev { get; }

    /// <summary>Test rows, scored only; null when there is no test split.</summary>
    public LabeledActivations? Test { get; }

    /// <summary>Class names in id order.</summary>
    public IReadOnlyList<string> ClassNames => Train.Labels.ClassNames;

    /// <summary>Global ids of the neurons, ascending.</summary>
    public IReadOnlyList<int> NeuronIds => Train.NeuronIds;

    /// <summary>Number of neurons.</summary>
    public int Neurons => Train.Neurons;

    /// <summary>The layer layout of the model the activations came from.</summary>
    public LayerLayout Layout => Train.Activations.Layout;

    /// <summary>Every split restricted to <paramref name="neuronIds"/>.</summary>
    /// <param name="neuronIds">Global neuron ids present in the data.</param>
    /// <returns>The restricted data (this instance when nothing changes).</returns>
    public ProbingData SelectNeurons(IReadOnlyList<int> neuronIds)
    {
        ArgumentNullException.ThrowIfNull(neuronIds);
        if (NeuronIds.SequenceEqual(neuronIds)) return this;
        return new ProbingData(Train.SelectNeurons(neuronIds), Dev.SelectNeurons(neuronIds), Test?.SelectNeurons(neuronIds));
    }

    /// <summary>
    /// Every split z-scored with the <b>training</b> mean and population standard deviation of each neuron, as the seed
    /// paper's token-tagging script normalises its inputs once before any probe. A neuron whose training standard
    /// deviation is at most <paramref name="epsilon"/> (constant in train) is only centred — divided by 1, never by 0 —
    /// so it becomes 0 in train and stays finite in dev and test (NumPy's division would give NaN).
    /// </summary>
    /// <param name="epsilon">Standard deviations at most this are treated as 0 (≥ 0).</param>
    /// <returns>The standardised data (tokens and sentence indices kept).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epsilon"/> is negative or not finite.</exception>
    public ProbingData Standardized(double epsilon = 1e-8)
    {
        if (!(epsilon >= 0) || !double.IsFinite(epsilon)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be finite and ≥ 0.");
        var train = Train.Activations;
        int n = train.Neurons;
        var sum = new double[n];
        for (int r = 0; r < train.Rows; r++) { var row = train.Row(r); for (int j = 0; j < n; j++) sum[j] += row[j]; }
        var mean = new double[n];
        for (int j = 0; j < n; j++) mean[j] = sum[j] / train.Rows;
        var ss = new double[n];
        for (int r = 0; r < train.Rows; r++) { var row = train.Row(r); for (int j = 0; j < n; j++) { double d = row[j] - mean[j]; ss[j] += d * d; } }
        var scale = new double[n];
        for (int j = 0; j < n; j++) { double sd = Math.Sqrt(ss[j] / train.Rows); scale[j] = sd > epsilon ? sd : 1; }
        LabeledActivations Apply(LabeledActivations split)
        {
            var a = split.Activations;
            var v = new float[(long)a.Rows * n];
            for (int r = 0; r < a.Rows; r++)
            {
                var row = a.Row(r);
                for (int j = 0; j < n; j++) v[(long)r * n + j] = (float)((row[j] - mean[j]) / scale[j]);
            }
            return new LabeledActivations(ActivationSet.Create(v, a.Rows, a.Layout, a.NeuronIds, a.Tokens, a.SentenceIndices), split.Labels) { Neighbours = split.Neighbours };
        }
        return new ProbingData(Apply(Train), Apply(Dev), Test is null ? null : Apply(Test));
    }

    /// <summary>Every split restricted to the neurons of <paramref name="layers"/>.</summary>
    /// <param name="layers">Layer indices present in the data.</param>
    /// <returns>The restricted data.</returns>
    public ProbingData SelectLayers(IReadOnlyList<int> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        return SelectNeurons(Train.Activations.NeuronIdsOfLayers(layers));
    }

    /// <summary>Checks that every class occurs in dev, as the stages that score every class on dev require.</summary>
    /// <exception cref="ArgumentException">A class without dev rows.</exception>
    public void RequireEveryClassInDev() => SplitChecks.RequireDevClasses(Dev.Labels);
}
