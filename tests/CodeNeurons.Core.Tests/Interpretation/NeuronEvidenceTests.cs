using CodeNeurons.Data;
using CodeNeurons.Interpretation;

namespace CodeNeurons.Tests.Interpretation;

/// <summary>
/// AUROC, best-threshold precision, Wilson intervals and the random-neuron baseline of <see cref="NeuronEvidence"/>.
/// Reference values: scikit-learn's documented <c>roc_auc_score</c> example, and for the tied example a brute-force
/// count over all (positive, negative) pairs computed offline in Python (scikit-learn was not installed; its
/// <c>roc_auc_score</c> is the same pair statistic): <c>sum((p &gt; n) + 0.5·(p == n)) / (|P|·|N|)</c> = 54.5 / 63.
/// </summary>
public sealed class NeuronEvidenceTests
{
    // 16 rows with ties inside and across classes; 7 positives, 9 negatives.
    private static readonly float[] TiedScores = [0.5f, 1.0f, -0.25f, 0.5f, 2.0f, 0.0f, 0.5f, -1.0f, 1.5f, 0.0f, 0.75f, -0.5f, 1.0f, 0.25f, 0.5f, -0.75f];
    private static readonly bool[] TiedLabels = [true, true, false, false, true, false, true, false, true, true, false, false, true, false, false, false];

    [Test]
    public void AurocMatchesScikitLearnsDocumentedExample()
    {
        // sklearn.metrics.roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.75 (its docstring).
        Assert.That(NeuronEvidence.Auroc([0.1f, 0.4f, 0.35f, 0.8f], [false, false, true, true]), Is.EqualTo(0.75).Within(1e-12));
    }

    [Test]
    public void AurocByHandWithTies()
    {
        // Positives {1, 3} vs negatives {1, 2}: pairs (1>1? tie ½), (1>2? 0), (3>1: 1), (3>2: 1) → 2.5 / 4.
        Assert.That(NeuronEvidence.Auroc([1f, 3f, 1f, 2f], [true, true, false, false]), Is.EqualTo(0.625).Within(1e-12));
        Assert.That(NeuronEvidence.Auroc(TiedScores, TiedLabels), Is.EqualTo(54.5 / 63).Within(1e-12), "brute-force pair count (Python)");
        Assert.That(NeuronEvidence.Auroc(TiedScores, TiedLabels), Is.EqualTo(0.8650793650793651).Within(1e-12));
    }

    [Test]
    public void AurocEqualsABruteForcePairCountOnRandomData([Values(2, 3, 10, 57, 200)] int n)
    {
        var rng = new Random(n);
        var s = Enumerable.Range(0, n).Select(_ => (float)Math.Round(rng.NextDouble() * 4, 1)).ToArray(); // many ties
        var y = Enumerable.Range(0, n).Select(i => i == 0 || (i != 1 && rng.NextDouble() < 0.4)).ToArray();
        double u = 0;
        int p = 0, q = 0;
        for (int i = 0; i < n; i++)
        {
            if (y[i]) p++; else q++;
            if (!y[i]) continue;
            for (int j = 0; j < n; j++)
                if (!y[j]) u += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
        }
        Assert.That(NeuronEvidence.Auroc(s, y), Is.EqualTo(u / (p * q)).Within(1e-12));
    }

    [Test]
    public void AurocEdgeCases()
    {
        Assert.That(NeuronEvidence.Auroc([1f, 2f], [true, true]), Is.NaN, "no negative row");
        Assert.That(NeuronEvidence.Auroc([1f, 1f, 1f], [true, false, false]), Is.EqualTo(0.5), "all tied: chance");
        Assert.That(NeuronEvidence.Auroc([3f, float.NaN, 1f], [true, true, false]), Is.EqualTo(1), "NaN rows are left out");
        Assert.That(NeuronEvidence.Auroc([0f, 1f], [true, false]), Is.EqualTo(0), "fires less on the concept");
        Assert.Throws<ArgumentException>(() => NeuronEvidence.Auroc([1f], [true, false]));
    }

    [Test]
    public void BestThresholdMaximisesF1()
    {
        // Python sweep over every distinct value: best F1 0.75 at score ≥ 0.5 (precision 4/6, recall 6/7).
        var (t, precision, recall) = NeuronEvidence.BestThreshold(TiedScores, TiedLabels);
        Assert.That(t, Is.EqualTo(0.5));
        Assert.That(precision, Is.EqualTo(2.0 / 3).Within(1e-12));
        Assert.That(recall, Is.EqualTo(6.0 / 7).Within(1e-12));
        var negated = TiedScores.Select(v => -v).ToArray();
        var (tn, pn, rn) = NeuronEvidence.BestThreshold(negated, TiedLabels, direction: -1);
        Assert.That((tn, pn, rn), Is.EqualTo((-0.5, precision, recall)), "direction −1 mirrors");
    }

