using CodeNeurons.Data;
using CodeNeurons.Interpretation;

namespace CodeNeurons.Analysis;

/// <summary>
/// The two reference rows of Dalvi et al. 2020's task-specific tables: <b>Oracle</b>, a probe on all neurons, and
/// <b>None</b>, a classifier that sees no neuron at all.
/// </summary>
/// <remarks>
/// "None" is the intercept-only model: logistic regression with zero features, whose maximum-likelihood biases are the
/// log class priors of the training set, so it always predicts the training majority class. Its accuracy is therefore
/// the majority-class rate of the evaluated split (the chance baseline) and nothing is trained. Ties between equally
/// frequent classes go to the lowest class index.
/// </remarks>
public static class Baselines
{
    /// <summary>Trains <paramref name="probe"/> on all neurons of the training split and scores it on dev (and test).</summary>
    /// <param name="probe">The probe trainer.</param>
    /// <param name="data">The splits; dev (passed to the probe for early stopping) must hold every class; test is scored only.</param>
    /// <param name="cancellationToken">Cancels training.</param>
    /// <returns>The oracle score and probe.</returns>
    /// <exception cref="ArgumentException">A class missing from dev.</exception>
    public static BaselineScore Oracle(IConceptProbe probe, ProbingData data, CancellationToken cancellationToken = default) =>
        Oracle(probe, data, ProbeMetric.Accuracy, cancellationToken);

    /// <summary>Trains <paramref name="probe"/> on all neurons of the training split and scores it on dev (and test) by <paramref name="metric"/>.</summary>
    /// <param name="probe">The probe trainer.</param>
    /// <param name="data">The splits; dev (passed to the probe for early stopping) must hold every class; test is scored only.</param>
    /// <param name="metric">The score (F1 needs a binary task).</param>
    /// <param name="cancellationToken">Cancels training.</param>
    /// <returns>The oracle score and probe.</returns>
    /// <exception cref="ArgumentException">A class missing from dev, or F1 with more than two classes.</exception>
    public static BaselineScore Oracle(IConceptProbe probe, ProbingData data, ProbeMetric metric, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(data);
        data.RequireEveryClassInDev();
        Metrics.CheckMetric(metric, data.ClassNames.Count);
        var (result, dev, test) = Ccfs.FitAndScore(probe, data, metric, cancellationToken);
        return new BaselineScore("oracle", dev, test, data.Neurons, result);
    }

    /// <summary>The intercept-only ("none") baseline: predicts the training majority class everywhere.</summary>
    /// <param name="data">The splits (only their labels are read).</param>
    /// <returns>The majority-class rate on dev (and test).</returns>
    public static BaselineScore None(ProbingData data) => None(data, ProbeMetric.Accuracy);

    /// <summary>The intercept-only ("none") baseline scored by <paramref name="metric"/> (the metric of constant training-majority predictions).</summary>
    /// <param name="data">The splits (only their labels are read).</param>
    /// <param name="metric">The score (F1 needs a binary task).</param>
    /// <returns>The metric of the majority-class predictions on dev (and test).</returns>
    /// <exception cref="ArgumentException">F1 with more than two classes.</exception>
    public static BaselineScore None(ProbingData data, ProbeMetric metric)
    {
        ArgumentNullException.ThrowIfNull(data);
        Metrics.CheckMetric(metric, data.ClassNames.Count);
        return None(data.Train.Labels, data.Dev.Labels, data.Test?.Labels, metric);
    }

    /// <summary>The intercept-only ("none") baseline from labels alone.</summary>
    /// <param name="train">Training labels (decide the majority class).</param>
    /// <param name="dev">Dev labels.</param>
    /// <param name="test">Optional test labels.</param>
    /// <returns>The majority-class rate on dev (and test).</returns>
    /// <exception cref="ArgumentException">Empty training or dev labels.</exception>
    public static BaselineScore None(ClassLabels train, ClassLabels dev, ClassLabels? test = null) => None(train, dev, test, ProbeMetric.Accuracy);

    private static BaselineScore None(ClassLabels train, ClassLabels dev, ClassLabels? test, ProbeMetric metric)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(dev);
        if (train.Count == 0) throw new ArgumentException("No training labels.", nameof(train));
        if (dev.Count == 0) throw new ArgumentException("No dev labels.", nameof(dev));
        var counts = train.Counts();
        int majority = 0;
        for (int c = 1; c < counts.Length; c++) if (counts[c] > counts[majority]) majority = c;
        double Rate(ClassLabels gold) => Metrics.Score(metric, Enumerable.Repeat(majority, gold.Count).ToArray(), gold.Ids);
        double? testScore = test is null || test.Count == 0 ? null : Rate(test);
        return new BaselineScore("none", Rate(dev), testScore, 0, null, majority);
    }
}
