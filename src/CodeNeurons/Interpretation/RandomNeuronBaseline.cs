
namespace CodeNeurons.Interpretation;

/// <summary>The separation (max(AUROC, 1 − AUROC)) of random neurons: what a neuron with no relation to the concept reaches by chance.</summary>
/// <param name="Neurons">Random neurons measured.</param>
/// <param name="Layers">The layers they were drawn from.</param>
/// <param name="Mean">Mean separation.</param>
/// <param name="Percentile95">95th percentile of the separation (linear interpolation between order statistics, as NumPy's default).</param>
public sealed record RandomNeuronBaseline(int Neurons, IReadOnlyList<int> Layers, double Mean, double Percentile95);