    [Test]
    public void WilsonIntervalMatchesTheFormulaComputedOffline()
    {
        // Python: centre ± half of the Wilson score interval, z = 1.959964.
        var (lo, hi) = NeuronEvidence.WilsonInterval(76, 148);
        Assert.That(lo, Is.EqualTo(0.4336714269548938).Within(1e-12));
        Assert.That(hi, Is.EqualTo(0.5926718394327601).Within(1e-12));
        Assert.That(NeuronEvidence.WilsonInterval(0, 10).High, Is.EqualTo(0.2775328030260577).Within(1e-12));
        Assert.That(NeuronEvidence.WilsonInterval(10, 10).Low, Is.EqualTo(0.7224671969739421).Within(1e-12));
        Assert.That(NeuronEvidence.WilsonInterval(0, 0), Is.EqualTo((0.0, 1.0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => NeuronEvidence.WilsonInterval(5, 4));
    }

    private static (ActivationSet Acts, bool[] IsConcept) Planted(int rows)
    {
        // 2 layers × 20 neurons; neuron 25 (layer 1, unit 5) is +3 on the concept, neuron 7 is −3 on it; the rest is noise.
        var rng = new Random(3);
        var layout = LayerLayout.Create(2, 20);
        var v = new float[rows * 40];
        var isConcept = new bool[rows];
        var tokens = new string[rows];
        for (int r = 0; r < rows; r++)
        {
            isConcept[r] = r % 4 == 0;
            tokens[r] = isConcept[r] ? "c" + (r % 3) : "w" + (r % 5);
            for (int j = 0; j < 40; j++) v[r * 40 + j] = (float)(rng.NextDouble() * 2 - 1);
            if (isConcept[r]) { v[r * 40 + 25] += 3; v[r * 40 + 7] -= 3; }
        }
        return (ActivationSet.Create(v, rows, layout, tokens), isConcept);
    }

    [Test]
    public void ForConceptRanksPlantedNeuronsFirstAgainstARandomBaseline()
    {
        var (acts, isConcept) = Planted(400);
        var e = NeuronEvidence.ForConcept(acts, isConcept, [3, 7, 25, 30], new NeuronEvidenceOptions { RandomNeurons = 30, Seed = 1 });
        Assert.That(e.ConceptRows, Is.EqualTo(100));
        Assert.That(e.RestRows, Is.EqualTo(300));
        Assert.That(e.Neurons.Take(2).Select(n => n.NeuronId), Is.EquivalentTo(new[] { 7, 25 }));
        var up = e.Neurons.Single(n => n.NeuronId == 25);
        var down = e.Neurons.Single(n => n.NeuronId == 7);
        Assert.That((up.Auroc, up.Direction, up.Precision, up.Recall), Is.EqualTo((1.0, 1, 1.0, 1.0)));
        Assert.That((down.Auroc, down.Direction, down.Separation), Is.EqualTo((0.0, -1, 1.0)));
        Assert.That(up.MeanConcept - up.MeanRest, Is.EqualTo(3).Within(0.3));
        Assert.That(up.TopTokens.Select(t => t.Token).Take(3), Is.EquivalentTo(new[] { "c0", "c1", "c2" }), "concept tokens on top");
        Assert.That(down.TopTokens[0].Token, Does.StartWith("c"), "signed by direction: the most negative tokens first");
        Assert.That(up.TopTokens.All(t => t.Count >= 3));
        Assert.That(e.Random!.Neurons, Is.EqualTo(30));
        Assert.That(e.Random.Layers, Is.EqualTo(new[] { 0, 1 }));
        Assert.That(e.Random.Mean, Is.InRange(0.5, 0.6), "random neurons separate at about chance");
        Assert.That(e.Random.Percentile95, Is.GreaterThanOrEqualTo(e.Random.Mean).And.LessThan(0.75));
        var again = NeuronEvidence.ForConcept(acts, isConcept, [3, 7, 25, 30], new NeuronEvidenceOptions { RandomNeurons = 30, Seed = 1 });
        Assert.That(again.Random, Is.EqualTo(e.Random).Using<RandomNeuronBaseline>((a, b) => a.Mean == b.Mean && a.Percentile95 == b.Percentile95), "seeded");
    }

    [Test]
    public void ForConceptValidatesItsInput()
    {
        var (acts, isConcept) = Planted(40);
        Assert.Throws<ArgumentException>(() => NeuronEvidence.ForConcept(acts, isConcept.Take(10).ToArray()));
        Assert.Throws<ArgumentException>(() => NeuronEvidence.ForConcept(acts, new bool[40]));
        var ex = Assert.Throws<ArgumentException>(() => NeuronEvidence.ForConcept(acts, isConcept, [99]));
        Assert.That(ex!.Message, Does.Contain("99"));
        Assert.Throws<ArgumentException>(() => NeuronEvidence.ForConcept(acts, isConcept, null, new NeuronEvidenceOptions { MinTokenCount = 0 }));
    }

    [Test]
    public void PercentileInterpolatesAsNumPy()
    {
        // numpy.percentile([1, 2, 3, 4, 10], 95) == 8.8
        Assert.That(NeuronEvidence.Percentile([10, 1, 3, 2, 4], 0.95), Is.EqualTo(8.8).Within(1e-12));
    }
}
