using CodeNeurons.Data;
using CodeNeurons.Interpretation;
using CodeNeurons.Torch.Extraction;
using CodeNeurons.Torch.Models;

namespace CodeNeurons.Torch.Compact;

/// <summary>
/// Where each chosen neuron comes from: its layer in the analysis' layout, the hidden state behind that layer, its unit; the
/// hidden states the compact model reads and the blocks it keeps; the probe's columns within rows over those states.
/// </summary>
internal sealed record CompactPlan(int SourceLayers, int KeptBlocks, int NeuronsPerLayer, int[] HiddenStates, int[] StatesRead, int[] Columns,
    IReadOnlyList<CompactNeuron> Neurons, LayerLayout Layout)
{
    /// <summary>Checks a probe over the analysis' global ids against the model and lays out the gather.</summary>
    /// <param name="config">The model's config.</param>
    /// <param name="states">Hidden states the model gives beyond the embeddings (its block count).</param>
    /// <param name="probe">The probe.</param>
    /// <param name="classNames">One per probe output.</param>
    /// <param name="neuronsPerLayer">The analysis' layout width.</param>
    /// <param name="representation">The extraction's settings.</param>
    /// <param name="source">Names the neuron list in errors.</param>
    public static CompactPlan Create(HfModelConfig config, int states, LinearProbe probe, IReadOnlyList<string> classNames, int neuronsPerLayer,
        CompactRepresentation representation, string source)
    {
        var hidden = Check(config, probe, classNames, neuronsPerLayer, representation, source);
        var neurons = probe.NeuronIds.Select(id =>
        {
            int layer = id / neuronsPerLayer, unit = id % neuronsPerLayer;
            if (id < 0 || layer >= hidden.Length)
                throw new InvalidDataException(
                    $"{source}: neuron {id} is in layer {layer} of the analysis, but the model gives {hidden.Length} layers (0..{hidden.Length - 1}) of {neuronsPerLayer} neurons; the neuron list does not belong to this model.");
            return new CompactNeuron(id, layer, hidden[layer], unit);
        }).ToArray();
        return Build(states, neuronsPerLayer, hidden, neurons);
    }

    /// <summary>The plan a saved manifest describes, checked against the truncated model.</summary>
    public static CompactPlan FromManifest(HfModelConfig config, CompactManifest manifest, LinearProbe probe, string manifestPath)
    {
        int npl = manifest.NeuronsPerLayer;
        var hidden = Check(config with { NumLayers = manifest.SourceLayers }, probe, manifest.ClassNames!, npl, manifest.Representation!, manifestPath);
        if (manifest.KeptBlocks != config.NumLayers)
            throw new InvalidDataException($"{manifestPath}: keptBlocks is {manifest.KeptBlocks}, but the folder's config.json has {config.NumLayers} layers.");
        var neurons = manifest.Neurons!;
        for (int i = 0; i < neurons.Count; i++)
        {
            var n = neurons[i] ?? throw new InvalidDataException($"{manifestPath}: neurons[{i}] is null.");
            string where = $"{manifestPath}: neurons[{i}] (id {n.Id})";
            if (n.Layer < 0 || n.Layer >= hidden.Length)
                throw new InvalidDataException($"{where}: layer {n.Layer} is outside the analysis' layers 0..{hidden.Length - 1}.");
            if (n.HiddenState != hidden[n.Layer])
                throw new InvalidDataException($"{where}: hidden state {n.HiddenState}, but layer {n.Layer} is hidden state {hidden[n.Layer]}.");
            if (n.HiddenState > config.NumLayers)
                throw new InvalidDataException($"{where}: hidden state {n.HiddenState} is after the {config.NumLayers} blocks kept (0..{config.NumLayers}).");
            if (n.Unit < 0 || n.Unit >= npl)
                throw new InvalidDataException($"{where}: unit {n.Unit} is outside [0, {npl}).");
            if (n.Id != n.Layer * npl + n.Unit)
                throw new InvalidDataException($"{where}: the id is not layer × {npl} + unit = {n.Layer * npl + n.Unit}.");
        }
        return Build(manifest.SourceLayers, npl, hidden, [.. neurons]);
    }

    /// <summary>The checks shared by both paths; returns the hidden state behind each layout layer.</summary>
    private static int[] Check(HfModelConfig config, LinearProbe probe, IReadOnlyList<string> classNames, int neuronsPerLayer, CompactRepresentation representation, string source)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(representation);
        if (probe.Task != ProbeTask.Classification)
            throw new InvalidDataException($"{source}: a compact model needs a classification probe; this one is a regression probe.");
        if (classNames.Count != probe.Outputs)
            throw new InvalidDataException($"{source}: the probe has {probe.Outputs} outputs, but there are {classNames.Count} class names.");
        int h = config.HiddenSize;
        bool combined = representation.Input == CompactInput.Pairs && representation.PairInput == PairInput.Separate;
        int width = combined ? PairHead.Width(representation.PairCombination, h) : h;
        if (neuronsPerLayer != width)
            throw new InvalidDataException(
                $"{source}: the analysis has {neuronsPerLayer} neurons per layer, but this {config.ModelType} model gives {width} ({(combined ? $"{representation.PairCombination} of hidden size {h}" : representation.Input == CompactInput.Pairs ? "its hidden size, pairs read as one joint input" : "its hidden size")}); the probe was not trained on this model's activations.");
        if (representation.BatchSize < 1) throw new ArgumentException($"BatchSize is {representation.BatchSize}; it must be at least 1.", nameof(representation));
        int states = config.NumLayers + 1;
        var hidden = representation.HiddenStates?.ToArray() ?? [.. Enumerable.Range(0, states)];
        if (hidden.Length == 0 || hidden.Any(s => s < 0 || s >= states) || hidden.Distinct().Count() != hidden.Length)
            throw new InvalidDataException($"{source}: the hidden states [{string.Join(", ", hidden)}] must be distinct indices in [0, {states - 1}] ({config.NumLayers} blocks).");
        return hidden;
    }

    private static CompactPlan Build(int sourceLayers, int npl, int[] hidden, CompactNeuron[] neurons)
    {
        if (neurons.Length == 0) throw new InvalidDataException("The neuron list is empty.");
        var read = neurons.Select(n => n.HiddenState).Distinct().Order().ToArray();
        int kept = read[^1];
        var columns = neurons.Select(n => Array.IndexOf(read, n.HiddenState) * npl + n.Unit).ToArray();
        return new CompactPlan(sourceLayers, kept, npl, hidden, read, columns, neurons, LayerLayout.Create(hidden.Length, npl));
    }
}
