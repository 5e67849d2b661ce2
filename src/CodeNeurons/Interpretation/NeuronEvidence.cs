using CodeNeurons.Data;

namespace CodeNeurons.Interpretation;

/// <summary>
/// Statistics a reader can check that say whether a neuron carries a concept: the AUROC of its activation for
/// concept-vs-rest, precision and recall at its best threshold, mean activation on the concept and on the rest, its
/// top tokens by mean activation (with a minimum frequency), against the same AUROC of random neurons of the same layers.
/// Also the Wilson interval of an accuracy.
/// </summary>
/// <remarks>
/// A probe's weight says how much a neuron helps <i>together with the others</i>; it can be large for a neuron that alone
/// barely separates the concept (a correction term). These single-neuron statistics are the evidence behind a
/// "concept neuron" claim (Sharma et al., arXiv 2305.00875, §5; Dalvi et al., EMNLP 2020; Antverg and Belinkov,
/// ICLR 2022 on probeless rankings). AUROC is the Mann–Whitney U statistic divided by (positives · negatives), with
/// average ranks for ties, so it equals scikit-learn's <c>roc_auc_score</c>.
/// </remarks>
public static class NeuronEvidence
{
    /// <summary>
    /// The area under the ROC curve of <paramref name="scores"/> for <paramref name="positive"/> rows against the others:
    /// P(score of a random positive &gt; score of a random negative) + ½·P(equal). Rows with a NaN score are left out.
    /// </summary>
    /// <param name="scores">One score per row.</param>
    /// <param name="positive">Whether each row is positive; same length.</param>
    /// <returns>AUROC in [0, 1]; NaN when there is no positive or no negative row.</returns>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static double Auroc(ReadOnlySpan<float> scores, ReadOnlySpan<bool> positive)
    {
        if (scores.Length != positive.Length)
            throw new ArgumentException($"positive has {positive.Length} rows but scores has {scores.Length}.", nameof(positive));
        var order = SortedRows(scores);
        return AurocSorted(scores, positive, order);
    }

