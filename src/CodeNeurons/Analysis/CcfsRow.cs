using CodeNeurons.Formats;

namespace CodeNeurons.Analysis;

/// <summary>One row of the pipeline's table: a neuron set, its size and the accuracy of a probe retrained on it.</summary>
/// <param name="Stage">The stage (a <see cref="CcfsStageNames"/> name).</param>
/// <param name="Name">The row's label, e.g. <c>"LS δ_L=1%"</c>, <c>"CC t=0.3"</c>, <c>"LS+CC+LCA (3,1) t=0.3"</c>.</param>
/// <param name="Neurons">Neurons kept.</param>
/// <param name="TotalNeurons">Neurons of the pipeline's input (N).</param>
/// <param name="DevScore">Dev accuracy of a probe trained on the kept neurons.</param>
/// <param name="TestScore">Test accuracy of the same probe (null without a test set); never used for a choice.</param>
/// <param name="KeptNeurons">Global ids of the kept neurons, ascending (empty for the none baseline).</param>
/// <param name="Detail">What the row's parameters were, e.g. the chosen layer or the cluster count.</param>
/// <param name="Steps">For a combined row, the neurons left after each stage of the chain (LS, CC, LCA); null for single-stage rows.</param>
public sealed record CcfsRow(string Stage, string Name, int Neurons, int TotalNeurons, double DevScore, double? TestScore, IReadOnlyList<int> KeptNeurons, string? Detail = null,
    IReadOnlyList<CcfsStepCount>? Steps = null)
{
    /// <summary>Fraction of neurons removed, 1 − kept / N.</summary>
    public double Reduction => TotalNeurons == 0 ? 0 : 1.0 - (double)Neurons / TotalNeurons;
}
