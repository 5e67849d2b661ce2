namespace CodeNeurons.Torch.Training;

/// <summary>One epoch of fine-tuning.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="TrainLoss">Mean training cross-entropy over the epoch's batches (with dropout).</param>
/// <param name="Dev">Scores on the dev set after the epoch.</param>
/// <param name="Elapsed">Time of the epoch, evaluation included.</param>
public sealed record FineTuningEpoch(int Epoch, double TrainLoss, ClassificationScores Dev, TimeSpan Elapsed);
