namespace CodeNeurons.Torch.Training;

/// <summary>The outcome of <see cref="SequenceClassificationTrainer"/>: per-epoch scores, the best epoch and the folder written.</summary>
/// <param name="OutputFolder">The Hugging Face folder written (the best epoch's weights).</param>
/// <param name="Architecture">transformers' class name in its <c>config.json</c> (e.g. <c>BertForSequenceClassification</c>).</param>
/// <param name="Metric">The dev metric that chose the best epoch.</param>
/// <param name="Epochs">One entry per epoch.</param>
/// <param name="BestEpoch">1-based epoch whose weights were saved (the first with the highest dev metric).</param>
/// <param name="Test">Scores of the saved weights on the test set, or null when there is none.</param>
/// <param name="TrainExamples">Training examples used.</param>
/// <param name="Steps">Optimiser steps taken.</param>
/// <param name="Elapsed">Wall time of the whole run, saving included.</param>
public sealed record FineTuningResult(
    string OutputFolder,
    string Architecture,
    ClassificationMetric Metric,
    IReadOnlyList<FineTuningEpoch> Epochs,
    int BestEpoch,
    ClassificationScores? Test,
    int TrainExamples,
    long Steps,
    TimeSpan Elapsed)
{
    /// <summary>Dev scores of the saved (best) epoch.</summary>
    public ClassificationScores BestDev => Epochs[BestEpoch - 1].Dev;
}
