using System.Text.Json.Serialization;
using CodeNeurons.Data;
using CodeNeurons.Interpretation;
using CodeNeurons.Redundancy;

namespace CodeNeurons.Analysis;

/// <summary>A (δ_L, δ_N) pair of the combined LS + CC + LCA stage, both in percent. In JSON: <c>[3, 1]</c>.</summary>
/// <param name="LayerDeltaPercent">δ_L of the layer selector.</param>
/// <param name="NeuronDeltaPercent">δ_N of the minimal neuron set.</param>
[JsonConverter(typeof(DeltaPairJsonConverter))]
public sealed record DeltaPair(double LayerDeltaPercent, double NeuronDeltaPercent);
