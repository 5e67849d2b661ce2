using CodeNeurons.Data;
using CodeNeurons.Interpretation;

namespace CodeNeurons.Analysis;

/// <summary>A reference score of the task-specific pipeline.</summary>
/// <param name="Name"><c>"oracle"</c> or <c>"none"</c>.</param>
/// <param name="DevScore">Accuracy on the dev set.</param>
/// <param name="TestScore">Accuracy on the test set, or null when no test set was given.</param>
/// <param name="Neurons">Neurons the baseline uses (all for the oracle, 0 for none).</param>
/// <param name="Probe">The trained probe (oracle only).</param>
/// <param name="MajorityClass">The training-set majority class predicted by the none baseline (none only).</param>
public sealed record BaselineScore(string Name, double DevScore, double? TestScore, int Neurons, ProbeResult? Probe = null, int? MajorityClass = null);

/// <summary>
/// The two reference rows of Dalvi et al. 2020's task-specific tables: <b>Oracle</b>, a probe on all neurons, and
/// <b>None</b>, a classifier that sees no neuron at all.
/// </summary>
/// <remarks>
/// "None" is the intercept-only model: logistic regression with zero features, whose maximum-likelihood biases are the
/// log class priors of the training set, so it always predicts the training majority class. Its accuracy is therefore
/// the majority-class rate of the evaluated split (the chance baseline); <see cref="None"/> and <see cref="Majority"/>
/// are the same computation and train nothing. Ties between equally frequent classes go to the lowest class index.
/// </remarks>
public static class Baselines
{
    /// <summary>Trains <paramref name="probe"/> on all neurons of <paramref name="train"/> and scores it on dev (and test).</summary>
    /// <param name="probe">The probe trainer.</param>
    /// <param name="train">Training activations.</param>
    /// <param name="trainLabels">Class of each training row.</param>
    /// <param name="dev">Dev activations (same neuron ids); passed to the probe for early stopping.</param>
    /// <param name="devLabels">Class of each dev row; every training class must occur.</param>
    /// <param name="test">Optional test activations, scored only (never used for a choice).</param>
    /// <param name="testLabels">Class of each test row; required with <paramref name="test"/>.</param>
    /// <param name="cancellationToken">Cancels training.</param>
    /// <returns>The oracle score and probe.</returns>
    /// <exception cref="ArgumentException">Mismatched rows, labels or neuron ids, or a class missing from train or dev.</exception>
    public static BaselineScore Oracle(IConceptProbe probe, ActivationSet train, IReadOnlyList<int> trainLabels, ActivationSet dev, IReadOnlyList<int> devLabels,
        ActivationSet? test = null, IReadOnlyList<int>? testLabels = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(probe);
        Ccfs.Validate(1, train, trainLabels, dev, devLabels);
        Ccfs.CheckTest(train, test, testLabels);
        var (result, devScore) = Ccfs.FitAndScore(probe, train, trainLabels, dev, devLabels, cancellationToken);
        double? testScore = test is null ? null : Metrics.Accuracy(result.Probe.Predict(test), testLabels!);
        return new BaselineScore("oracle", devScore, testScore, train.Neurons, result);
    }

    /// <summary>The intercept-only ("none") baseline: predicts the training majority class everywhere.</summary>
    /// <param name="trainLabels">Class of each training row (decides the majority class).</param>
    /// <param name="devLabels">Class of each dev row.</param>
    /// <param name="testLabels">Optional class of each test row.</param>
    /// <returns>The majority-class rate on dev (and test).</returns>
    /// <exception cref="ArgumentException">Empty or negative labels.</exception>
    public static BaselineScore None(IReadOnlyList<int> trainLabels, IReadOnlyList<int> devLabels, IReadOnlyList<int>? testLabels = null)
    {
        ArgumentNullException.ThrowIfNull(trainLabels);
        ArgumentNullException.ThrowIfNull(devLabels);
        if (trainLabels.Count == 0) throw new ArgumentException("No training labels.", nameof(trainLabels));
        if (devLabels.Count == 0) throw new ArgumentException("No dev labels.", nameof(devLabels));
        if (trainLabels.Any(y => y < 0)) throw new ArgumentException("Negative class index.", nameof(trainLabels));
        int majority = trainLabels.GroupBy(y => y).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
        double Rate(IReadOnlyList<int> gold) => (double)gold.Count(y => y == majority) / gold.Count;
        double? test = testLabels is null || testLabels.Count == 0 ? null : Rate(testLabels);
        return new BaselineScore("none", Rate(devLabels), test, 0, null, majority);
    }

    /// <summary>Same as <see cref="None"/>: the majority-class baseline.</summary>
    /// <param name="trainLabels">Class of each training row (decides the majority class).</param>
    /// <param name="devLabels">Class of each dev row.</param>
    /// <param name="testLabels">Optional class of each test row.</param>
    /// <returns>The majority-class rate on dev (and test).</returns>
    public static BaselineScore Majority(IReadOnlyList<int> trainLabels, IReadOnlyList<int> devLabels, IReadOnlyList<int>? testLabels = null) =>
        None(trainLabels, devLabels, testLabels);
}
