using CodeNeurons.Data;

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

/// <summary>
/// An ordering of global neuron ids, most important first, with a method-specific score per neuron.
/// </summary>
/// <remarks>
/// Scores: for <see cref="RankingMethod.WeightMass"/> and <see cref="RankingMethod.WeightMassGranular"/> the largest
/// |w| of the neuron over all classes (the within-chunk tie-breaker; the chunk itself comes from
/// <see cref="Cutoffs"/>); for <see cref="RankingMethod.Probeless"/> the summed |mean difference|; for
/// <see cref="RankingMethod.AveragePrecision"/> the average precision. Only the weight-mass methods have cutoffs.
/// </remarks>
public sealed class NeuronRanking
{
    private readonly int[] _ids;
    private readonly double[] _scores;
    private readonly int[] _cutoffs;

    /// <summary>Creates a ranking (arrays are copied).</summary>
    /// <param name="method">How it was computed.</param>
    /// <param name="neuronIds">Global neuron ids, most important first, distinct.</param>
    /// <param name="scores">One score per id, same order.</param>
    /// <param name="cutoffs">Chunk ends (NeuroX <c>cutoffs</c>), non-decreasing, each ≤ the id count; may be empty.</param>
    /// <exception cref="ArgumentException">Lengths differ, ids repeat, or cutoffs are out of range.</exception>
    public NeuronRanking(RankingMethod method, IReadOnlyList<int> neuronIds, IReadOnlyList<double> scores, IReadOnlyList<int>? cutoffs = null)
    {
        ArgumentNullException.ThrowIfNull(neuronIds);
        ArgumentNullException.ThrowIfNull(scores);
        _ids = neuronIds.ToArray();
        _scores = scores.ToArray();
        _cutoffs = cutoffs?.ToArray() ?? [];
        if (_ids.Length != _scores.Length)
            throw new ArgumentException($"{_ids.Length} neuron ids but {_scores.Length} scores.", nameof(scores));
        if (_ids.Distinct().Count() != _ids.Length)
            throw new ArgumentException("A ranking cannot list a neuron twice.", nameof(neuronIds));
        for (int i = 0; i < _cutoffs.Length; i++)
        {
            if (_cutoffs[i] < 0 || _cutoffs[i] > _ids.Length || (i > 0 && _cutoffs[i] < _cutoffs[i - 1]))
                throw new ArgumentException($"cutoffs[{i}] = {_cutoffs[i]} is not a non-decreasing position in [0, {_ids.Length}].", nameof(cutoffs));
        }
        Method = method;
    }

    /// <summary>How the ranking was computed.</summary>
    public RankingMethod Method { get; }

    /// <summary>Global neuron ids, most important first.</summary>
    public IReadOnlyList<int> NeuronIds => _ids;

    /// <summary>The method-specific score of each neuron in <see cref="NeuronIds"/> order (see remarks of the type).</summary>
    public IReadOnlyList<double> Scores => _scores;

    /// <summary>
    /// For the weight-mass methods, NeuroX's <c>cutoffs</c>: the ordering length after each mass step
    /// (<c>searchStride + 1</c> entries for <see cref="RankingMethod.WeightMass"/>). Neurons after the last cutoff
    /// carried no selectable mass and were appended by this library. Empty for other methods.
    /// </summary>
    public IReadOnlyList<int> Cutoffs => _cutoffs;

    /// <summary>Number of ranked neurons.</summary>
    public int Count => _ids.Length;

    /// <summary>The first <paramref name="count"/> ids (NeuroX <c>ordering[:k]</c>).</summary>
    /// <param name="count">How many, in [0, Count].</param>
    /// <returns>The top ids, most important first.</returns>
    public int[] Top(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Count);
        return _ids[..count];
    }

    /// <summary>The last <paramref name="count"/> ids (NeuroX <c>get_fixed_number_of_bottom_neurons</c>: <c>ordering[-k:]</c>).</summary>
    /// <param name="count">How many, in [0, Count].</param>
    /// <returns>The bottom ids, in ranking order (least important last).</returns>
    public int[] Bottom(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Count);
        return _ids[(Count - count)..];
    }
}

/// <summary>The neurons one class selected, and the share of that class's |w| mass they carry.</summary>
/// <param name="ClassName">The class.</param>
/// <param name="NeuronIds">Selected global ids, in selection order (|w| descending for top, ascending for bottom; ties by id ascending).</param>
/// <param name="MassReached">Sum of the selected |w| divided by the class's total |w| mass (0 when the total is 0).</param>
public sealed record ClassTopNeurons(string ClassName, IReadOnlyList<int> NeuronIds, double MassReached);

/// <summary>Neurons selected per class from a probe's weights, and their union.</summary>
public sealed class TopNeurons
{
    /// <summary>Creates the result.</summary>
    /// <param name="perClass">The selection of every class, in class-index order.</param>
    public TopNeurons(IReadOnlyList<ClassTopNeurons> perClass)
    {
        ArgumentNullException.ThrowIfNull(perClass);
        PerClass = perClass.ToArray();
        Union = PerClass.SelectMany(c => c.NeuronIds).Distinct().Order().ToArray();
    }

    /// <summary>The selection of every class, in class-index order.</summary>
    public IReadOnlyList<ClassTopNeurons> PerClass { get; }

    /// <summary>The union over classes (NeuroX's first return value), ascending by id.</summary>
    public IReadOnlyList<int> Union { get; }

    /// <summary>The selection of the class named <paramref name="className"/>.</summary>
    /// <param name="className">A class name.</param>
    /// <returns>Its selection.</returns>
    /// <exception cref="KeyNotFoundException">No class has that name.</exception>
    public ClassTopNeurons this[string className] =>
        PerClass.FirstOrDefault(c => c.ClassName == className)
        ?? throw new KeyNotFoundException($"No class named '{className}' (classes: {string.Join(", ", PerClass.Select(c => c.ClassName))}).");
}

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
