using System.Text.Json.Serialization;
using CodeNeurons.Concepts;
using CodeNeurons.Data;
using CodeNeurons.Interpretation;
using CodeNeurons.Redundancy;

namespace CodeNeurons.Analysis;

/// <summary>Settings of the concept-neuron listing of the report.</summary>
public sealed record ConceptStageOptions
{
    /// <summary>Neurons listed per class in <see cref="CcfsReport.Concepts"/> (largest positive oracle weights; 0 = none).</summary>
    public int NeuronsPerClass { get; init; } = 10;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative count.</exception>
    public void Validate()
    {
        if (NeuronsPerClass < 0) throw new ArgumentOutOfRangeException(nameof(NeuronsPerClass), NeuronsPerClass, "concepts.neuronsPerClass must be ≥ 0.");
    }
}
