using CodeNeurons.Data;

namespace CodeNeurons.Interpretation;

/// <summary>
/// Top tokens per neuron (NeuroX <c>analysis.corpus.get_top_words</c>), for views such as the paper's "number neuron"
/// or "string neuron": z-score the neuron over all rows (population std), average |z| per word type, divide by the
/// largest average, and keep types whose normalised score exceeds a threshold.
/// </summary>
public static class TopTokensAnalysis
{
    /// <summary>The top word types of one neuron.</summary>
    /// <param name="activations">Activations with <see cref="ActivationSet.Tokens"/>.</param>
    /// <param name="neuronId">A global neuron id present in the set.</param>
    /// <param name="count">Keep at most this many types (0 = all above the threshold, NeuroX's default).</param>
    /// <param name="minThreshold">Keep types with normalised score strictly above this (default 0.1 as NeuroX; cannot be combined with a non-zero <paramref name="count"/>, as in NeuroX).</param>
    /// <param name="byAbsoluteZ">true (NeuroX): mean |z|; false: mean signed z, so types that drive the neuron up rank first.</param>
    /// <returns>Types sorted by score descending; ties keep first-occurrence order (Python's stable sort). Empty when the neuron is constant (NeuroX would produce NaN).</returns>
    /// <exception cref="ArgumentException">No tokens, the neuron is not in the set, or both <paramref name="count"/> and <paramref name="minThreshold"/> are given.</exception>
    public static TopTokens TopWords(ActivationSet activations, int neuronId, int count = 0, double? minThreshold = null, bool byAbsoluteZ = true)
    {
        ArgumentNullException.ThrowIfNull(activations);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count != 0 && minThreshold is not null)
            throw new ArgumentException("Give either count or minThreshold, not both (as NeuroX's get_top_words).", nameof(minThreshold));
        double threshold = minThreshold ?? 0.1;
        var tokens = activations.Tokens ?? throw new ArgumentException("The activation set has no tokens; top words need the token of each row.", nameof(activations));
        if (activations.Rows == 0) throw new ArgumentException("The activation set has no rows.", nameof(activations));
        int col = Column(activations, neuronId);

        int rows = activations.Rows, n = activations.Neurons;
        var values = activations.Values;
        double mean = 0;
        for (int r = 0; r < rows; r++) mean += values[r * n + col];
        mean /= rows;
        double variance = 0;
        for (int r = 0; r < rows; r++) { double d = values[r * n + col] - mean; variance += d * d; }
        double std = Math.Sqrt(variance / rows);
        if (!(std > 0)) return new TopTokens(neuronId, []);

        var sums = new Dictionary<string, (double Sum, int Count, int First)>(StringComparer.Ordinal);
        for (int r = 0; r < rows; r++)
        {
            double z = (values[r * n + col] - mean) / std;
            if (byAbsoluteZ) z = Math.Abs(z);
            sums[tokens[r]] = sums.TryGetValue(tokens[r], out var a) ? (a.Sum + z, a.Count + 1, a.First) : (z, 1, r);
        }
        var typed = sums.Select(kv => (Token: kv.Key, Mean: kv.Value.Sum / kv.Value.Count, kv.Value.Count, kv.Value.First)).ToArray();
        double max = typed.Max(t => t.Mean);
        if (!(max > 0)) return new TopTokens(neuronId, []);
        IEnumerable<TokenScore> words = typed
            .OrderByDescending(t => t.Mean / max).ThenBy(t => t.First)
            .Select(t => new TokenScore(t.Token, t.Mean / max, t.Mean, t.Count))
            .Where(t => t.Score > threshold);
        if (count > 0) words = words.Take(count);
        return new TopTokens(neuronId, words.ToArray());
    }

    /// <summary>The top word types of several neurons (see <see cref="TopWords(ActivationSet, int, int, double?, bool)"/>).</summary>
    /// <param name="activations">Activations with tokens.</param>
    /// <param name="neuronIds">Global neuron ids present in the set.</param>
    /// <param name="count">At most this many types per neuron (0 = all above the threshold).</param>
    /// <param name="minThreshold">Normalised-score threshold (default 0.1; not with a non-zero count).</param>
    /// <param name="byAbsoluteZ">Mean |z| (true, NeuroX) or mean signed z.</param>
    /// <returns>One result per id, in the given order.</returns>
    public static IReadOnlyList<TopTokens> TopWords(ActivationSet activations, IEnumerable<int> neuronIds, int count = 0, double? minThreshold = null, bool byAbsoluteZ = true)
    {
        ArgumentNullException.ThrowIfNull(neuronIds);
        return neuronIds.Select(id => TopWords(activations, id, count, minThreshold, byAbsoluteZ)).ToArray();
    }

    private static int Column(ActivationSet activations, int neuronId)
    {
        for (int j = 0; j < activations.Neurons; j++)
            if (activations.NeuronIds[j] == neuronId) return j;
        throw new ArgumentException($"Neuron {neuronId} is not in this activation set ({activations.Neurons} neurons).", nameof(neuronId));
    }
}
