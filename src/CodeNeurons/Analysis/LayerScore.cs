using CodeNeurons.Interpretation;
using CodeNeurons.Redundancy;

namespace CodeNeurons.Analysis;

/// <summary>Dev accuracies of the probes of one layer.</summary>
/// <param name="Layer">The layer index.</param>
/// <param name="Neurons">Neurons of this layer in the input.</param>
/// <param name="IndependentDevScore">Dev accuracy of a probe on this layer alone (null when not trained).</param>
/// <param name="IncrementalNeurons">Neurons of layers 0..<paramref name="Layer"/>.</param>
/// <param name="IncrementalDevScore">Dev accuracy of a probe on layers 0..<paramref name="Layer"/>.</param>
/// <param name="IndependentTestScore">Test accuracy of the independent probe (null without a test set or independent probes); reported only.</param>
/// <param name="IncrementalTestScore">Test accuracy of the incremental probe (null without a test set); reported only.</param>
public sealed record LayerScore(int Layer, int Neurons, double? IndependentDevScore, int IncrementalNeurons, double IncrementalDevScore,
    double? IndependentTestScore = null, double? IncrementalTestScore = null);
