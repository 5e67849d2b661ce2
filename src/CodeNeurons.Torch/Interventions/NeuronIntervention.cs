using TorchSharp;
using static TorchSharp.torch;

namespace CodeNeurons.Torch.Interventions;

/// <summary>
/// One intervention inside the forward pass: at the chosen neurons and token positions, set the hidden state to zero, a
/// constant, the neuron's reference mean or another input's value, or add a scaled direction. Immutable; attach it to a
/// model with <see cref="ModelInterventions.Intervene(Models.IHiddenStatesModel, NeuronIntervention[])"/>.
/// </summary>
/// <remarks>
/// The hidden state at layer l is the one extraction records (0 = embeddings, i = block i's output), and the changed
/// state is what block l + 1 reads: a change at layer l propagates to every layer above it and to the model's head, never
/// below it. Activation patching as in Vig et al. 2020 and Meng et al. 2022 (ROME's causal tracing); mean ablation and
/// steering as in pyvene (Wu et al. 2024) and TransformerLens.
/// </remarks>
public sealed class NeuronIntervention
{
    private readonly Dictionary<int, (long[] Units, int[] Indices)> _byLayer;

    private NeuronIntervention(InterventionMode mode, IReadOnlyList<ModelNeuron> neurons, TokenPositions? positions, double value,
        NeuronMeans? means, float[]? direction, PatchSource? patch)
    {
        ArgumentNullException.ThrowIfNull(neurons);
        if (neurons.Count == 0) throw new ArgumentException("An intervention needs at least one neuron.", nameof(neurons));
        var seen = new HashSet<ModelNeuron>();
        foreach (var n in neurons)
        {
            if (n.Layer < 0 || n.Unit < 0) throw new ArgumentOutOfRangeException(nameof(neurons), $"Neuron {n} has a negative layer or unit.");
            if (!seen.Add(n)) throw new ArgumentException($"Neuron {n} appears more than once.", nameof(neurons));
        }
        if (!double.IsFinite(value)) throw new ArgumentOutOfRangeException(nameof(value), $"The value {value} is not finite.");
        if (direction is not null && direction.Length != neurons.Count)
            throw new ArgumentException($"The steering direction has {direction.Length} values but there are {neurons.Count} neurons; give one value per neuron.", nameof(direction));
        if (direction is not null && direction.Any(d => !float.IsFinite(d)))
            throw new ArgumentException("The steering direction has a value that is not finite.", nameof(direction));
        Mode = mode;
        Neurons = [.. neurons];
        Positions = positions ?? TokenPositions.All;
        Value = value;
        Means = means;
        Direction = direction;
        Patch = patch;
        _byLayer = Neurons.Select((n, i) => (n, i)).GroupBy(x => x.n.Layer)
            .ToDictionary(g => g.Key, g => (g.Select(x => (long)x.n.Unit).ToArray(), g.Select(x => x.i).ToArray()));
    }

    /// <summary>What is written.</summary>
    public InterventionMode Mode { get; }

    /// <summary>The neurons, in the order given.</summary>
    public IReadOnlyList<ModelNeuron> Neurons { get; }

    /// <summary>The token positions acted on.</summary>
    public TokenPositions Positions { get; }

    /// <summary>The constant (<see cref="InterventionMode.Constant"/>) or the scale (<see cref="InterventionMode.Steer"/>); 0 otherwise.</summary>
    public double Value { get; }

    /// <summary>The reference means (<see cref="InterventionMode.Mean"/>), else null.</summary>
    public NeuronMeans? Means { get; }

    /// <summary>The steering direction, one value per neuron (<see cref="InterventionMode.Steer"/>), else null.</summary>
    public IReadOnlyList<float>? Direction { get; }

    /// <summary>The patch source (<see cref="InterventionMode.Patch"/>), else null.</summary>
    public PatchSource? Patch { get; }

    /// <summary>The hidden-state indices this intervention touches.</summary>
    public IEnumerable<int> Layers => _byLayer.Keys.Order();

    /// <summary>Sets the neurons to 0.</summary>
    /// <param name="neurons">The neurons.</param>
    /// <param name="positions">Where; null for every position.</param>
    /// <returns>The intervention.</returns>
    public static NeuronIntervention Zero(IReadOnlyList<ModelNeuron> neurons, TokenPositions? positions = null) =>
        new(InterventionMode.Zero, neurons, positions, 0, null, null, null);

    /// <summary>Sets the neurons to <paramref name="value"/>.</summary>
    /// <param name="neurons">The neurons.</param>
    /// <param name="value">The constant (finite).</param>
    /// <param name="positions">Where; null for every position.</param>
    /// <returns>The intervention.</returns>
    public static NeuronIntervention Constant(IReadOnlyList<ModelNeuron> neurons, double value, TokenPositions? positions = null) =>
        new(InterventionMode.Constant, neurons, positions, value, null, null, null);

    /// <summary>Sets each neuron to its mean over a reference corpus.</summary>
    /// <param name="neurons">The neurons.</param>
    /// <param name="means">The reference means (every neuron must be inside them).</param>
    /// <param name="positions">Where; null for every position.</param>
    /// <returns>The intervention.</returns>
    public static NeuronIntervention Mean(IReadOnlyList<ModelNeuron> neurons, NeuronMeans means, TokenPositions? positions = null)
    {
        ArgumentNullException.ThrowIfNull(means);
        foreach (var n in neurons) _ = means[n];
        return new(InterventionMode.Mean, neurons, positions, 0, means, null, null);
    }

