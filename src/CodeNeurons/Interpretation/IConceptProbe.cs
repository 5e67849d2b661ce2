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
