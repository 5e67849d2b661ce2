using CodeNeurons.Concepts;
using CodeNeurons.Data;
using CodeNeurons.Interpretation;

namespace CodeNeurons.Analysis;

/// <summary>
/// Selectivity of a probe: how much of its accuracy comes from the representation rather than from memorising word
/// types. The same probe configuration is trained twice on the same rows — once on the concept labels, once on a
/// control task that gives every word type a fixed random label (<see cref="ControlTask"/>) — and both are tested.
/// </summary>
public static class SelectivityAnalysis
{
    /// <summary>Measures selectivity with explicit control labels.</summary>
    /// <param name="probe">The probe configuration (trained twice).</param>
    /// <param name="train">Training activations with their concept labels.</param>
    /// <param name="controlTrain">Control-task labels of the training rows.</param>
    /// <param name="test">Test activations with their concept labels.</param>
    /// <param name="controlTest">Control-task labels of the test rows (compared with the control probe's predictions by class id).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>Both accuracies and the selectivity.</returns>
    /// <exception cref="ArgumentException">Control labels of another length than their split.</exception>
    public static SelectivityResult Measure(IConceptProbe probe, LabeledActivations train, ClassLabels controlTrain, LabeledActivations test, ClassLabels controlTest,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(controlTrain);
        ArgumentNullException.ThrowIfNull(controlTest);
        if (controlTrain.Count != train.Rows)
            throw new ArgumentException($"controlTrain has {controlTrain.Count} labels but train has {train.Rows} rows.", nameof(controlTrain));
        if (controlTest.Count != test.Rows)
            throw new ArgumentException($"controlTest has {controlTest.Count} labels but test has {test.Rows} rows.", nameof(controlTest));
        var task = probe.Fit(train, null, null, cancellationToken).Probe;
        double taskAccuracy = Metrics.Accuracy(task.Predict(test.Activations), test.Labels.Ids);
        var control = probe.Fit(new LabeledActivations(train.Activations, controlTrain), null, null, cancellationToken).Probe;
        double controlAccuracy = Metrics.Accuracy(control.Predict(test.Activations), controlTest.Ids);
        return new SelectivityResult(taskAccuracy, controlAccuracy);
    }

    /// <summary>Measures selectivity with a control task built from the training rows' tokens and labels.</summary>
    /// <param name="probe">The probe configuration (trained twice).</param>
    /// <param name="train">Training activations with <see cref="ActivationSet.Tokens"/>, and their concept labels.</param>
    /// <param name="test">Test activations with tokens, and their concept labels.</param>
    /// <param name="options">Control-task options (distribution, seed).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>Both accuracies and the selectivity.</returns>
    /// <exception cref="ArgumentException">A set has no tokens.</exception>
    public static SelectivityResult Measure(IConceptProbe probe, LabeledActivations train, LabeledActivations test, ControlTaskOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        var trainTokens = train.Activations.Tokens ?? throw new ArgumentException("The training activations have no tokens; control tasks label word types.", nameof(train));
        var testTokens = test.Activations.Tokens ?? throw new ArgumentException("The test activations have no tokens; control tasks label word types.", nameof(test));
        // The control task draws its labels from the class ids (as text), so its label order is the ids' text order.
        var names = train.Labels.Ids.Select(l => l.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var control = ControlTask.Create(trainTokens, names, options);
        // Classes named by id, as many as the training control labels use (the test ids are only compared, never trained on).
        var controlTrain = ClassLabels.FromIds(trainTokens.Select(control.ClassIdOf).ToArray());
        var controlTest = ClassLabels.FromIds(testTokens.Select(control.ClassIdOf).ToArray());
        return Measure(probe, train, controlTrain, test, controlTest, cancellationToken);
    }
}
