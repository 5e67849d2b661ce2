using CodeNeurons.Torch.Extraction;
using CodeNeurons.Torch.Models;

namespace CodeNeurons.Torch.Interventions;

/// <summary>Attaches <see cref="NeuronIntervention"/>s to a loaded model or to an activation source's model.</summary>
public static class ModelInterventions
{
    /// <summary>Attaches interventions to every later forward pass of <paramref name="model"/> until the result is disposed.</summary>
    /// <param name="model">A model loaded by <see cref="HfModel.Load"/> or <see cref="MiniLmModel.Load"/>.</param>
    /// <param name="interventions">One or more interventions, applied in this order where they share a layer.</param>
    /// <returns>The handle; dispose it to detach.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A neuron's layer or unit is outside the model (the message names the valid range).</exception>
    /// <exception cref="ArgumentException">No intervention given, or means or a patch source of another shape than the model.</exception>
    /// <exception cref="NotSupportedException">The model is not one of this library's TorchSharp models.</exception>
    public static ActiveInterventions Intervene(this IHiddenStatesModel model, params NeuronIntervention[] interventions)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(interventions);
        if (interventions.Length == 0) throw new ArgumentException("No intervention given.", nameof(interventions));
        if (model is not TorchHiddenStatesModel torchModel)
            throw new NotSupportedException($"Interventions need one of this library's TorchSharp models (HfModel.Load, MiniLmModel.Load); {model.GetType().Name} is not one.");
        foreach (var i in interventions)
        {
            ArgumentNullException.ThrowIfNull(i, nameof(interventions));
            i.Validate(model.Config);
        }
        return new ActiveInterventions(torchModel, [.. interventions]);
    }

    /// <summary>Attaches interventions to the model of an activation source, so that <see cref="TransformerActivationSource.Extract"/> writes the changed hidden states.</summary>
    /// <param name="source">The source.</param>
    /// <param name="interventions">The interventions (patching is not possible here: extraction batches windows of several snippets by length).</param>
    /// <returns>The handle; dispose it to detach.</returns>
    /// <exception cref="ArgumentException">A patching intervention was given, or as for <see cref="Intervene(IHiddenStatesModel, NeuronIntervention[])"/>.</exception>
    public static ActiveInterventions Intervene(this TransformerActivationSource source, params NeuronIntervention[] interventions)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(interventions);
        if (interventions.Any(i => i?.Mode == InterventionMode.Patch))
            throw new ArgumentException("Extraction batches windows of several snippets by length, so a patch source cannot be lined up with its batches; patch with InterventionRunner (codeneurons intervene --mode patch), which can also write the patched activations.", nameof(interventions));
        return source.Model.Intervene(interventions);
    }
}
