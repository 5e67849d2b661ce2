using CodeNeurons.Data;
using CodeNeurons.Numerics;

namespace CodeNeurons.Interpretation;

/// <summary>
/// Everything the probe implementations share: input checks, class weights, z-scoring statistics, seeded initial
/// weights and shuffles, batch filling, dev evaluation and early-stopping bookkeeping. Two trainers driven by the same
/// setup see the same initial weights, the same batches in the same order and the same inputs.
/// </summary>
internal sealed class ProbeSetup
{
    private readonly ActivationSet _train;
    private readonly ActivationSet? _dev;
    private readonly int[]? _devLabels;
    private readonly double[]? _devTargets;
    private readonly IProgress<ProbeProgress>? _progress;
    private readonly List<double> _trainLosses = [];
    private readonly List<double>? _devLosses;
    private double _bestDev = double.PositiveInfinity;
    private int _sinceBest;
    private double[]? _bestW, _bestB;

    private ProbeSetup(ProbeOptions options, ProbeTask task, int outputs, ActivationSet train, int[]? labels, double[]? targets,
        ActivationSet? dev, int[]? devLabels, double[]? devTargets, double[]? classWeights, IProgress<ProbeProgress>? progress)
    {
        Options = options;
        Task = task;
        Outputs = outputs;
        _train = train;
        Labels = labels;
        Targets = targets;
        _dev = dev;
        _devLabels = devLabels;
        _devTargets = devTargets;
        ClassWeights = classWeights;
        _progress = progress;
        _devLosses = dev is null ? null : [];
        if (options.Standardize) (Means, Scales) = ComputeStandardization(train);
    }

    internal ProbeOptions Options { get; }
    internal ProbeTask Task { get; }
    internal int Outputs { get; }
    internal int Rows => _train.Rows;
    internal int Neurons => _train.Neurons;
    internal int[]? Labels { get; }
    internal double[]? Targets { get; }

    /// <summary>Per-class weights of the cross entropy, or null when all are 1.</summary>
    internal double[]? ClassWeights { get; }
    internal float[]? Means { get; }
    internal float[]? Scales { get; }
    internal int EpochsRun => _trainLosses.Count;

