using CodeNeurons.Interpretation;

namespace CodeNeurons.Tests.Interpretation;

[TestFixture]
public sealed class ProbeMetricsTests
{
    // gold/pred worked by hand: confusion (rows gold, cols pred) = [[2,1,0],[0,2,1],[1,0,1]], 8 rows.
    private static readonly int[] Gold = [0, 0, 0, 1, 1, 1, 2, 2];
    private static readonly int[] Pred = [0, 0, 1, 1, 1, 2, 0, 2];

    [Test]
    public void ClassificationMetricsMatchHandComputedValues()
    {
        Assert.That(Metrics.Accuracy(Pred, Gold), Is.EqualTo(5.0 / 8).Within(1e-12));
        Assert.That(Metrics.PerClassAccuracy(Pred, Gold), Is.EqualTo(new[] { 2.0 / 3, 2.0 / 3, 0.5 }).Within(1e-12));
        // F1: class0 tp2 fp1 fn1 → 4/6; class1 tp2 fp1 fn1 → 4/6; class2 tp1 fp1 fn1 → 2/4.
        Assert.That(Metrics.MacroF1(Pred, Gold), Is.EqualTo((4.0 / 6 + 4.0 / 6 + 0.5) / 3).Within(1e-12));
        // sklearn matthews_corrcoef: c=5, s=8, p=[3,3,2], t=[3,3,2] → (40−22)/(64−22) = 18/42.
        Assert.That(Metrics.Mcc(Pred, Gold), Is.EqualTo(18.0 / 42).Within(1e-12));
    }

    [Test]
    public void BinaryF1AndMccMatchThe2x2Formulas()
    {
        int[] gold = [1, 1, 1, 0, 0, 0, 0, 1];
        int[] pred = [1, 1, 0, 0, 0, 1, 0, 1];
        // tp3 fp1 fn1 tn3.
        Assert.That(Metrics.BinaryF1(pred, gold), Is.EqualTo(6.0 / 8).Within(1e-12));
        Assert.That(Metrics.Mcc(pred, gold), Is.EqualTo((9.0 - 1) / Math.Sqrt(4.0 * 4 * 4 * 4)).Within(1e-12));
        Assert.That(Metrics.BinaryF1([0, 0], [0, 0]), Is.Zero);
        Assert.That(Metrics.Mcc([0, 0], [0, 1]), Is.Zero);
    }

    [Test]
    public void PearsonAndSpearmanMatchScipy()
    {
        double[] x = [1, 2, 3, 4, 5];
        double[] y = [2, 1, 4, 3, 7];
        // scipy.stats.pearsonr → 0.824163383692134; spearmanr → 0.8.
        Assert.That(Metrics.Pearson(x, y), Is.EqualTo(0.824163383692134).Within(1e-12));
        Assert.That(Metrics.Spearman(x, y), Is.EqualTo(0.8).Within(1e-12));
        // ties: ranks of [1,2,2,3] = [1,2.5,2.5,4]; spearmanr([1,2,2,3],[1,2,3,4]) = 0.9486832980505138.
        Assert.That(Metrics.Spearman([1, 2, 2, 3], [1, 2, 3, 4]), Is.EqualTo(0.9486832980505138).Within(1e-12));
        Assert.That(Metrics.Pearson([1, 1, 1], [1, 2, 3]), Is.NaN);
    }

    [Test]
    public void MismatchedLengthsAreRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => Metrics.Accuracy([0, 1], [0]));
        Assert.That(e!.Message, Does.Contain("2 rows").And.Contain("1"));
        Assert.Throws<ArgumentException>(() => Metrics.Pearson([1, 2], [1]));
    }
}