    /// <summary>The Wilson score interval of a binomial proportion (e.g. an accuracy of <paramref name="successes"/> correct rows out of <paramref name="trials"/>).</summary>
    /// <param name="successes">Successes, 0 ≤ successes ≤ trials.</param>
    /// <param name="trials">Trials.</param>
    /// <param name="z">The normal quantile (default 1.959964: a 95 % interval).</param>
    /// <returns>(low, high) in [0, 1]; (0, 1) when there are no trials.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative or successes exceeds trials.</exception>
    public static (double Low, double High) WilsonInterval(int successes, int trials, double z = 1.959964)
    {
        if (trials < 0) throw new ArgumentOutOfRangeException(nameof(trials), trials, "trials must be 0 or more.");
        if (successes < 0 || successes > trials) throw new ArgumentOutOfRangeException(nameof(successes), successes, $"successes must be in [0, {trials}].");
        if (trials == 0) return (0, 1);
        double n = trials, p = successes / n, z2 = z * z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = z / (1 + z2 / n) * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>
    /// The threshold with the highest F1 for detecting <paramref name="positive"/> rows with
    /// <paramref name="direction"/>·score ≥ <paramref name="direction"/>·threshold, and its precision and recall.
    /// </summary>
    /// <param name="scores">One score per row (NaN rows are left out).</param>
    /// <param name="positive">Whether each row is positive.</param>
    /// <param name="direction">+1: high scores mean positive; −1: low scores mean positive.</param>
    /// <returns>The threshold (a score value), precision and recall; NaNs when there is no positive row.</returns>
    /// <exception cref="ArgumentException">The lengths differ or the direction is not ±1.</exception>
    public static (double Threshold, double Precision, double Recall) BestThreshold(ReadOnlySpan<float> scores, ReadOnlySpan<bool> positive, int direction = 1)
    {
        if (scores.Length != positive.Length)
            throw new ArgumentException($"positive has {positive.Length} rows but scores has {scores.Length}.", nameof(positive));
        if (direction is not (1 or -1)) throw new ArgumentException($"direction must be +1 or -1, not {direction}.", nameof(direction));
        return BestThresholdSorted(scores, positive, SortedRows(scores), direction);
    }

    /// <summary>
    /// Evidence for one concept: for each candidate neuron, AUROC, best-threshold precision and recall, mean activation
    /// on the concept and the rest and the top tokens; and the separation of random neurons of the candidates' layers.
    /// </summary>
    /// <param name="activations">Activations, rows × neurons (tokens are needed for top tokens; without them the lists are empty).</param>
    /// <param name="isConcept">Whether each row is the concept; one per row.</param>
    /// <param name="candidates">Global ids of the neurons to measure; null measures every neuron of <paramref name="activations"/>.</param>
    /// <param name="options">Options; null for the defaults.</param>
    /// <param name="cancellationToken">Checked between neurons.</param>
    /// <returns>The evidence, neurons ranked best first.</returns>
    /// <exception cref="ArgumentException">The row counts differ, a candidate is not in the activations, or the concept has no row or all rows.</exception>
    public static ConceptEvidence ForConcept(ActivationSet activations, IReadOnlyList<bool> isConcept, IReadOnlyList<int>? candidates = null,
        NeuronEvidenceOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activations);
        ArgumentNullException.ThrowIfNull(isConcept);
        options ??= new NeuronEvidenceOptions();
        options.Validate();
        if (isConcept.Count != activations.Rows)
            throw new ArgumentException($"isConcept has {isConcept.Count} rows but activations has {activations.Rows}.", nameof(isConcept));
        var positive = isConcept.ToArray();
        int nPos = positive.Count(p => p);
        if (nPos == 0 || nPos == positive.Length)
            throw new ArgumentException($"The concept has {nPos} of {positive.Length} rows; evidence needs rows of the concept and rows of the rest.", nameof(isConcept));
        var column = new Dictionary<int, int>(activations.Neurons);
        for (int j = 0; j < activations.Neurons; j++) column[activations.NeuronIds[j]] = j;
        var ids = (candidates ?? activations.NeuronIds).Distinct().ToArray();
        foreach (int id in ids)
            if (!column.ContainsKey(id)) throw new ArgumentException($"Neuron {id} is not in the activations.", nameof(candidates));

        var values = new float[activations.Rows];
        var measured = new List<NeuronConceptEvidence>(ids.Length);
        foreach (int id in ids)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Column(activations, column[id], values);
            measured.Add(Measure(id, values, positive, activations.Tokens, options));
        }
        var ranked = measured.OrderByDescending(e => e.Separation).ThenByDescending(e => double.IsNaN(e.Precision) ? -1 : e.Precision).ThenBy(e => e.NeuronId).ToArray();

