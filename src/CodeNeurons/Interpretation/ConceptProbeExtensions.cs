using CodeNeurons.Data;

namespace CodeNeurons.Interpretation;

/// <summary>Conveniences over <see cref="IConceptProbe"/>.</summary>
public static class ConceptProbeExtensions
{
    /// <summary>Trains a classification probe on class ids (classes named "0", "1", …; C = max training id + 1).</summary>
    /// <param name="probe">The probe.</param>
    /// <param name="train">Training activations [T, N].</param>
    /// <param name="labels">Class id in [0, C) of each training row; every class needs a training row.</param>
    /// <param name="dev">Optional dev activations (same neuron ids) for early stopping.</param>
    /// <param name="devLabels">Class id of each dev row; required with <paramref name="dev"/>.</param>
    /// <param name="progress">Receives one report per epoch.</param>
    /// <param name="cancellationToken">Cancels training between batches.</param>
    /// <returns>The trained probe and its training history.</returns>
    /// <exception cref="ArgumentException">Mismatched rows, a dev set without labels (or labels without a dev set), a dev class the training labels lack.</exception>
    public static ProbeResult Fit(this IConceptProbe probe, ActivationSet train, IReadOnlyList<int> labels, ActivationSet? dev = null, IReadOnlyList<int>? devLabels = null,
        IProgress<ProbeProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(labels);
        if (dev is null != devLabels is null)
            throw new ArgumentException(dev is null ? "devLabels was given without a dev activation set." : "A dev activation set was given without devLabels.", nameof(devLabels));
        var y = ClassLabels.FromIds(labels);
        var trainSet = new LabeledActivations(train, y);
        var devSet = dev is null ? null : new LabeledActivations(dev, ClassLabels.FromIds(devLabels!, y.ClassNames));
        return probe.Fit(trainSet, devSet, progress, cancellationToken);
    }
}
