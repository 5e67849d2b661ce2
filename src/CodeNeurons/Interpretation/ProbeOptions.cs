namespace CodeNeurons.Interpretation;

/// <summary>
/// Options of an elastic-net linear probe. The objective per minibatch B is
/// <c>loss_B(W, b) + L1 · Σ|W| + L2 · ‖W‖_F</c> (Frobenius norm, not squared; bias not penalised), where loss_B is the
/// (class-weighted) mean cross entropy or the mean squared error, as in NeuroX's <c>_train_probe</c>.
/// </summary>
/// <remarks>
/// Defaults follow NeuroX's <c>train_logistic_regression_probe</c> (λ1 = λ2 = 0, 10 epochs, batch 32, Adam, lr 0.001) except
/// <see cref="Shuffle"/>: NeuroX never shuffles; here the rows are shuffled each epoch with a permutation drawn from <see cref="Seed"/>.
/// </remarks>
public sealed record ProbeOptions
{
    /// <summary>λ1, weight of Σ|W| (≥ 0). NeuroX's default is 0; the paper's probes use small values such as 1e-5.</summary>
    public double L1 { get; init; }

    /// <summary>λ2, weight of ‖W‖_F (≥ 0, norm not squared). NeuroX's default is 0.</summary>
    public double L2 { get; init; }

    /// <summary>Maximum number of passes over the training rows (≥ 1).</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Rows per minibatch (≥ 1); the last batch of an epoch may be smaller.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Learning rate (&gt; 0).</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>The optimiser.</summary>
    public ProbeOptimizer Optimizer { get; init; } = ProbeOptimizer.Adam;

    /// <summary>Shuffle the training rows at each epoch (seeded). False visits rows in order, as NeuroX does.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>Seed of the initial weights and of the shuffles.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// Early stopping: stop when the dev loss has not improved for this many epochs and keep the best epoch's weights.
    /// Null trains all <see cref="Epochs"/> (the dev set, if given, is still evaluated).
    /// </summary>
    public int? Patience { get; init; }

    /// <summary>
    /// What early stopping (<see cref="Patience"/>) watches: the dev loss (default) or the dev accuracy (classification;
    /// an epoch counts as better only when it is strictly more accurate), as the seed paper's token-tagging probes do.
    /// </summary>
    public EarlyStopping StopOn { get; init; } = EarlyStopping.DevLoss;

    /// <summary>Class weighting of the cross entropy (classification only).</summary>
    public ClassWeighting ClassWeights { get; init; } = ClassWeighting.None;

    /// <summary>Per-class weights (finite, ≥ 0, not all 0; length C) used with <see cref="ClassWeighting.Explicit"/>.</summary>
    public IReadOnlyList<double>? ExplicitClassWeights { get; init; }

    /// <summary>
    /// Z-score every neuron with the training mean and (population) standard deviation before training and prediction.
    /// A constant neuron (standard deviation 0) is centred and left unscaled, so it becomes 0, never NaN.
    /// </summary>
    public bool Standardize { get; init; }

    /// <summary>Checks every option, naming the one to fix.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        if (!(L1 >= 0) || double.IsInfinity(L1)) throw new ArgumentOutOfRangeException(nameof(L1), L1, "L1 (λ1) must be finite and ≥ 0.");
        if (!(L2 >= 0) || double.IsInfinity(L2)) throw new ArgumentOutOfRangeException(nameof(L2), L2, "L2 (λ2) must be finite and ≥ 0.");
        if (Epochs <= 0) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "Epochs must be ≥ 1.");
        if (BatchSize <= 0) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "BatchSize must be ≥ 1.");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "LearningRate must be finite and > 0.");
        if (Patience is < 1) throw new ArgumentOutOfRangeException(nameof(Patience), Patience, "Patience must be ≥ 1 or null (no early stopping).");
        if (!Enum.IsDefined(Optimizer)) throw new ArgumentOutOfRangeException(nameof(Optimizer), Optimizer, "Unknown optimizer.");
        if (!Enum.IsDefined(StopOn)) throw new ArgumentOutOfRangeException(nameof(StopOn), StopOn, "Unknown early-stopping criterion.");
        if (!Enum.IsDefined(ClassWeights)) throw new ArgumentOutOfRangeException(nameof(ClassWeights), ClassWeights, "Unknown class weighting.");
        if (ClassWeights == ClassWeighting.Explicit && ExplicitClassWeights is null)
            throw new ArgumentOutOfRangeException(nameof(ExplicitClassWeights), "ClassWeights is Explicit but ExplicitClassWeights is null.");
    }
}
