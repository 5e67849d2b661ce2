using CodeNeurons.Interpretation;

namespace CodeNeurons.Analysis;

/// <summary>How <see cref="MinimalNeuronSet"/> orders the neurons.</summary>
public enum MinimalSetRanking
{
    /// <summary>Weight mass of an elastic-net probe trained on all input neurons (<see cref="WeightMassRanking.Ordering(float[,], IReadOnlyList{int}, int)"/>); that probe is also the base.</summary>
    WeightMass,

    /// <summary>Probeless class-mean differences on the training set (<see cref="ProbelessRanking.Overall"/>).</summary>
    Probeless,
}
