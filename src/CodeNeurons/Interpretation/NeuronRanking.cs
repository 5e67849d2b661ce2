
namespace CodeNeurons.Interpretation;

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
