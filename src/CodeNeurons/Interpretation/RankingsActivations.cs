using CodeNeurons.Data;

namespace CodeNeurons.Interpretation;

/// <summary>
/// Probeless neuron ranking (Antverg &amp; Belinkov 2022; NeuroX <c>probeless.py</c>): neurons whose class-mean
/// activations differ most rank first. No probe is trained.
/// </summary>
/// <remarks>
/// Only classes that occur in the labels have a mean (as in NeuroX). Means and sums are in double precision.
/// Ties are broken by neuron id ascending (NeuroX's reversed argsort puts the higher column first on ties).
/// </remarks>
public static class ProbelessRanking
{
    /// <summary>
    /// NeuroX <c>probeless.get_neuron_ordering</c>: score(n) = Σ over unordered pairs of present classes
    /// |mean_a(n) − mean_b(n)|, descending.
    /// </summary>
    /// <param name="activations">Activations, one row per labelled token.</param>
    /// <param name="labels">Class index (≥ 0) of each row.</param>
    /// <returns>The ranking of all columns of <paramref name="activations"/> (scores = the pairwise sums).</returns>
    /// <exception cref="ArgumentException">No rows, a label count that differs from the rows, or a negative label.</exception>
    public static NeuronRanking Overall(ActivationSet activations, IReadOnlyList<int> labels)
    {
        var (means, classes) = ClassMeans(activations, labels);
        int n = activations.Neurons;
        var score = new double[n];
        for (int a = 0; a < classes.Length; a++)
            for (int b = a + 1; b < classes.Length; b++)
                for (int j = 0; j < n; j++) score[j] += Math.Abs(means[a][j] - means[b][j]);
        return Rank(RankingMethod.Probeless, activations, score);
    }

    /// <summary>
    /// NeuroX <c>get_neuron_ordering_for_tag</c>: score(n) = Σ over the other present classes c |mean_class(n) − mean_c(n)|, descending.
    /// </summary>
    /// <param name="activations">Activations, one row per labelled token.</param>
    /// <param name="labels">Class index (≥ 0) of each row.</param>
    /// <param name="classIndex">The class to rank for; it must occur in <paramref name="labels"/>.</param>
    /// <returns>The ranking for that class.</returns>
    /// <exception cref="ArgumentException">Bad shapes or labels, or <paramref name="classIndex"/> has no rows.</exception>
    public static NeuronRanking ForClass(ActivationSet activations, IReadOnlyList<int> labels, int classIndex)
    {
        var (means, classes) = ClassMeans(activations, labels);
        int k = Array.IndexOf(classes, classIndex);
        if (k < 0)
            throw new ArgumentException($"Class {classIndex} has no rows in the labels (present classes: {string.Join(", ", classes)}).", nameof(classIndex));
        return Rank(RankingMethod.Probeless, activations, ClassScore(means, k, activations.Neurons));
    }

    /// <summary>
    /// NeuroX <c>get_neuron_ordering_for_all_tags</c>: a ranking per present class and the overall ranking. The overall
    /// scores are the sum of the per-class scores (twice the pairwise sums of <see cref="Overall"/>; same order).
    /// </summary>
    /// <param name="activations">Activations, one row per labelled token.</param>
    /// <param name="labels">Class index of each row, in [0, classNames.Count).</param>
    /// <param name="classNames">Name of each class index.</param>
    /// <returns>The overall ranking and one ranking per class that occurs in the labels, keyed by name.</returns>
    /// <exception cref="ArgumentException">Bad shapes, or a label outside the class names.</exception>
    public static (NeuronRanking Overall, IReadOnlyDictionary<string, NeuronRanking> PerClass) RankAll(
        ActivationSet activations, IReadOnlyList<int> labels, IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        var (means, classes) = ClassMeans(activations, labels);
        if (classes[^1] >= classNames.Count)
            throw new ArgumentException($"Label {classes[^1]} has no name ({classNames.Count} class names).", nameof(classNames));
        int n = activations.Neurons;
        var overall = new double[n];
        var perClass = new Dictionary<string, NeuronRanking>();
        for (int k = 0; k < classes.Length; k++)
        {
            var s = ClassScore(means, k, n);
            for (int j = 0; j < n; j++) overall[j] += s[j];
            perClass[classNames[classes[k]]] = Rank(RankingMethod.Probeless, activations, s);
        }
        return (Rank(RankingMethod.Probeless, activations, overall), perClass);
    }

    private static double[] ClassScore(double[][] means, int k, int n)
    {
        var s = new double[n];
        for (int c = 0; c < means.Length; c++)
        {
            if (c == k) continue;
            for (int j = 0; j < n; j++) s[j] += Math.Abs(means[k][j] - means[c][j]);
        }
        return s;
    }

    /// <summary>Means of the present classes, ascending by class index.</summary>
    private static (double[][] Means, int[] Classes) ClassMeans(ActivationSet activations, IReadOnlyList<int> labels)
    {
        RankingsInputChecks.Check(activations, labels);
        var classes = labels.Distinct().Order().ToArray();
        var slot = classes.Select((c, i) => (c, i)).ToDictionary(t => t.c, t => t.i);
        int n = activations.Neurons;
        var sums = classes.Select(_ => new double[n]).ToArray();
        var counts = new int[classes.Length];
        for (int r = 0; r < activations.Rows; r++)
        {
            int k = slot[labels[r]];
            counts[k]++;
            var row = activations.Row(r);
            var s = sums[k];
            for (int j = 0; j < n; j++) s[j] += row[j];
        }
        for (int k = 0; k < classes.Length; k++)
            for (int j = 0; j < n; j++) sums[k][j] /= counts[k];
        return (sums, classes);
    }

    internal static NeuronRanking Rank(RankingMethod method, ActivationSet activations, double[] score)
    {
        var ids = activations.NeuronIds;
        var cols = Enumerable.Range(0, score.Length).ToArray();
        // Columns are ascending by id, so a stable sort on the score gives ties by id ascending.
        var sorted = cols.OrderByDescending(j => score[j]).ToArray();
        return new NeuronRanking(method, sorted.Select(j => ids[j]).ToArray(), sorted.Select(j => score[j]).ToArray());
    }
}

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

internal static class RankingsInputChecks
{
    public static void Check(ActivationSet activations, IReadOnlyList<int> labels)
    {
        ArgumentNullException.ThrowIfNull(activations);
        ArgumentNullException.ThrowIfNull(labels);
        if (activations.Rows == 0) throw new ArgumentException("The activation set has no rows.", nameof(activations));
        if (labels.Count != activations.Rows)
            throw new ArgumentException($"labels has {labels.Count} entries but the activation set has {activations.Rows} rows.", nameof(labels));
        for (int r = 0; r < labels.Count; r++)
            if (labels[r] < 0) throw new ArgumentException($"labels[{r}] = {labels[r]}; class indices must be ≥ 0.", nameof(labels));
    }
}
