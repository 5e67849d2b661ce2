using CodeNeurons.Concepts;
using CodeNeurons.Data;
using CodeNeurons.Interpretation;

namespace CodeNeurons.Analysis;

/// <summary>Task accuracy, control-task accuracy and their difference (Hewitt &amp; Liang 2019).</summary>
/// <param name="TaskAccuracy">Test accuracy of a probe trained on the real labels.</param>
/// <param name="ControlAccuracy">Test accuracy of the same probe trained on the control-task labels.</param>
public sealed record SelectivityResult(double TaskAccuracy, double ControlAccuracy)
{
    /// <summary>Selectivity = task accuracy − control accuracy (Sharma et al. report 0.54–0.72 on Java for seven models).</summary>
    public double Selectivity => TaskAccuracy - ControlAccuracy;
}

/// <summary>
/// Selectivity of a probe: how much of its accuracy comes from the representation rather than from memorising word
/// types. The same probe configuration is trained twice on the same rows — once on the concept labels, once on a
/// control task that gives every word type a fixed random label (<see cref="ControlTask"/>) — and both are tested.
/// </summary>
public static class SelectivityAnalysis
{
    /// <summary>Measures selectivity with explicit control labels.</summary>
    /// <param name="probe">The probe configuration (trained twice).</param>
    /// <param name="train">Training activations.</param>
    /// <param name="trainLabels">Concept labels of the training rows.</param>
    /// <param name="controlTrainLabels">Control-task labels of the training rows.</param>
    /// <param name="test">Test activations.</param>
    /// <param name="testLabels">Concept labels of the test rows.</param>
    /// <param name="controlTestLabels">Control-task labels of the test rows.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>Both accuracies and the selectivity.</returns>
    public static SelectivityResult Measure(IConceptProbe probe, ActivationSet train, IReadOnlyList<int> trainLabels, IReadOnlyList<int> controlTrainLabels,
        ActivationSet test, IReadOnlyList<int> testLabels, IReadOnlyList<int> controlTestLabels, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(controlTrainLabels);
        ArgumentNullException.ThrowIfNull(controlTestLabels);
        if (controlTrainLabels.Count != train.Rows)
            throw new ArgumentException($"controlTrainLabels has {controlTrainLabels.Count} labels but train has {train.Rows} rows.", nameof(controlTrainLabels));
        if (controlTestLabels.Count != test.Rows)
            throw new ArgumentException($"controlTestLabels has {controlTestLabels.Count} labels but test has {test.Rows} rows.", nameof(controlTestLabels));
        var task = probe.Fit(train, trainLabels, cancellationToken: cancellationToken).Probe;
        double taskAccuracy = Metrics.Accuracy(task.Predict(test), testLabels);
        var control = probe.Fit(train, controlTrainLabels, cancellationToken: cancellationToken).Probe;
        double controlAccuracy = Metrics.Accuracy(control.Predict(test), controlTestLabels);
        return new SelectivityResult(taskAccuracy, controlAccuracy);
    }

    /// <summary>Measures selectivity with a control task built from the training rows' tokens and labels.</summary>
    /// <param name="probe">The probe configuration (trained twice).</param>
    /// <param name="train">Training activations with <see cref="ActivationSet.Tokens"/>.</param>
    /// <param name="trainLabels">Concept labels of the training rows (class ids; names are their string forms).</param>
    /// <param name="test">Test activations with tokens.</param>
    /// <param name="testLabels">Concept labels of the test rows.</param>
    /// <param name="options">Control-task options (distribution, seed).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>Both accuracies and the selectivity.</returns>
    /// <exception cref="ArgumentException">A set has no tokens.</exception>
    public static SelectivityResult Measure(IConceptProbe probe, ActivationSet train, IReadOnlyList<int> trainLabels, ActivationSet test, IReadOnlyList<int> testLabels,
        ControlTaskOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(trainLabels);
        var trainTokens = train.Tokens ?? throw new ArgumentException("The training activations have no tokens; control tasks label word types.", nameof(train));
        var testTokens = test.Tokens ?? throw new ArgumentException("The test activations have no tokens; control tasks label word types.", nameof(test));
        var names = trainLabels.Select(l => l.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var control = ControlTask.Create(trainTokens, names, options);
        return Measure(probe, train, trainLabels, trainTokens.Select(control.ClassIdOf).ToArray(),
            test, testLabels, testTokens.Select(control.ClassIdOf).ToArray(), cancellationToken);
    }
}
