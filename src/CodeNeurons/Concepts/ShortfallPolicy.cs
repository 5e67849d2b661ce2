namespace CodeNeurons.Concepts;

/// <summary>What <see cref="ProbingDatasetBuilder"/> does when a class has fewer tokens than requested for a split.</summary>
public enum ShortfallPolicy
{
    /// <summary>Throw an <see cref="InvalidOperationException"/> naming the class, the split and both counts.</summary>
    Throw,
    /// <summary>Take every available token (the split is then unbalanced for that class).</summary>
    TakeAvailable,
}
