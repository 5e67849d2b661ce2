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
