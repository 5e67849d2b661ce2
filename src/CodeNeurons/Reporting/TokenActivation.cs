namespace CodeNeurons.Reporting;

/// <summary>One token and the neuron's activation on it.</summary>
/// <param name="Token">The token's text.</param>
/// <param name="Value">The activation; NaN is drawn unshaded.</param>
public sealed record TokenActivation(string Token, double Value);
