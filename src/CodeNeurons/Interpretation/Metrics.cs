namespace CodeNeurons.Interpretation;

/// <summary>
/// Scores of probe predictions: accuracy, per-class accuracy, macro-F1, binary F1, Matthews correlation (classification)
/// and Pearson, Spearman (regression). Definitions follow scikit-learn and SciPy.
/// </summary>
/// <remarks>NeuroX <c>interpretation.metrics</c> offers the same metrics.</remarks>
public static class Metrics
{
    /// <summary>The score <paramref name="metric"/> names.</summary>
    /// <param name="metric">Accuracy, binary F1 (class 1 positive) or macro-F1.</param>
    /// <param name="predicted">Predicted class per row.</param>
    /// <param name="gold">Gold class per row (same length, at least one row).</param>
    /// <returns>The score in [0, 1].</returns>
    /// <exception cref="ArgumentException"><see cref="ProbeMetric.F1"/> with a class id other than 0 or 1 (the message suggests macro-F1), or mismatched rows.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An unknown metric.</exception>
    public static double Score(ProbeMetric metric, IReadOnlyList<int> predicted, IReadOnlyList<int> gold) => metric switch
    {
        ProbeMetric.Accuracy => Accuracy(predicted, gold),
        ProbeMetric.F1 => BinaryF1(CheckBinary(predicted, nameof(predicted)), CheckBinary(gold, nameof(gold))),
        ProbeMetric.MacroF1 => MacroF1(predicted, gold),
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown metric."),
    };

    /// <summary>Throws unless <paramref name="classCount"/> suits <paramref name="metric"/> (F1 needs a binary task).</summary>
    /// <param name="metric">The metric.</param>
    /// <param name="classCount">Classes of the task.</param>
    /// <exception cref="ArgumentException">F1 with more than two classes.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An unknown metric.</exception>
    public static void CheckMetric(ProbeMetric metric, int classCount)
    {
        if (!Enum.IsDefined(metric)) throw new ArgumentOutOfRangeException(nameof(metric), metric, "Unknown metric.");
        if (metric == ProbeMetric.F1 && classCount > 2)
            throw new ArgumentException($"The metric F1 scores binary tasks (class 1 positive) but the task has {classCount} classes; use MacroF1 (\"macroF1\").", nameof(metric));
    }

    private static IReadOnlyList<int> CheckBinary(IReadOnlyList<int> ids, string name)
    {
        ArgumentNullException.ThrowIfNull(ids, name);
        for (int i = 0; i < ids.Count; i++)
            if (ids[i] is not (0 or 1))
                throw new ArgumentException($"{name}[{i}] = {ids[i]}; the metric F1 scores binary tasks (classes 0 and 1); use MacroF1 for more classes.", name);
        return ids;
    }

    /// <summary>Fraction of rows whose prediction equals the gold label.</summary>
    /// <param name="predicted">Predicted class per row.</param>
    /// <param name="gold">Gold class per row (same length, at least one row).</param>
    /// <returns>Accuracy in [0, 1].</returns>
    public static double Accuracy(IReadOnlyList<int> predicted, IReadOnlyList<int> gold)
    {
        Check(predicted, gold);
        int ok = 0;
        for (int i = 0; i < gold.Count; i++) if (predicted[i] == gold[i]) ok++;
        return (double)ok / gold.Count;
    }

    /// <summary>Accuracy within each gold class (recall of the class): correct rows of class c / rows of class c.</summary>
    /// <param name="predicted">Predicted class per row.</param>
    /// <param name="gold">Gold class per row.</param>
    /// <param name="classes">Number of classes C; null uses max(gold, predicted) + 1.</param>
    /// <returns>Length C; NaN for a class with no gold rows.</returns>
    public static double[] PerClassAccuracy(IReadOnlyList<int> predicted, IReadOnlyList<int> gold, int? classes = null)
    {
        var (tp, _, fn, k) = Counts(predicted, gold, classes);
        var acc = new double[k];
        for (int c = 0; c < k; c++) acc[c] = tp[c] + fn[c] == 0 ? double.NaN : (double)tp[c] / (tp[c] + fn[c]);
        return acc;
    }

    /// <summary>Unweighted mean of the per-class F1 over classes present in gold or predictions (scikit-learn <c>average="macro"</c>; a class with no true or predicted rows scores 0 in its F1 only when it appears).</summary>
    /// <param name="predicted">Predicted class per row.</param>
    /// <param name="gold">Gold class per row.</param>
    /// <returns>Macro-F1 in [0, 1].</returns>
    public static double MacroF1(IReadOnlyList<int> predicted, IReadOnlyList<int> gold)
    {
        var (tp, fp, fn, k) = Counts(predicted, gold, null);
        double sum = 0;
        int present = 0;
        for (int c = 0; c < k; c++)
        {
            if (tp[c] + fp[c] + fn[c] == 0) continue;
            present++;
            sum += 2.0 * tp[c] / (2.0 * tp[c] + fp[c] + fn[c]);
        }
        return sum / present;
    }

