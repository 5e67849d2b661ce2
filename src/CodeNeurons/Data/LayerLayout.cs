namespace CodeNeurons.Data;

/// <summary>
/// The layer structure of an activation matrix: <see cref="Layers"/> layers of <see cref="NeuronsPerLayer"/>
/// neurons each, concatenated layer-major as NeuroX does (global neuron id = layer · D + unit).
/// </summary>
/// <param name="Layers">Number of layers L (for a 12-layer transformer with embeddings, 13).</param>
/// <param name="NeuronsPerLayer">Neurons per layer D (the hidden size, e.g. 768).</param>
public sealed record LayerLayout(int Layers, int NeuronsPerLayer)
{
    /// <summary>Total neurons N = L · D.</summary>
    public int Neurons => checked(Layers * NeuronsPerLayer);

    /// <summary>Creates a layout after checking both sizes are positive.</summary>
    /// <param name="layers">Number of layers (≥ 1).</param>
    /// <param name="neuronsPerLayer">Neurons per layer (≥ 1).</param>
    /// <returns>The layout.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Either size is below 1.</exception>
    public static LayerLayout Create(int layers, int neuronsPerLayer)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(layers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(neuronsPerLayer, 1);
        _ = checked(layers * neuronsPerLayer);
        return new LayerLayout(layers, neuronsPerLayer);
    }

    /// <summary>A single layer holding all <paramref name="neurons"/> (for matrices with no layer structure).</summary>
    /// <param name="neurons">Number of neurons (≥ 1).</param>
    /// <returns>The layout 1 × <paramref name="neurons"/>.</returns>
    public static LayerLayout Flat(int neurons) => Create(1, neurons);

    /// <summary>The layer of global neuron <paramref name="neuron"/>.</summary>
    /// <param name="neuron">Global neuron id in [0, N).</param>
    /// <returns>layer = neuron / D.</returns>
    public int LayerOf(int neuron)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(neuron);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(neuron, Neurons);
        return neuron / NeuronsPerLayer;
    }

    /// <summary>The global neuron id of <paramref name="unit"/> in <paramref name="layer"/>.</summary>
    /// <param name="layer">Layer index in [0, L).</param>
    /// <param name="unit">Unit index in [0, D).</param>
    /// <returns>layer · D + unit.</returns>
    public int NeuronId(int layer, int unit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(layer);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(layer, Layers);
        ArgumentOutOfRangeException.ThrowIfNegative(unit);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(unit, NeuronsPerLayer);
        return layer * NeuronsPerLayer + unit;
    }
}
