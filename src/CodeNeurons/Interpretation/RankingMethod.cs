
namespace CodeNeurons.Interpretation;

/// <summary>How a <see cref="NeuronRanking"/> was computed.</summary>
public enum RankingMethod
{
    /// <summary>NeuroX <c>get_neuron_ordering</c>: neurons added as the probe weight-mass percentage grows.</summary>
    WeightMass,

    /// <summary>NeuroX <c>get_neuron_ordering_granular</c>: the weight-mass ordering added in chunks of about <c>granularity</c> neurons.</summary>
    WeightMassGranular,

    /// <summary>Probeless (Antverg &amp; Belinkov 2022): summed absolute differences of class-mean activations.</summary>
    Probeless,

    /// <summary>IoU probe (NeuroX <c>iou_probe</c>): average precision of each neuron's thresholded activation for one class.</summary>
    AveragePrecision,
}
