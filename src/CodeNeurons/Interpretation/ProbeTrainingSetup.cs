using CodeNeurons.Data;
using CodeNeurons.Numerics;

namespace CodeNeurons.Interpretation;

/// <summary>
/// Everything the probe implementations share: input checks, class weights, z-scoring statistics, seeded initial
/// weights and shuffles, batch filling, dev evaluation and early-stopping bookkeeping. Two trainers driven by the same
/// setup see the same initial weights, the same batches in the same order and the same inputs.
/// </summary>
/// <remarks>
/// <see cref="ConceptProbe"/> builds one per training run (all inputs checked) and hands it to the implementation's
/// <c>Train</c>, which runs the optimisation loop: per epoch <see cref="Order"/>, per batch <see cref="FillBatch"/>
/// and the labels or targets of the batch's rows, then <see cref="EndEpoch"/> with the current parameters, and finally
/// <see cref="Finish"/>. A user's own probe derives from <see cref="ConceptProbe"/> and gets the same setup.
/// </remarks>
public sealed class ProbeTrainingSetup
{
    private readonly IActivationRows _train;
    private readonly IActivationRows? _dev;
    private readonly int[]? _devLabels;
    private readonly double[]? _devTargets;
    private readonly IProgress<ProbeProgress>? _progress;
    private readonly List<double> _trainLosses = [];
    private readonly List<double>? _devLosses;
    private double _bestDev = double.PositiveInfinity; // the early-stopping criterion, lower is better
    private int _sinceBest;
    private double[]? _bestW, _bestB;
    private readonly int[]? _labels;
    private readonly double[]? _targets;
    private readonly double[]? _classWeights;
    private readonly float[]? _means;
    private readonly float[]? _scales;

    private ProbeTrainingSetup(ProbeOptions options, ProbeTask task, int outputs, IActivationRows train, int[]? labels, double[]? targets,
        IActivationRows? dev, int[]? devLabels, double[]? devTargets, double[]? classWeights, IProgress<ProbeProgress>? progress)
    {
        Options = options;
        Task = task;
        Outputs = outputs;
        _train = train;
        _labels = labels;
        _targets = targets;
        _dev = dev;
        _devLabels = devLabels;
        _devTargets = devTargets;
        _classWeights = classWeights;
        _progress = progress;
        _devLosses = dev is null ? null : [];
        if (options.Standardize) (_means, _scales) = ComputeStandardization(train);
    }

    /// <summary>The validated training options.</summary>
    public ProbeOptions Options { get; }
    /// <summary>Classification or regression.</summary>
    public ProbeTask Task { get; }
    /// <summary>Outputs of the linear map: C classes, or 1 for regression.</summary>
    public int Outputs { get; }
    /// <summary>Training rows T.</summary>
    public int Rows => _train.Rows;
    /// <summary>Input neurons N (features per row).</summary>
    public int Neurons => _train.NeuronIds.Count;
    /// <summary>Class id of each training row (classification), else null.</summary>
    public IReadOnlyList<int>? Labels => _labels;
    /// <summary>Target of each training row (regression), else null.</summary>
    public IReadOnlyList<double>? Targets => _targets;

    /// <summary>Per-class weights of the cross entropy, or null when all are 1.</summary>
    public IReadOnlyList<double>? ClassWeights => _classWeights;
    /// <summary>Per-neuron training means when <see cref="ProbeOptions.Standardize"/> is on, else null.</summary>
    public IReadOnlyList<float>? Means => _means;
    /// <summary>Per-neuron training standard deviations (1 for a constant neuron) when standardising, else null.</summary>
    public IReadOnlyList<float>? Scales => _scales;
    /// <summary>Epochs recorded so far by <see cref="EndEpoch"/>.</summary>
    public int EpochsRun => _trainLosses.Count;

