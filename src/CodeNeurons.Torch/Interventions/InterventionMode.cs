namespace CodeNeurons.Torch.Interventions;

/// <summary>What an intervention writes into the chosen neurons at the chosen positions.</summary>
public enum InterventionMode
{
    /// <summary>Set to 0 (zero ablation).</summary>
    Zero,

    /// <summary>Set to a constant.</summary>
    Constant,

    /// <summary>Set to the neuron's mean over a reference corpus (mean ablation; see <see cref="NeuronMeans"/>).</summary>
    Mean,

    /// <summary>Set to the neuron's value in a run on another input (activation patching; see <see cref="PatchSource"/>).</summary>
    Patch,

    /// <summary>Add a scaled direction to the neurons (steering).</summary>
    Steer,
}
