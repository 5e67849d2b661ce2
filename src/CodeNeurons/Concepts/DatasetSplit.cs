namespace CodeNeurons.Concepts;

/// <summary>The three splits of a probing dataset.</summary>
public enum DatasetSplit
{
    /// <summary>Training split.</summary>
    Train,
    /// <summary>Validation split.</summary>
    Valid,
    /// <summary>Test split.</summary>
    Test,
}
