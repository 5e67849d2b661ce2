namespace CodeNeurons.Interpretation;

/// <summary>The outcome of <see cref="IConceptProbe.Fit"/>: the trained probe and its training history.</summary>
/// <param name="Probe">The trained probe (the best dev epoch's weights under early stopping).</param>
/// <param name="EpochsRun">Epochs actually trained (≤ <see cref="ProbeOptions.Epochs"/>).</param>
/// <param name="BestEpoch">1-based epoch whose weights were kept (the last one without early stopping).</param>
/// <param name="TrainLosses">Mean batch objective of each epoch.</param>
/// <param name="DevLosses">Dev data loss of each epoch, or null without a dev set.</param>
public sealed record ProbeResult(LinearProbe Probe, int EpochsRun, int BestEpoch, IReadOnlyList<double> TrainLosses, IReadOnlyList<double>? DevLosses)
{
    /// <summary>True when training stopped before <see cref="ProbeOptions.Epochs"/> because the dev loss stopped improving.</summary>
    public bool StoppedEarly { get; init; }
}
