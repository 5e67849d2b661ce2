using CodeNeurons.Formats;

namespace CodeNeurons.Analysis;

/// <summary>Neurons left after one stage of a combined row's chain.</summary>
/// <param name="Stage">"LS", "CC" or "LCA".</param>
/// <param name="Neurons">Neurons kept after the stage.</param>
/// <param name="TotalNeurons">Neurons of the pipeline's input (N).</param>
public sealed record CcfsStepCount(string Stage, int Neurons, int TotalNeurons)
{
    /// <summary>Fraction of the input's neurons removed so far, 1 − kept / N.</summary>
    public double Reduction => TotalNeurons == 0 ? 0 : 1.0 - (double)Neurons / TotalNeurons;
}
