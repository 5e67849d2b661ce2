using CodeNeurons.Data;

namespace CodeNeurons.Interpretation;

/// <summary>
/// The base of every linear concept probe: checks the inputs and prepares a <see cref="ProbeTrainingSetup"/> (class
/// weights, z-scoring, seeded initial weights and batch order, early stopping), then hands it to the implementation's
/// <see cref="Train"/>. <see cref="ManagedElasticNetProbe"/> and <c>CodeNeurons.Torch.Interpretation.TorchElasticNetProbe</c>
/// derive from it, and so can a user's probe: it then gets the same validation, batches and result shape.
/// </summary>
/// <remarks>
/// A derived probe implements only the optimisation loop; see <see cref="ProbeTrainingSetup"/> for the protocol.
/// Dalvi et al., AAAI 2019; NeuroX <c>interpretation.linear_probe</c>.
/// </remarks>
public abstract class ConceptProbe : IConceptProbe
{
    /// <summary>Creates the probe.</summary>
    /// <param name="options">Training options; null for the defaults. Validated when training runs.</param>
    protected ConceptProbe(ProbeOptions? options) => Options = options ?? new ProbeOptions();

    /// <summary>The training options.</summary>
    public ProbeOptions Options { get; }

    /// <inheritdoc/>
    public ProbeResult Fit(LabeledActivations train, LabeledActivations? dev = null, IProgress<ProbeProgress>? progress = null, CancellationToken cancellationToken = default)
        => Train(ProbeTrainingSetup.ForClassification(Options, train, dev, progress), cancellationToken);

    /// <summary>
    /// Trains a classification probe on rows read on demand (e.g. <c>RawActivationRows</c> over a
    /// raw folder): one minibatch of rows is in memory at a time, plus the parameters and the optimiser's state. The same
    /// rows give the same probe as <see cref="Fit(LabeledActivations, LabeledActivations?, IProgress{ProbeProgress}?, CancellationToken)"/>,
    /// bit for bit.
    /// </summary>
    /// <param name="train">Training rows [T, N] and their labels; every class needs a training row.</param>
    /// <param name="dev">Optional dev rows (same neuron ids, same classes) for early stopping.</param>
    /// <param name="progress">Receives one report per epoch.</param>
    /// <param name="cancellationToken">Cancels training between batches.</param>
    /// <returns>The trained probe and its training history.</returns>
    public ProbeResult Fit(LabeledRows train, LabeledRows? dev = null, IProgress<ProbeProgress>? progress = null, CancellationToken cancellationToken = default)
        => Train(ProbeTrainingSetup.ForClassification(Options, train, dev, progress), cancellationToken);

    /// <inheritdoc/>
    public ProbeResult FitRegression(ActivationSet train, IReadOnlyList<double> targets, ActivationSet? dev = null, IReadOnlyList<double>? devTargets = null,
        IProgress<ProbeProgress>? progress = null, CancellationToken cancellationToken = default)
        => Train(ProbeTrainingSetup.ForRegression(Options, train, targets, dev, devTargets, progress), cancellationToken);

    /// <summary>Runs the optimisation on a checked, prepared setup.</summary>
    /// <param name="setup">The training run: data access, initial parameters, batch order, epoch bookkeeping.</param>
    /// <param name="cancellationToken">Cancels training between batches.</param>
    /// <returns>The result of <see cref="ProbeTrainingSetup.Finish"/>.</returns>
    protected abstract ProbeResult Train(ProbeTrainingSetup setup, CancellationToken cancellationToken);
}
