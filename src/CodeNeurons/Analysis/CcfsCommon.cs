using CodeNeurons.Data;
using CodeNeurons.Interpretation;

namespace CodeNeurons.Analysis;

/// <summary>Progress of a task-specific redundancy stage: one report per trained probe.</summary>
/// <param name="Stage">The stage, e.g. <c>"oracle"</c>, <c>"independent"</c>, <c>"incremental"</c>, <c>"grid"</c>.</param>
/// <param name="Step">Probes trained so far in this stage (1-based).</param>
/// <param name="Steps">Probes this stage trains at most (0 when not known in advance, as in <see cref="CcfsPipeline"/>'s own evaluations).</param>
/// <param name="Detail">What the probe was trained on, e.g. <c>"layers 0..2 (30 neurons)"</c>.</param>
public sealed record CcfsProgress(string Stage, int Step, int Steps, string Detail);

/// <summary>Input checks and probe scoring shared by the task-specific stages (every choice is made on dev).</summary>
internal static class Ccfs
{
    /// <summary>Checks δ, the row/label counts, matching neuron ids and that dev has every training class.</summary>
    internal static void Validate(double deltaPercent, ActivationSet train, IReadOnlyList<int> trainLabels, ActivationSet dev, IReadOnlyList<int> devLabels)
    {
        CheckDelta(deltaPercent);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(trainLabels);
        ArgumentNullException.ThrowIfNull(dev);
        ArgumentNullException.ThrowIfNull(devLabels);
        if (train.Rows == 0) throw new ArgumentException("The training set has no rows.", nameof(train));
        if (dev.Rows == 0) throw new ArgumentException("The dev set has no rows.", nameof(dev));
        if (train.Neurons == 0) throw new ArgumentException("The training set has no neurons.", nameof(train));
        if (trainLabels.Count != train.Rows)
            throw new ArgumentException($"{trainLabels.Count} training labels for {train.Rows} training rows.", nameof(trainLabels));
        if (devLabels.Count != dev.Rows)
            throw new ArgumentException($"{devLabels.Count} dev labels for {dev.Rows} dev rows.", nameof(devLabels));
        if (!train.NeuronIds.SequenceEqual(dev.NeuronIds))
            throw new ArgumentException("The dev set must have the same neuron ids as the training set.", nameof(dev));
        int classes = CheckLabels(trainLabels, nameof(trainLabels));
        var present = new bool[classes];
        foreach (int y in trainLabels) present[y] = true;
        for (int c = 0; c < classes; c++)
            if (!present[c]) throw new ArgumentException($"The training set has no row of class {c}; classes must be 0..{classes - 1}.", nameof(trainLabels));
        CheckLabels(devLabels, nameof(devLabels));
        var inDev = new bool[classes];
        foreach (int y in devLabels)
        {
            if (y >= classes) throw new ArgumentException($"The dev set has class {y}, which the training set lacks (classes 0..{classes - 1}).", nameof(devLabels));
            inDev[y] = true;
        }
        var missing = Enumerable.Range(0, classes).Where(c => !inDev[c]).ToArray();
        if (missing.Length > 0)
            throw new ArgumentException($"The dev set has no row of class {string.Join(", ", missing)}; every class must be scored on dev.", nameof(devLabels));
    }

    internal static void CheckTest(ActivationSet train, ActivationSet? test, IReadOnlyList<int>? testLabels)
    {
        if (test is null) return;
        if (testLabels is null) throw new ArgumentException("testLabels is required with a test set.", nameof(testLabels));
        if (testLabels.Count != test.Rows) throw new ArgumentException($"{testLabels.Count} test labels for {test.Rows} test rows.", nameof(testLabels));
        if (!train.NeuronIds.SequenceEqual(test.NeuronIds)) throw new ArgumentException("The test set must have the same neuron ids as the training set.", nameof(test));
    }

    internal static void CheckDelta(double deltaPercent)
    {
        if (!(deltaPercent > 0 && deltaPercent < 100))
            throw new ArgumentOutOfRangeException(nameof(deltaPercent), deltaPercent, "DeltaPercent (δ, in %) must lie in (0, 100).");
    }

    private static int CheckLabels(IReadOnlyList<int> labels, string name)
    {
        int max = -1;
        foreach (int y in labels)
        {
            if (y < 0) throw new ArgumentException($"Negative class index {y}.", name);
            max = Math.Max(max, y);
        }
        return max + 1;
    }

    /// <summary>Trains <paramref name="probe"/> on <paramref name="train"/> and returns it with its dev accuracy.</summary>
    internal static (ProbeResult Result, double DevScore) FitAndScore(IConceptProbe probe, ActivationSet train, IReadOnlyList<int> trainLabels,
        ActivationSet dev, IReadOnlyList<int> devLabels, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var result = probe.Fit(train, trainLabels, dev, devLabels, null, cancellationToken);
        return (result, Metrics.Accuracy(result.Probe.Predict(dev), devLabels));
    }

    /// <summary>Dev activations restricted to the neurons of the (already filtered) training activations, for chained filters.</summary>
    internal static ActivationSet Align(ActivationSet dev, ActivationSet train) =>
        dev.NeuronIds.SequenceEqual(train.NeuronIds) ? dev : dev.SelectNeurons(train.NeuronIds);

    /// <summary>The score a candidate must reach: <c>base·(1 − δ/100)</c>.</summary>
    internal static double Threshold(double baseScore, double deltaPercent) => baseScore * (1.0 - deltaPercent / 100.0);
}
