namespace CodeNeurons.Concepts;

/// <summary>How a control task draws each word type's label.</summary>
public enum ControlDistribution
{
    /// <summary>From the label distribution of the training tokens (Hewitt and Liang 2019).</summary>
    Empirical,
    /// <summary>Uniformly over the classes.</summary>
    Uniform,
}
