namespace CodeNeurons.Interpretation;

/// <summary>
/// The score every choice of a probing pipeline is made by and every row is reported in (<see cref="Metrics.Score"/>).
/// Dalvi et al. 2020's scripts take the same choice (<c>"metric": "accuracy"</c> or <c>"f1"</c>); the seed paper scores
/// clone detection by F1.
/// </summary>
public enum ProbeMetric
{
    /// <summary>Fraction of rows predicted right (<see cref="Metrics.Accuracy"/>).</summary>
    Accuracy,

    /// <summary>F1 of class 1 for binary tasks (<see cref="Metrics.BinaryF1"/>, scikit-learn's <c>f1_score</c> default); an error with more than two classes.</summary>
    F1,

    /// <summary>Unweighted mean of the per-class F1 (<see cref="Metrics.MacroF1"/>).</summary>
    MacroF1,
}