    /// <summary>Checks a classification run and prepares it.</summary>
    /// <param name="options">Training options (validated here).</param>
    /// <param name="train">Training activations and labels; every class must have training rows.</param>
    /// <param name="dev">Optional dev activations and labels (same neurons and classes) for early stopping.</param>
    /// <param name="progress">Receives one report per epoch.</param>
    /// <returns>The setup.</returns>
    /// <exception cref="ArgumentException">A bad option, mismatched rows, neurons or classes, a class without training rows, fewer than two classes.</exception>
    public static ProbeTrainingSetup ForClassification(ProbeOptions options, LabeledActivations train, LabeledActivations? dev, IProgress<ProbeProgress>? progress)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (dev is not null && !dev.Labels.HasSameClasses(train.Labels))
            throw new ArgumentException($"The dev labels have other classes ({string.Join(", ", dev.Labels.ClassNames)}) than the training labels ({string.Join(", ", train.Labels.ClassNames)}).", nameof(dev));
        return ForClassification(options, ActivationRows.Of(train.Activations), train.Labels.Ids, dev is null ? null : ActivationRows.Of(dev.Activations), dev?.Labels.Ids, progress,
            train.Labels.ClassCount);
    }

    /// <summary>
    /// Checks a classification run whose rows are read on demand (e.g. a raw folder on disk) and prepares it: training
    /// then holds one minibatch of rows, never the whole matrix. Same checks, batches and arithmetic as the in-memory
    /// overload, so the same data gives the same probe bit for bit.
    /// </summary>
    /// <param name="options">Training options (validated here).</param>
    /// <param name="train">Training rows and labels; every class must have training rows.</param>
    /// <param name="dev">Optional dev rows and labels (same neurons and classes) for early stopping.</param>
    /// <param name="progress">Receives one report per epoch.</param>
    /// <returns>The setup.</returns>
    /// <exception cref="ArgumentException">A bad option, mismatched rows, neurons or classes, a class without training rows, fewer than two classes.</exception>
    public static ProbeTrainingSetup ForClassification(ProbeOptions options, LabeledRows train, LabeledRows? dev, IProgress<ProbeProgress>? progress)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (dev is not null && !dev.Labels.HasSameClasses(train.Labels))
            throw new ArgumentException($"The dev labels have other classes ({string.Join(", ", dev.Labels.ClassNames)}) than the training labels ({string.Join(", ", train.Labels.ClassNames)}).", nameof(dev));
        return ForClassification(options, train.Rows, train.Labels.Ids, dev?.Rows, dev?.Labels.Ids, progress, train.Labels.ClassCount);
    }

    private static ProbeTrainingSetup ForClassification(ProbeOptions options, IActivationRows train, IReadOnlyList<int> labels, IActivationRows? dev,
        IReadOnlyList<int>? devLabels, IProgress<ProbeProgress>? progress, int? classCount)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(labels);
        CheckRows(train, labels.Count, nameof(labels));
        var y = labels.ToArray();
        int max = -1;
        for (int r = 0; r < y.Length; r++)
        {
            if (y[r] < 0) throw new ArgumentException($"labels[{r}] = {y[r]}; class indices must be ≥ 0.", nameof(labels));
            max = Math.Max(max, y[r]);
        }
        int classes = Math.Max(max + 1, classCount ?? 0);
        var counts = new int[classes];
        foreach (int c in y) counts[c]++;
        if (counts.Count(n => n > 0) < 2)
            throw new ArgumentException($"labels contain only class {max}; a classification probe needs at least two classes in the training set.", nameof(labels));
        int missing = Array.IndexOf(counts, 0);
        if (missing >= 0)
            throw new ArgumentException($"Class {missing} has no training rows (labels use classes 0..{classes - 1}); remap the labels to consecutive indices or add examples of class {missing}.", nameof(labels));
        CheckDev(train, dev, devLabels?.Count, nameof(devLabels));
        int[]? dy = devLabels?.ToArray();
        if (dy is not null)
        {
            for (int r = 0; r < dy.Length; r++)
            {
                if (dy[r] < 0 || dy[r] >= classes)
                    throw new ArgumentException($"devLabels[{r}] = {dy[r]} is a class with no training rows (the training labels use classes 0..{classes - 1}).", nameof(devLabels));
            }
        }
        double[]? weights = options.ClassWeights switch
        {
            ClassWeighting.None => null,
            ClassWeighting.Balanced => counts.Select(n => (double)y.Length / (classes * (double)n)).ToArray(),
            _ => CheckExplicitWeights(options.ExplicitClassWeights!, classes),
        };
        return new ProbeTrainingSetup(options, ProbeTask.Classification, classes, train, y, null, dev, dy, null, weights, progress);
    }

    /// <summary>Checks a regression run and prepares it.</summary>
    /// <param name="options">Training options (validated here); class weights must be off.</param>
    /// <param name="train">Training activations [T, N].</param>
    /// <param name="targets">Finite target of each training row.</param>
    /// <param name="dev">Optional dev activations (same neurons) for early stopping.</param>
    /// <param name="devTargets">Target of each dev row; required with <paramref name="dev"/>.</param>
    /// <param name="progress">Receives one report per epoch.</param>
    /// <returns>The setup.</returns>
    /// <exception cref="ArgumentException">A bad option, mismatched rows or neurons, a non-finite target.</exception>
    public static ProbeTrainingSetup ForRegression(ProbeOptions options, ActivationSet train, IReadOnlyList<double> targets, ActivationSet? dev,
        IReadOnlyList<double>? devTargets, IProgress<ProbeProgress>? progress)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(targets);
        if (options.ClassWeights != ClassWeighting.None)
            throw new ArgumentException($"ClassWeights is {options.ClassWeights} but class weights apply to classification probes only.", nameof(options));
        if (options.StopOn == EarlyStopping.DevAccuracy)
            throw new ArgumentException("StopOn is DevAccuracy but a regression probe has no accuracy; use DevLoss.", nameof(options));
        var rows = ActivationRows.Of(train);
        var devRows = dev is null ? null : ActivationRows.Of(dev);
        CheckRows(rows, targets.Count, nameof(targets));
        var t = CheckFinite(targets, nameof(targets));
        CheckDev(rows, devRows, devTargets?.Count, nameof(devTargets));
        var dt = devTargets is null ? null : CheckFinite(devTargets, nameof(devTargets));
        return new ProbeTrainingSetup(options, ProbeTask.Regression, 1, rows, null, t, devRows, null, dt, null, progress);
    }

    private static void CheckRows(IActivationRows train, int count, string name)
    {
        if (train.Rows == 0) throw new ArgumentException("The training activation set has no rows.", nameof(train));
        if (count != train.Rows)
            throw new ArgumentException($"{name} has {count} rows but the training activations have {train.Rows}.", name);
    }

    private static void CheckDev(IActivationRows train, IActivationRows? dev, int? devCount, string name)
    {
        if (dev is null)
        {
            if (devCount is not null) throw new ArgumentException($"{name} was given without a dev activation set.", name);
            return;
        }
        if (devCount is null) throw new ArgumentException($"A dev activation set was given without {name}.", name);
        if (devCount != dev.Rows) throw new ArgumentException($"{name} has {devCount} rows but the dev activations have {dev.Rows}.", name);
        if (dev.Rows == 0) throw new ArgumentException("The dev activation set has no rows.", nameof(dev));
        if (!dev.NeuronIds.SequenceEqual(train.NeuronIds))
            throw new ArgumentException($"The dev activations have {dev.NeuronIds.Count} neurons but the training activations have {train.NeuronIds.Count} (the neuron ids must match).", nameof(dev));
    }

    private static double[] CheckFinite(IReadOnlyList<double> values, string name)
    {
        var a = values.ToArray();
        for (int i = 0; i < a.Length; i++)
            if (!double.IsFinite(a[i])) throw new ArgumentException($"{name}[{i}] is {a[i]}; targets must be finite.", name);
        return a;
    }

    private static double[] CheckExplicitWeights(IReadOnlyList<double> w, int classes)
    {
        if (w.Count != classes)
            throw new ArgumentException($"ExplicitClassWeights has {w.Count} entries but the labels have {classes} classes.", "options");
        for (int c = 0; c < w.Count; c++)
            if (!double.IsFinite(w[c]) || w[c] < 0) throw new ArgumentException($"ExplicitClassWeights[{c}] = {w[c]}; class weights must be finite and ≥ 0.", "options");
        if (w.All(v => v == 0)) throw new ArgumentException("ExplicitClassWeights are all 0.", "options");
        return w.ToArray();
    }

    private (float[] Means, float[] Scales) ComputeStandardization(IActivationRows set)
    {
        int n = Neurons;
        var sum = new double[n];
        ForEachRow(set, row => { for (int j = 0; j < n; j++) sum[j] += row[j]; });
        var mean = new double[n];
        for (int j = 0; j < n; j++) mean[j] = sum[j] / set.Rows;
        var ss = new double[n];
        ForEachRow(set, row => { for (int j = 0; j < n; j++) { double d = row[j] - mean[j]; ss[j] += d * d; } });
        var means = new float[n];
        var scales = new float[n];
        for (int j = 0; j < n; j++)
        {
            means[j] = (float)mean[j];
            float sd = (float)Math.Sqrt(ss[j] / set.Rows);
            scales[j] = sd > 0 && float.IsFinite(sd) ? sd : 1f; // constant neuron: centred to 0, not divided by 0
        }
        return (means, scales);
    }

    /// <summary>Calls <paramref name="body"/> on every row in order, reading one minibatch of rows at a time.</summary>
    private void ForEachRow(IActivationRows set, RowAction body)
    {
        int n = Neurons, chunk = Math.Min(Options.BatchSize, set.Rows);
        var x = new float[chunk * n];
        ActivationRows.ForEachChunk(set, chunk, (start, count) =>
        {
            set.ReadRows(ActivationRows.Range(start, count), x);
            for (int i = 0; i < count; i++) body(x.AsSpan(i * n, n));
        });
    }

    private delegate void RowAction(ReadOnlySpan<float> row);

    /// <summary>Initial W [Outputs·Neurons] and b [Outputs]: U(−1/√N, 1/√N), PyTorch's nn.Linear default, seeded.</summary>
    /// <returns>Fresh arrays W [Outputs·Neurons] (row-major, one row per output) and b [Outputs].</returns>
    public (double[] W, double[] B) InitialParameters()
    {
        var rng = new Random(Options.Seed);
        double bound = 1.0 / Math.Sqrt(Neurons);
        var w = new double[Outputs * Neurons];
        for (int i = 0; i < w.Length; i++) w[i] = (float)((rng.NextDouble() * 2 - 1) * bound);
        var b = new double[Outputs];
        for (int i = 0; i < b.Length; i++) b[i] = (float)((rng.NextDouble() * 2 - 1) * bound);
        return (w, b);
    }

    /// <summary>Row order of an epoch (0-based): a seeded permutation, or 0..T−1 without shuffling.</summary>
    /// <param name="epoch">The 0-based epoch.</param>
    /// <returns>A permutation of 0..Rows−1.</returns>
    public int[] Order(int epoch)
    {
        var order = Enumerable.Range(0, Rows).ToArray();
        if (Options.Shuffle) new Random(Seeds.Mix(Options.Seed, epoch, 0x5eed)).Shuffle(order);
        return order;
    }

    /// <summary>Writes the (standardised) features of rows order[start..start+count) into x, row-major [count, N].</summary>
    /// <param name="order">The epoch's row order (<see cref="Order"/>).</param>
    /// <param name="start">First position in <paramref name="order"/>.</param>
    /// <param name="count">Rows in the batch.</param>
    /// <param name="x">Destination of at least count · Neurons floats.</param>
    public void FillBatch(int[] order, int start, int count, Span<float> x)
    {
        ArgumentNullException.ThrowIfNull(order);
        int n = Neurons;
        _train.ReadRows(order.AsSpan(start, count), x);
        if (_means is null) return;
        for (int i = 0; i < count; i++)
        {
            var dst = x.Slice(i * n, n);
            for (int j = 0; j < n; j++) dst[j] = (float)((dst[j] - (double)_means[j]) / _scales![j]);
        }
    }

    /// <summary>Mean dev data loss (unweighted cross entropy or MSE) of W, b, and the dev accuracy (classification; 0 for regression).</summary>
    private (double Loss, double Accuracy) DevLoss(double[] w, double[] b)
    {
        var dev = _dev!;
        int n = Neurons, k = Outputs;
        var xd = new double[n];
        var s = new double[k];
        double total = 0;
        int correct = 0;
        int r = 0;
        ForEachRow(dev, x =>
        {
            if (_means is null) for (int j = 0; j < n; j++) xd[j] = x[j];
            else for (int j = 0; j < n; j++) xd[j] = (float)((x[j] - (double)_means[j]) / _scales![j]);
            for (int c = 0; c < k; c++) s[c] = b[c] + ProbeMath.Dot(w.AsSpan(c * n, n), xd);
            if (Task == ProbeTask.Classification)
            {
                total += ProbeMath.LogSumExp(s) - s[_devLabels![r]];
                int argmax = 0;
                for (int c = 1; c < k; c++) if (s[c] > s[argmax]) argmax = c;
                if (argmax == _devLabels[r]) correct++;
            }
            else { double d = s[0] - _devTargets![r]; total += d * d; }
            r++;
        });
        return (total / dev.Rows, (double)correct / dev.Rows);
    }

    /// <summary>Records an epoch; returns true when training should stop early.</summary>
    /// <param name="epoch">The 0-based epoch just finished.</param>
    /// <param name="trainLoss">Mean batch objective of the epoch.</param>
    /// <param name="w">Current W [Outputs·Neurons].</param>
    /// <param name="b">Current b [Outputs].</param>
    /// <returns>True when training should stop (early stopping on the dev loss).</returns>
    /// <exception cref="InvalidOperationException">The loss is not finite (training diverged).</exception>
    public bool EndEpoch(int epoch, double trainLoss, double[] w, double[] b)
    {
        if (!double.IsFinite(trainLoss))
            throw new InvalidOperationException($"Probe training diverged at epoch {epoch + 1} (loss {trainLoss}); lower LearningRate or enable Standardize.");
        _trainLosses.Add(trainLoss);
        double? devLoss = null;
        bool stop = false;
        if (_dev is not null)
        {
            var (loss, accuracy) = DevLoss(w, b);
            devLoss = loss;
            _devLosses!.Add(loss);
            // Lower is better: the loss, or minus the accuracy (a strict improvement resets the patience).
            double d = Options.StopOn == EarlyStopping.DevAccuracy ? -accuracy : loss;
            if (Options.Patience is int patience)
            {
                if (d < _bestDev)
                {
                    _bestDev = d;
                    _sinceBest = 0;
                    _bestW = (double[])w.Clone();
                    _bestB = (double[])b.Clone();
                    BestEpoch = epoch + 1;
                }
                else if (++_sinceBest >= patience) stop = true;
            }
        }
        _progress?.Report(new ProbeProgress(epoch + 1, Options.Epochs, trainLoss, devLoss));
        return stop;
    }

    private int BestEpoch { get; set; }

    /// <summary>Builds the result from the final W, b (or the best dev epoch's under early stopping).</summary>
    /// <param name="w">Final W [Outputs·Neurons].</param>
    /// <param name="b">Final b [Outputs].</param>
    /// <param name="stoppedEarly">Whether <see cref="EndEpoch"/> stopped training.</param>
    /// <returns>The trained probe and its history.</returns>
    public ProbeResult Finish(double[] w, double[] b, bool stoppedEarly)
    {
        bool useBest = _bestW is not null;
        var fw = (useBest ? _bestW! : w).Select(v => (float)v).ToArray();
        var fb = (useBest ? _bestB! : b).Select(v => (float)v).ToArray();
        var probe = new LinearProbe(Task, Outputs, _train.NeuronIds.ToArray(), fw, fb, _means, _scales);
        return new ProbeResult(probe, EpochsRun, useBest ? BestEpoch : EpochsRun, _trainLosses.ToArray(), _devLosses?.ToArray()) { StoppedEarly = stoppedEarly };
    }
}
