using System.Text.Json;
using CodeNeurons.Analysis;
using CodeNeurons.Data;
using CodeNeurons.Formats;
using CodeNeurons.Interpretation;
using CodeNeurons.Torch.Interpretation;

namespace CodeNeurons.Torch.Analysis;

/// <summary>One top-k row: the probe retrained on the top k neurons, and the full probe with the others zeroed.</summary>
/// <param name="K">k.</param>
/// <param name="Neurons">The k neuron ids, best first.</param>
/// <param name="RetrainedTestAccuracy">Test accuracy of a probe retrained on them.</param>
/// <param name="ZeroOthersTestAccuracy">Test accuracy of the full probe with every other neuron zeroed.</param>
public sealed record ProbeTopK(int K, IReadOnlyList<int> Neurons, double RetrainedTestAccuracy, double ZeroOthersTestAccuracy);
