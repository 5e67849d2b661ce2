using CodeNeurons.Data;

namespace CodeNeurons.Interpretation;

/// <summary>
/// Trains a linear probe that predicts a concept (token label) from neuron activations: the probe of NeuroX's
/// <c>interpretation.linear_probe</c>. Implementations derive from <see cref="ConceptProbe"/>: <see cref="ManagedElasticNetProbe"/> (managed, float64) and
/// <c>CodeNeurons.Torch.Interpretation.TorchElasticNetProbe</c> (TorchSharp, CPU or CUDA); both minimise the same objective.
/// </summary>
/// <remarks>Dalvi et al., "What Is One Grain of Sand in the Desert? Analyzing Individual Neurons in Deep NLP Models", AAAI 2019.</remarks>
public interface IConceptProbe
{
    /// <summary>Trains a classification probe (multinomial logistic regression with an elastic-net penalty).</summary>
    /// <param name="train">Training activations [T, N] and their labels; every class needs a training row.</param>
    /// <param name="dev">Optional development activations [T_dev, N] (same neuron ids, same classes) for early stopping.</param>
    /// <param name="progress">Receives one report per epoch.</param>
    /// <param name="cancellationToken">Cancels training between batches.</param>
    /// <returns>The trained probe and its training history.</returns>
    ProbeResult Fit(LabeledActivations train, LabeledActivations? dev = null, IProgress<ProbeProgress>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Trains a regression probe (linear regression, mean squared error plus the elastic-net penalty).</summary>
    /// <param name="train">Training activations [T, N].</param>
    /// <param name="targets">Finite real target of each training row.</param>
    /// <param name="dev">Optional development activations for early stopping.</param>
    /// <param name="devTargets">Target of each dev row; required with <paramref name="dev"/>.</param>
    /// <param name="progress">Receives one report per epoch.</param>
    /// <param name="cancellationToken">Cancels training between batches.</param>
    /// <returns>The trained probe (one output) and its training history.</returns>
    ProbeResult FitRegression(ActivationSet train, IReadOnlyList<double> targets, ActivationSet? dev = null, IReadOnlyList<double>? devTargets = null,
        IProgress<ProbeProgress>? progress = null, CancellationToken cancellationToken = default);
}

/// <summary>Progress of probe training, reported once per epoch.</summary>
/// <param name="Epoch">Epochs completed (1-based).</param>
/// <param name="Epochs">Maximum number of epochs.</param>
/// <param name="TrainLoss">Mean of the batch objectives (data term plus penalty) over the epoch.</param>
/// <param name="DevLoss">Data term on the dev set (unweighted mean cross entropy or MSE), or null without a dev set.</param>
public sealed record ProbeProgress(int Epoch, int Epochs, double TrainLoss, double? DevLoss);

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
