namespace CodeNeurons.Interpretation;

/// <summary>Which task a trained probe solves.</summary>
public enum ProbeTask
{
    /// <summary>Multinomial logistic regression over C classes.</summary>
    Classification,

    /// <summary>Linear regression with one output.</summary>
    Regression,
}
