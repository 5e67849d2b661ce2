namespace CodeNeurons.Torch.Training;

/// <summary>The dev metric that chooses the best epoch.</summary>
public enum ClassificationMetric
{
    /// <summary>Share of correct predictions (defect detection, code search).</summary>
    Accuracy,

    /// <summary>F1 of class 1 (clone detection, as CodeXGLUE reports it).</summary>
    F1,
}