    internal static ProbeSetup ForClassification(ProbeOptions options, ActivationSet train, IReadOnlyList<int> labels, ActivationSet? dev,
        IReadOnlyList<int>? devLabels, IProgress<ProbeProgress>? progress)
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
        int classes = max + 1;
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
        return new ProbeSetup(options, ProbeTask.Classification, classes, train, y, null, dev, dy, null, weights, progress);
    }

    internal static ProbeSetup ForRegression(ProbeOptions options, ActivationSet train, IReadOnlyList<double> targets, ActivationSet? dev,
        IReadOnlyList<double>? devTargets, IProgress<ProbeProgress>? progress)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(targets);
        if (options.ClassWeights != ClassWeighting.None)
            throw new ArgumentException($"ClassWeights is {options.ClassWeights} but class weights apply to classification probes only.", nameof(options));
        CheckRows(train, targets.Count, nameof(targets));
        var t = CheckFinite(targets, nameof(targets));
        CheckDev(train, dev, devTargets?.Count, nameof(devTargets));
        var dt = devTargets is null ? null : CheckFinite(devTargets, nameof(devTargets));
        return new ProbeSetup(options, ProbeTask.Regression, 1, train, null, t, dev, null, dt, null, progress);
    }

    private static void CheckRows(ActivationSet train, int count, string name)
    {
        if (train.Rows == 0) throw new ArgumentException("The training activation set has no rows.", nameof(train));
        if (count != train.Rows)
            throw new ArgumentException($"{name} has {count} rows but the training activations have {train.Rows}.", name);
    }

    private static void CheckDev(ActivationSet train, ActivationSet? dev, int? devCount, string name)
    {
        if (dev is null)
        {
            if (devCount is not null) throw new ArgumentException($"{name} was given without a dev activation set.", name);
            return;
        }
        if (devCount is null) throw new ArgumentException($"A dev activation set was given without {name}.", name);
        if (devCount != dev.Rows) throw new ArgumentException($"{name} has {devCount} rows but the dev activations have {dev.Rows}.", name);
        if (dev.Rows == 0) throw new ArgumentException("The dev activation set has no rows.", nameof(dev));
        if (dev.Neurons != train.Neurons || !dev.NeuronIds.SequenceEqual(train.NeuronIds))
            throw new ArgumentException($"The dev activations have {dev.Neurons} neurons but the training activations have {train.Neurons} (the neuron ids must match).", nameof(dev));
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

    private static (float[] Means, float[] Scales) ComputeStandardization(ActivationSet set)
    {
        int n = set.Neurons;
        var sum = new double[n];
        for (int r = 0; r < set.Rows; r++) { var row = set.Row(r); for (int j = 0; j < n; j++) sum[j] += row[j]; }
        var mean = new double[n];
        for (int j = 0; j < n; j++) mean[j] = sum[j] / set.Rows;
        var ss = new double[n];
        for (int r = 0; r < set.Rows; r++) { var row = set.Row(r); for (int j = 0; j < n; j++) { double d = row[j] - mean[j]; ss[j] += d * d; } }
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

    /// <summary>Initial W [Outputs·Neurons] and b [Outputs]: U(−1/√N, 1/√N), PyTorch's nn.Linear default, seeded.</summary>
    internal (double[] W, double[] B) InitialParameters()
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
    internal int[] Order(int epoch)
    {
        var order = Enumerable.Range(0, Rows).ToArray();
        if (Options.Shuffle) new Random(Seeds.Mix(Options.Seed, epoch, 0x5eed)).Shuffle(order);
        return order;
    }

    /// <summary>Writes the (standardised) features of rows order[start..start+count) into x, row-major [count, N].</summary>
    internal void FillBatch(int[] order, int start, int count, Span<float> x) => Fill(_train, order, start, count, x);

    private void Fill(ActivationSet set, int[]? order, int start, int count, Span<float> x)
    {
        int n = Neurons;
        for (int i = 0; i < count; i++)
        {
            var row = set.Row(order is null ? start + i : order[start + i]);
            var dst = x.Slice(i * n, n);
            if (Means is null) row.CopyTo(dst);
            else for (int j = 0; j < n; j++) dst[j] = (float)((row[j] - (double)Means[j]) / Scales![j]);
        }
    }

    /// <summary>Mean dev data loss (unweighted cross entropy or MSE) of W, b.</summary>
    private double DevLoss(double[] w, double[] b)
    {
        var dev = _dev!;
        int n = Neurons, k = Outputs;
        var x = new float[n];
        var xd = new double[n];
        var s = new double[k];
        double total = 0;
        for (int r = 0; r < dev.Rows; r++)
        {
            Fill(dev, null, r, 1, x);
            for (int j = 0; j < n; j++) xd[j] = x[j];
            for (int c = 0; c < k; c++) s[c] = b[c] + ProbeMath.Dot(w.AsSpan(c * n, n), xd);
            if (Task == ProbeTask.Classification) total += ProbeMath.LogSumExp(s) - s[_devLabels![r]];
            else { double d = s[0] - _devTargets![r]; total += d * d; }
        }
        return total / dev.Rows;
    }

    /// <summary>Records an epoch; returns true when training should stop early.</summary>
    internal bool EndEpoch(int epoch, double trainLoss, double[] w, double[] b)
    {
        if (!double.IsFinite(trainLoss))
            throw new InvalidOperationException($"Probe training diverged at epoch {epoch + 1} (loss {trainLoss}); lower LearningRate or enable Standardize.");
        _trainLosses.Add(trainLoss);
        double? devLoss = null;
        bool stop = false;
        if (_dev is not null)
        {
            double d = DevLoss(w, b);
            devLoss = d;
            _devLosses!.Add(d);
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
    internal ProbeResult Finish(double[] w, double[] b, bool stoppedEarly)
    {
        bool useBest = _bestW is not null;
        var fw = (useBest ? _bestW! : w).Select(v => (float)v).ToArray();
        var fb = (useBest ? _bestB! : b).Select(v => (float)v).ToArray();
        var probe = new LinearProbe(Task, Outputs, _train.NeuronIds.ToArray(), fw, fb, Means, Scales);
        return new ProbeResult(probe, EpochsRun, useBest ? BestEpoch : EpochsRun, _trainLosses.ToArray(), _devLosses?.ToArray()) { StoppedEarly = stoppedEarly };
    }
}
