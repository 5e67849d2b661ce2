namespace CodeNeurons.Interpretation;

/// <summary>The dev quantity early stopping watches (<see cref="ProbeOptions.StopOn"/>).</summary>
public enum EarlyStopping
{
    /// <summary>The mean dev loss (cross entropy or squared error); lower is better.</summary>
    DevLoss,

    /// <summary>The dev accuracy (classification only); higher is better, ties do not count as improvement.</summary>
    DevAccuracy,
}
