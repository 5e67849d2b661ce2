using CodeNeurons.Data;

namespace CodeNeurons.Interpretation;

/// <summary>
/// The IoU / average-precision ranking (NeuroX <c>iou_probe.get_neuron_ordering</c>, after Mu &amp; Andreas 2020):
/// activations with |a| below a threshold count as 0, and each neuron is scored by the average precision of its
/// activation as a detector of one class.
/// </summary>
/// <remarks>
/// Unlike NeuroX, the input is not modified (NeuroX zeroes small values of <c>X_train</c> in place). Average precision
/// is scikit-learn's <c>average_precision_score</c>: Σ_k (R_k − R_{k−1}) P_k over the distinct activation values in
/// descending order. NeuroX passes the raw labels, which scikit-learn accepts only when binary; here the positive class
/// is explicit and every other label is negative. Ties in the ranking are broken by neuron id ascending.
/// </remarks>
public static class IouRanking
{
    /// <summary>Ranks all columns by the average precision of their thresholded activations for <paramref name="positiveClass"/>.</summary>
    /// <param name="activations">Activations, one row per labelled token.</param>
    /// <param name="labels">Class index of each row.</param>
    /// <param name="positiveClass">The class that counts as positive (for 0/1 labels, 1).</param>
    /// <param name="threshold">Activations with |a| &lt; threshold are treated as 0 (NeuroX default 0.05; ≥ 0).</param>
    /// <returns>The ranking; scores are the average precisions.</returns>
    /// <exception cref="ArgumentException">Bad shapes or labels, or no row has the positive class.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is negative or not finite.</exception>
    public static NeuronRanking Rank(ActivationSet activations, IReadOnlyList<int> labels, int positiveClass = 1, double threshold = 0.05)
    {
        RankingsInputChecks.Check(activations, labels);
        if (!(threshold >= 0) || double.IsInfinity(threshold))
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "threshold must be a finite number ≥ 0.");
        int rows = activations.Rows, n = activations.Neurons;
        var positive = new bool[rows];
        int positives = 0;
        for (int r = 0; r < rows; r++)
        {
            positive[r] = labels[r] == positiveClass;
            if (positive[r]) positives++;
        }
        if (positives == 0)
            throw new ArgumentException($"No row has the positive class {positiveClass}; average precision is undefined.", nameof(labels));
        var scores = new double[n];
        var column = new double[rows];
        var order = new int[rows];
        var values = activations.Values;
        for (int j = 0; j < n; j++)
        {
            for (int r = 0; r < rows; r++)
            {
                double v = values[r * n + j];
                column[r] = Math.Abs(v) < threshold ? 0 : v;
                order[r] = r;
            }
            scores[j] = AveragePrecision(column, positive, positives, order);
        }
        return ProbelessRanking.Rank(RankingMethod.AveragePrecision, activations, scores);
    }

    /// <summary>scikit-learn's <c>average_precision_score</c> for binary targets.</summary>
    /// <param name="scores">Detector score per sample.</param>
    /// <param name="positive">Whether each sample is positive.</param>
    /// <returns>The average precision in [0, 1].</returns>
    /// <exception cref="ArgumentException">Lengths differ, there are no samples, or no positive sample.</exception>
    public static double AveragePrecision(IReadOnlyList<double> scores, IReadOnlyList<bool> positive)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(positive);
        if (scores.Count != positive.Count)
            throw new ArgumentException($"{scores.Count} scores but {positive.Count} targets.", nameof(positive));
        int p = positive.Count(b => b);
        if (p == 0) throw new ArgumentException("Average precision needs at least one positive sample.", nameof(positive));
        return AveragePrecision(scores.ToArray(), positive.ToArray(), p, Enumerable.Range(0, scores.Count).ToArray());
    }

    private static double AveragePrecision(double[] score, bool[] positive, int positives, int[] order)
    {
        Array.Sort(order, (a, b) => score[b].CompareTo(score[a]));
        double ap = 0, prevRecall = 0;
        int tp = 0, fp = 0;
        for (int k = 0; k < order.Length; k++)
        {
            if (positive[order[k]]) tp++; else fp++;
            bool lastOfGroup = k == order.Length - 1 || score[order[k + 1]] != score[order[k]];
            if (!lastOfGroup) continue;
            double recall = (double)tp / positives;
            ap += (recall - prevRecall) * tp / (tp + fp);
            prevRecall = recall;
        }
        return ap;
    }
}