    /// <summary>F1 of the positive class, 2·TP / (2·TP + FP + FN); 0 when there are no true or predicted positives.</summary>
    /// <param name="predicted">Predicted class per row.</param>
    /// <param name="gold">Gold class per row.</param>
    /// <param name="positive">The positive class (default 1).</param>
    /// <returns>F1 in [0, 1].</returns>
    public static double BinaryF1(IReadOnlyList<int> predicted, IReadOnlyList<int> gold, int positive = 1)
    {
        Check(predicted, gold);
        long tp = 0, fp = 0, fn = 0;
        for (int i = 0; i < gold.Count; i++)
        {
            bool p = predicted[i] == positive, g = gold[i] == positive;
            if (p && g) tp++; else if (p) fp++; else if (g) fn++;
        }
        return tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
    }

    /// <summary>Matthews correlation coefficient, multiclass form (Gorodkin 2004, scikit-learn's <c>matthews_corrcoef</c>); 0 when undefined.</summary>
    /// <param name="predicted">Predicted class per row.</param>
    /// <param name="gold">Gold class per row.</param>
    /// <returns>MCC in [−1, 1].</returns>
    public static double Mcc(IReadOnlyList<int> predicted, IReadOnlyList<int> gold)
    {
        var (tp, fp, fn, k) = Counts(predicted, gold, null);
        double s = gold.Count, c = 0, pp = 0, tt = 0, pt = 0;
        for (int j = 0; j < k; j++)
        {
            c += tp[j];
            double pj = tp[j] + fp[j], tj = tp[j] + fn[j];
            pt += pj * tj; pp += pj * pj; tt += tj * tj;
        }
        double den = Math.Sqrt(s * s - pp) * Math.Sqrt(s * s - tt);
        return den == 0 ? 0 : (c * s - pt) / den;
    }

    /// <summary>Pearson correlation of two equally long series; NaN when either is constant.</summary>
    /// <param name="x">First series (at least two values).</param>
    /// <param name="y">Second series.</param>
    /// <returns>r in [−1, 1].</returns>
    public static double Pearson(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count) throw new ArgumentException($"x has {x.Count} values but y has {y.Count}.", nameof(y));
        if (x.Count < 2) throw new ArgumentException("Correlation needs at least two values.", nameof(x));
        double mx = x.Average(), my = y.Average(), sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.Count; i++)
        {
            double dx = x[i] - mx, dy = y[i] - my;
            sxy += dx * dy; sxx += dx * dx; syy += dy * dy;
        }
        return sxx == 0 || syy == 0 ? double.NaN : Math.Clamp(sxy / Math.Sqrt(sxx * syy), -1, 1);
    }

    /// <summary>Spearman rank correlation: Pearson of the ranks, ties given their average rank (SciPy's <c>spearmanr</c>).</summary>
    /// <param name="x">First series.</param>
    /// <param name="y">Second series.</param>
    /// <returns>ρ in [−1, 1]; NaN when either is constant.</returns>
    public static double Spearman(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count) throw new ArgumentException($"x has {x.Count} values but y has {y.Count}.", nameof(y));
        return Pearson(Ranks(x), Ranks(y));
    }

    private static double[] Ranks(IReadOnlyList<double> v)
    {
        for (int i = 0; i < v.Count; i++) if (double.IsNaN(v[i])) throw new ArgumentException($"Value {i} is NaN.", nameof(v));
        var idx = Enumerable.Range(0, v.Count).OrderBy(i => v[i]).ToArray();
        var r = new double[v.Count];
        for (int a = 0; a < idx.Length;)
        {
            int b = a;
            while (b + 1 < idx.Length && v[idx[b + 1]] == v[idx[a]]) b++;
            double avg = (a + b) / 2.0 + 1;
            for (int t = a; t <= b; t++) r[idx[t]] = avg;
            a = b + 1;
        }
        return r;
    }

    private static void Check(IReadOnlyList<int> predicted, IReadOnlyList<int> gold)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(gold);
        if (predicted.Count != gold.Count) throw new ArgumentException($"predicted has {predicted.Count} rows but gold has {gold.Count}.", nameof(predicted));
        if (gold.Count == 0) throw new ArgumentException("There are no rows to score.", nameof(gold));
    }

    private static (long[] Tp, long[] Fp, long[] Fn, int Classes) Counts(IReadOnlyList<int> predicted, IReadOnlyList<int> gold, int? classes)
    {
        Check(predicted, gold);
        int k = classes ?? Math.Max(predicted.Max(), gold.Max()) + 1;
        var tp = new long[k]; var fp = new long[k]; var fn = new long[k];
        for (int i = 0; i < gold.Count; i++)
        {
            int p = predicted[i], g = gold[i];
            if ((uint)p >= (uint)k || (uint)g >= (uint)k)
                throw new ArgumentException($"Row {i} has predicted class {p} and gold class {g}; classes must be in [0, {k}).", nameof(predicted));
            if (p == g) tp[p]++;
            else { fp[p]++; fn[g]++; }
        }
        return (tp, fp, fn, k);
    }
}
