using CodeNeurons.Data;

namespace CodeNeurons.Interpretation;

/// <summary>
/// Ablation operations on activations (NeuroX <c>interpretation/ablation.py</c>): keep or remove neurons and layers
/// (fewer columns), or zero them (same columns). Every result is a new <see cref="ActivationSet"/> with the same
/// rows, tokens, sentence indices and layout; the input is never modified.
/// </summary>
/// <remarks>
/// Columns stay ascending by global id (NeuroX's <c>X[:, neurons_to_keep]</c> keeps the order given). Ids are global
/// neuron ids, not column indices; an id that is not a column of the set is an error. NeuroX's bidirectional layer
/// filtering is not provided (the models here are unidirectional transformers).
/// </remarks>
public static class Ablation
{
    /// <summary>NeuroX <c>filter_activations_keep_neurons</c>: only the given neurons' columns.</summary>
    /// <param name="activations">The activations.</param>
    /// <param name="neuronIds">Global ids to keep (at least one; duplicates ignored).</param>
    /// <returns>The slice.</returns>
    /// <exception cref="ArgumentException">No ids, or an id not in the set.</exception>
    public static ActivationSet KeepNeurons(ActivationSet activations, IEnumerable<int> neuronIds)
    {
        ArgumentNullException.ThrowIfNull(activations);
        var cols = Columns(activations, neuronIds);
        if (cols.Count == 0) throw new ArgumentException("Keep at least one neuron.", nameof(neuronIds));
        return activations.SelectNeurons(cols.Select(c => activations.NeuronIds[c]));
    }

    /// <summary>NeuroX <c>filter_activations_remove_neurons</c>: every column except the given neurons.</summary>
    /// <param name="activations">The activations.</param>
    /// <param name="neuronIds">Global ids to remove.</param>
    /// <returns>The slice.</returns>
    /// <exception cref="ArgumentException">An id not in the set, or every neuron removed.</exception>
    public static ActivationSet RemoveNeurons(ActivationSet activations, IEnumerable<int> neuronIds)
    {
        ArgumentNullException.ThrowIfNull(activations);
        var cols = Columns(activations, neuronIds);
        if (cols.Count == activations.Neurons) throw new ArgumentException("Removing every neuron leaves an empty activation set.", nameof(neuronIds));
        return activations.SelectNeurons(Enumerable.Range(0, activations.Neurons).Where(c => !cols.Contains(c)).Select(c => activations.NeuronIds[c]));
    }

    /// <summary>NeuroX <c>zero_out_activations_remove_neurons</c>: the given neurons set to 0, all columns kept.</summary>
    /// <param name="activations">The activations.</param>
    /// <param name="neuronIds">Global ids to zero.</param>
    /// <returns>A copy with those columns zeroed.</returns>
    /// <exception cref="ArgumentException">An id not in the set.</exception>
    public static ActivationSet ZeroNeurons(ActivationSet activations, IEnumerable<int> neuronIds)
    {
        ArgumentNullException.ThrowIfNull(activations);
        var cols = Columns(activations, neuronIds);
        return Zero(activations, c => cols.Contains(c));
    }

    /// <summary>
    /// NeuroX <c>zero_out_activations_keep_neurons</c>: every neuron except the given ones set to 0, all columns kept
    /// (evaluating a trained probe on its top-k neurons only).
    /// </summary>
    /// <param name="activations">The activations.</param>
    /// <param name="neuronIds">Global ids whose values are kept.</param>
    /// <returns>A copy with all other columns zeroed.</returns>
    /// <exception cref="ArgumentException">An id not in the set.</exception>
    public static ActivationSet ZeroAllBut(ActivationSet activations, IEnumerable<int> neuronIds)
    {
        ArgumentNullException.ThrowIfNull(activations);
        var cols = Columns(activations, neuronIds);
        return Zero(activations, c => !cols.Contains(c));
    }

    /// <summary>NeuroX <c>filter_activations_by_layers</c>: only the columns of the given layers.</summary>
    /// <param name="activations">The activations.</param>
    /// <param name="layers">Layer indices in [0, L) (at least one with columns in the set).</param>
    /// <returns>The slice.</returns>
    /// <exception cref="ArgumentException">No column of the set is in those layers.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A layer is outside [0, L).</exception>
    public static ActivationSet KeepLayers(ActivationSet activations, IEnumerable<int> layers)
    {
        ArgumentNullException.ThrowIfNull(activations);
        var ids = activations.NeuronIdsOfLayers(layers);
        if (ids.Length == 0) throw new ArgumentException("The activation set has no neuron in those layers.", nameof(layers));
        return activations.SelectNeurons(ids);
    }

    /// <summary>Every column except those of the given layers.</summary>
    /// <param name="activations">The activations.</param>
    /// <param name="layers">Layer indices in [0, L).</param>
    /// <returns>The slice.</returns>
    /// <exception cref="ArgumentException">Every column of the set is in those layers.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A layer is outside [0, L).</exception>
    public static ActivationSet RemoveLayers(ActivationSet activations, IEnumerable<int> layers)
    {
        ArgumentNullException.ThrowIfNull(activations);
        return RemoveNeurons(activations, activations.NeuronIdsOfLayers(layers));
    }

    /// <summary>The columns of the given layers set to 0, all columns kept.</summary>
    /// <param name="activations">The activations.</param>
    /// <param name="layers">Layer indices in [0, L).</param>
    /// <returns>A copy with those layers zeroed.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A layer is outside [0, L).</exception>
    public static ActivationSet ZeroLayers(ActivationSet activations, IEnumerable<int> layers)
    {
        ArgumentNullException.ThrowIfNull(activations);
        return ZeroNeurons(activations, activations.NeuronIdsOfLayers(layers));
    }

    private static HashSet<int> Columns(ActivationSet activations, IEnumerable<int> neuronIds)
    {
        ArgumentNullException.ThrowIfNull(neuronIds);
        var ids = activations.NeuronIds;
        var cols = new HashSet<int>();
        foreach (int id in neuronIds)
        {
            int c = BinarySearch(ids, id);
            if (c < 0) throw new ArgumentException($"Neuron {id} is not in this activation set ({activations.Neurons} neurons).", nameof(neuronIds));
            cols.Add(c);
        }
        return cols;
    }

    private static int BinarySearch(IReadOnlyList<int> ids, int id)
    {
        int lo = 0, hi = ids.Count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (ids[mid] == id) return mid;
            if (ids[mid] < id) lo = mid + 1; else hi = mid - 1;
        }
        return -1;
    }

    private static ActivationSet Zero(ActivationSet activations, Func<int, bool> zeroColumn)
    {
        int rows = activations.Rows, n = activations.Neurons;
        var values = activations.Values.ToArray();
        var zero = Enumerable.Range(0, n).Where(zeroColumn).ToArray();
        for (int r = 0; r < rows; r++)
            foreach (int c in zero) values[r * n + c] = 0f;
        return ActivationSet.Create(values, rows, activations.Layout, activations.NeuronIds, activations.Tokens, activations.SentenceIndices);
    }
}
