namespace CodeNeurons.Interpretation;

/// <summary>The optimiser used to train a probe.</summary>
public enum ProbeOptimizer
{
    /// <summary>Adam with PyTorch's defaults (β1 = 0.9, β2 = 0.999, ε = 1e-8, no weight decay), as NeuroX uses.</summary>
    Adam,

    /// <summary>Plain stochastic gradient descent (no momentum, no weight decay).</summary>
    Sgd,
}
