namespace CodeNeurons.Torch.Training;

/// <summary>Scores of a classifier on one split.</summary>
/// <param name="Count">Examples scored.</param>
/// <param name="Loss">Mean cross-entropy.</param>
/// <param name="Accuracy">Share of correct predictions.</param>
/// <param name="F1">F1 of class 1 (0 when class 1 is never predicted nor present).</param>
public sealed record ClassificationScores(int Count, double Loss, double Accuracy, double F1)
{
    /// <summary>The value of <paramref name="metric"/>.</summary>
    /// <param name="metric">The metric.</param>
    /// <returns><see cref="Accuracy"/> or <see cref="F1"/>.</returns>
    public double Of(ClassificationMetric metric) => metric == ClassificationMetric.F1 ? F1 : Accuracy;
}