    /// <summary>Sets each neuron to its value in the source run (activation patching).</summary>
    /// <param name="neurons">The neurons.</param>
    /// <param name="source">The source run and its alignment.</param>
    /// <param name="positions">Where; null for every position (positions the alignment maps to −1 are never patched).</param>
    /// <returns>The intervention.</returns>
    public static NeuronIntervention Patched(IReadOnlyList<ModelNeuron> neurons, PatchSource source, TokenPositions? positions = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new(InterventionMode.Patch, neurons, positions, 0, null, null, source);
    }

    /// <summary>Adds <c>scale · direction[i]</c> to neuron i (steering).</summary>
    /// <param name="neurons">The neurons (all units of a layer to steer along a full hidden-size direction).</param>
    /// <param name="direction">One value per neuron; null for 1 each (every neuron moved by <paramref name="scale"/>).</param>
    /// <param name="scale">The scale (finite).</param>
    /// <param name="positions">Where; null for every position.</param>
    /// <returns>The intervention.</returns>
    public static NeuronIntervention Steer(IReadOnlyList<ModelNeuron> neurons, IReadOnlyList<float>? direction, double scale, TokenPositions? positions = null)
    {
        ArgumentNullException.ThrowIfNull(neurons);
        return new(InterventionMode.Steer, neurons, positions, scale, null, direction is null ? Enumerable.Repeat(1f, neurons.Count).ToArray() : [.. direction], null);
    }

    /// <summary>
    /// The same intervention at other neurons (mode, value, means, patch source and positions kept; the steering direction is
    /// taken in order), as the random controls of <see cref="InterventionRunner"/> use it.
    /// </summary>
    /// <param name="neurons">As many neurons as <see cref="Neurons"/>.</param>
    /// <returns>The intervention.</returns>
    /// <exception cref="ArgumentException">The count differs.</exception>
    public NeuronIntervention WithNeurons(IReadOnlyList<ModelNeuron> neurons)
    {
        ArgumentNullException.ThrowIfNull(neurons);
        if (neurons.Count != Neurons.Count) throw new ArgumentException($"{neurons.Count} neurons given, {Neurons.Count} expected.", nameof(neurons));
        if (Means is not null) foreach (var n in neurons) _ = Means[n];
        return new(Mode, neurons, Positions, Value, Means, Direction?.ToArray(), Patch);
    }

    internal bool Touches(int layer) => _byLayer.ContainsKey(layer);

    /// <summary>Checks every neuron against the model's layers and hidden size.</summary>
    internal void Validate(Models.HfModelConfig config)
    {
        foreach (var n in Neurons)
        {
            if (n.Layer > config.NumLayers)
                throw new ArgumentOutOfRangeException(nameof(Neurons),
                    $"Neuron {n}: layer {n.Layer} is outside [0, {config.NumLayers}] (0 = embeddings, {config.NumLayers} blocks) of this {config.ModelType} model.");
            if (n.Unit >= config.HiddenSize)
                throw new ArgumentOutOfRangeException(nameof(Neurons),
                    $"Neuron {n}: unit {n.Unit} is outside [0, {config.HiddenSize - 1}] (hidden size {config.HiddenSize}) of this {config.ModelType} model.");
        }
        if (Means is not null && (Means.LayerCount != config.NumLayers + 1 || Means.HiddenSize != config.HiddenSize))
            throw new ArgumentException($"The reference means are [{Means.LayerCount}, {Means.HiddenSize}] but the model has [{config.NumLayers + 1}, {config.HiddenSize}] (layers + 1, hidden).");
        if (Patch is not null && (Patch.States.HiddenSize != config.HiddenSize))
            throw new ArgumentException($"The patch source has hidden size {Patch.States.HiddenSize} but the model has {config.HiddenSize}.");
    }

    /// <summary>Writes this intervention into <paramref name="hidden"/> [batch, seq, hidden] (a copy owned by the hook) in place.</summary>
    internal void ApplyInPlace(int layer, Tensor hidden)
    {
        if (!_byLayer.TryGetValue(layer, out var group)) return;
        using var scope = NewDisposeScope();
        long batch = hidden.shape[0], seq = hidden.shape[1];
        var device = hidden.device;
        var dtype = hidden.dtype;
        var index = torch.tensor(group.Units, ScalarType.Int64).to(device);
        var current = hidden.index_select(2, index);
        Tensor? valid = null;
        Tensor value;
        switch (Mode)
        {
            case InterventionMode.Zero:
                value = torch.zeros_like(current);
                break;
            case InterventionMode.Constant:
            {
                using Scalar c = Value.ToScalar();
                value = torch.full_like(current, c);
                break;
            }
            case InterventionMode.Mean:
                value = PerNeuron(group.Indices, i => (float)Means![Neurons[i]], device, dtype).expand_as(current);
                break;
            case InterventionMode.Steer:
            {
                using Scalar scale = Value.ToScalar();
                value = current.Plus(PerNeuron(group.Indices, i => Direction![i], device, dtype).mul(scale));
                break;
            }
            default:
                value = Patch!.Values(layer, group.Units, batch, seq, device, dtype, out valid);
                break;
        }
        var where = Positions.Mask(batch, seq, device);
        if (valid is not null) where = where is null ? valid : where.logical_and(valid);
        if (where is not null) value = torch.where(where, value, current);
        hidden.index_copy_(2, index, value);
    }

    private static Tensor PerNeuron(int[] indices, Func<int, float> value, Device device, ScalarType dtype) =>
        torch.tensor(indices.Select(value).ToArray(), ScalarType.Float32).to(dtype, device);
}
