using CodeNeurons.Data;

namespace CodeNeurons.Interpretation;

/// <summary>How many of a set of neurons fall in each layer (the paper's layer-distribution plots).</summary>
public sealed class LayerDistribution
{
    private readonly int[] _counts;

    private LayerDistribution(int[] counts) => _counts = counts;

    /// <summary>Count per layer, index = layer.</summary>
    public IReadOnlyList<int> Counts => _counts;

    /// <summary>Total number of neurons counted.</summary>
    public int Total => _counts.Sum();

    /// <summary>The share of the neurons in <paramref name="layer"/> (0 when the set is empty).</summary>
    /// <param name="layer">Layer index.</param>
    /// <returns>Counts[layer] / Total.</returns>
    public double Fraction(int layer)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(layer);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(layer, _counts.Length);
        int total = Total;
        return total == 0 ? 0 : (double)_counts[layer] / total;
    }

    /// <summary>Counts the distinct neurons of <paramref name="neuronIds"/> per layer of <paramref name="layout"/>.</summary>
    /// <param name="neuronIds">Global neuron ids (duplicates are counted once).</param>
    /// <param name="layout">The model's layer structure.</param>
    /// <returns>The distribution, one count per layer.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An id is outside [0, layout.Neurons).</exception>
    public static LayerDistribution Of(IEnumerable<int> neuronIds, LayerLayout layout)
    {
        ArgumentNullException.ThrowIfNull(neuronIds);
        ArgumentNullException.ThrowIfNull(layout);
        var counts = new int[layout.Layers];
        foreach (int id in neuronIds.Distinct())
        {
            if (id < 0 || id >= layout.Neurons)
                throw new ArgumentOutOfRangeException(nameof(neuronIds), id, $"Neuron {id} is outside [0, {layout.Neurons}) for layout {layout.Layers}×{layout.NeuronsPerLayer}.");
            counts[layout.LayerOf(id)]++;
        }
        return new LayerDistribution(counts);
    }
}