        RandomNeuronBaseline? baseline = null;
        if (options.RandomNeurons > 0)
        {
            var layout = activations.Layout;
            var layers = ids.Select(layout.LayerOf).Distinct().Order().ToArray();
            var pool = activations.NeuronIds.Where(id => layers.Contains(layout.LayerOf(id))).Order().ToArray();
            var rng = new Random(options.Seed);
            rng.Shuffle(pool);
            var drawn = pool.Take(options.RandomNeurons).ToArray();
            var separations = new double[drawn.Length];
            for (int i = 0; i < drawn.Length; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Column(activations, column[drawn[i]], values);
                double a = Auroc(values, positive);
                separations[i] = Math.Max(a, 1 - a);
            }
            baseline = new RandomNeuronBaseline(drawn.Length, layers, separations.Length == 0 ? double.NaN : separations.Average(), Percentile(separations, 0.95));
        }
        return new ConceptEvidence(nPos, positive.Length - nPos, ranked, baseline);
    }

    /// <summary>The q-quantile of <paramref name="values"/> with linear interpolation between order statistics (NumPy's default); NaN when empty.</summary>
    internal static double Percentile(IReadOnlyList<double> values, double q)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToArray();
        double pos = q * (sorted.Length - 1);
        int lo = (int)Math.Floor(pos), hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    private static NeuronConceptEvidence Measure(int id, float[] values, bool[] positive, IReadOnlyList<string>? tokens, NeuronEvidenceOptions options)
    {
        var order = SortedRows(values);
        double auroc = AurocSorted(values, positive, order);
        int direction = !(auroc < 0.5) ? 1 : -1;
        var (threshold, precision, recall) = BestThresholdSorted(values, positive, order, direction);
        double sumC = 0, sumR = 0;
        int nC = 0, nR = 0;
        for (int r = 0; r < values.Length; r++)
        {
            if (float.IsNaN(values[r])) continue;
            if (positive[r]) { sumC += values[r]; nC++; }
            else { sumR += values[r]; nR++; }
        }
        var top = new List<TokenMean>();
        if (tokens is not null && options.TopTokens > 0)
        {
            var sums = new Dictionary<string, (double Sum, int Count)>(StringComparer.Ordinal);
            for (int r = 0; r < values.Length; r++)
            {
                if (float.IsNaN(values[r])) continue;
                string t = tokens[r] ?? "";
                sums.TryGetValue(t, out var s);
                sums[t] = (s.Sum + values[r], s.Count + 1);
            }
            top = sums.Where(kv => kv.Value.Count >= options.MinTokenCount)
                .Select(kv => new TokenMean(kv.Key, kv.Value.Count, kv.Value.Sum / kv.Value.Count))
                .OrderByDescending(t => direction * t.MeanActivation).ThenBy(t => t.Token, StringComparer.Ordinal)
                .Take(options.TopTokens).ToList();
        }
        return new NeuronConceptEvidence(id, auroc, threshold, precision, recall, nC == 0 ? double.NaN : sumC / nC, nR == 0 ? double.NaN : sumR / nR, top);
    }

    private static void Column(ActivationSet activations, int column, float[] destination)
    {
        for (int r = 0; r < activations.Rows; r++) destination[r] = activations[r, column];
    }

    /// <summary>Row indices of the non-NaN scores, ascending by score.</summary>
    private static int[] SortedRows(ReadOnlySpan<float> scores)
    {
        var rows = new List<int>(scores.Length);
        for (int r = 0; r < scores.Length; r++) if (!float.IsNaN(scores[r])) rows.Add(r);
        var order = rows.ToArray();
        var keys = new float[order.Length];
        for (int i = 0; i < order.Length; i++) keys[i] = scores[order[i]];
        Array.Sort(keys, order);
        return order;
    }

    private static double AurocSorted(ReadOnlySpan<float> scores, ReadOnlySpan<bool> positive, int[] order)
    {
        // Mann–Whitney: sum of the positives' (average, for ties) ranks.
        double rankSum = 0;
        long nPos = 0;
        for (int i = 0; i < order.Length;)
        {
            int j = i;
            while (j + 1 < order.Length && scores[order[j + 1]] == scores[order[i]]) j++;
            double averageRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++)
                if (positive[order[k]]) { rankSum += averageRank; nPos++; }
            i = j + 1;
        }
        long nNeg = order.Length - nPos;
        if (nPos == 0 || nNeg == 0) return double.NaN;
        return (rankSum - nPos * (nPos + 1) / 2.0) / ((double)nPos * nNeg);
    }

    private static (double Threshold, double Precision, double Recall) BestThresholdSorted(ReadOnlySpan<float> scores, ReadOnlySpan<bool> positive, int[] order, int direction)
    {
        int nPos = 0;
        foreach (int r in order) if (positive[r]) nPos++;
        if (nPos == 0) return (double.NaN, double.NaN, double.NaN);
        // Walk from the most "concept-like" end; a threshold sits at each distinct value (all tied rows pass together).
        int tp = 0, fp = 0;
        double bestF1 = -1, bestT = double.NaN, bestP = double.NaN, bestR = double.NaN;
        int n = order.Length;
        for (int i = 0; i < n;)
        {
            int idx = direction > 0 ? n - 1 - i : i;
            float v = scores[order[idx]];
            int j = i;
            while (j < n && scores[order[direction > 0 ? n - 1 - j : j]] == v)
            {
                if (positive[order[direction > 0 ? n - 1 - j : j]]) tp++; else fp++;
                j++;
            }
            double f1 = 2.0 * tp / (2.0 * tp + fp + (nPos - tp));
            if (f1 > bestF1)
            {
                bestF1 = f1;
                bestT = v;
                bestP = (double)tp / (tp + fp);
                bestR = (double)tp / nPos;
            }
            i = j;
        }
        return (bestT, bestP, bestR);
    }
}
