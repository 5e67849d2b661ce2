using CodeNeurons.Data;
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
        var torchModel = TorchModel(model);
        foreach (var i in interventions)
        {
            ArgumentNullException.ThrowIfNull(i, nameof(interventions));
            i.Validate(model.Config);
        }
        return new ActiveInterventions(torchModel, [.. interventions]);
    }

    /// <summary>Attaches interventions to the model of an activation source, so that <see cref="TransformerActivationSource.Extract"/> writes the changed hidden states.</summary>
    /// <param name="source">The source.</param>
    /// <param name="interventions">The interventions (a fixed <see cref="PatchSource"/> cannot line up with extraction's batches, which group windows of several snippets by length: patch with <see cref="PatchFrom"/>).</param>
    /// <returns>The handle; dispose it to detach.</returns>
    /// <exception cref="ArgumentException">A patching intervention was given, or as for <see cref="Intervene(IHiddenStatesModel, NeuronIntervention[])"/>.</exception>
    public static ActiveInterventions Intervene(this TransformerActivationSource source, params NeuronIntervention[] interventions)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(interventions);
        if (interventions.Any(i => i?.Mode == InterventionMode.Patch))
            throw new ArgumentException("Extraction batches windows of several snippets by length, so a fixed patch source cannot be lined up with its batches; patch from a corpus with source.PatchFrom(neurons, patchCorpus) (codeneurons extract --mode patch --patch-from FILE).", nameof(interventions));
        return source.Model.Intervene(interventions);
    }

    /// <summary>
    /// Patches <paramref name="neurons"/> during every later <see cref="TransformerActivationSource.Extract"/> of
    /// <paramref name="source"/> from another corpus, snippet by snippet: for each batch extraction forms, the batch's source
    /// snippets run first (without this patch; with any other intervention attached to the source), then the batch runs with the
    /// neurons set to the source's values (<see cref="NeuronIntervention.Patched"/>) and the patched hidden states are written.
    /// </summary>
    /// <param name="source">The activation source.</param>
    /// <param name="neurons">The neurons to patch.</param>
    /// <param name="patchCorpus">The source corpus: snippet i patches input snippet i; the input must have as many snippets.</param>
    /// <param name="options">Alignment (by position, the default, or by code token), positions and names for errors; null for the defaults.</param>
    /// <returns>The handle; dispose it to detach.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A neuron's layer or unit is outside the model (the message names the valid range).</exception>
    /// <exception cref="ArgumentException">No neuron, a repeated neuron, or an empty patch corpus. Extraction itself reports a corpus of another snippet count and a
    /// snippet of another subword count (by position) or code-token count (by code token), naming the snippet and both counts.</exception>
    /// <exception cref="InvalidOperationException">Another patch is attached to the source.</exception>
    /// <exception cref="NotSupportedException">The source's model is not one of this library's TorchSharp models.</exception>
    public static ExtractionPatch PatchFrom(this TransformerActivationSource source, IReadOnlyList<ModelNeuron> neurons, IReadOnlyList<CodeSnippet> patchCorpus,
        ExtractionPatchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(neurons);
        ArgumentNullException.ThrowIfNull(patchCorpus);
        TorchModel(source.Model);
        NeuronIntervention.Zero(neurons).Validate(source.ModelConfig);
        if (patchCorpus.Count == 0) throw new ArgumentException("The patch corpus is empty.", nameof(patchCorpus));
        if (source.Patch is not null) throw new InvalidOperationException("Another patch is attached to this source; dispose it first.");
        return new ExtractionPatch(source, neurons, patchCorpus, options ?? new ExtractionPatchOptions());
    }

    private static TorchHiddenStatesModel TorchModel(IHiddenStatesModel model) => model as TorchHiddenStatesModel
        ?? throw new NotSupportedException($"Interventions need one of this library's TorchSharp models (HfModel.Load, MiniLmModel.Load); {model.GetType().Name} is not one.");
}
