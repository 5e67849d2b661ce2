using CodeNeurons.Data;
using CodeNeurons.Interpretation;

namespace CodeNeurons.Tests.Interpretation;

[TestFixture]
public class RankingsActivationsTests
{
    private static ActivationSet FromRows(double[,] x, IReadOnlyList<int>? ids = null, LayerLayout? layout = null, IReadOnlyList<string>? tokens = null)
    {
        int rows = x.GetLength(0), n = x.GetLength(1);
        var v = new float[rows * n];
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < n; j++) v[r * n + j] = (float)x[r, j];
        layout ??= LayerLayout.Flat(n);
        return ActivationSet.Create(v, rows, layout, ids ?? Enumerable.Range(0, n).ToArray(), tokens);
    }

    [Test]
    public void ProbelessRanksByClassMeanDifferences()
    {
        var acts = FromRows(new double[,] { { 1, 0 }, { 3, 0 }, { 2, 5 }, { 2, 1 } }, [4, 9], LayerLayout.Flat(10));
        var r = ProbelessRanking.Overall(acts, [0, 0, 1, 1]);
        Assert.That(r.Method, Is.EqualTo(RankingMethod.Probeless));
        Assert.That(r.NeuronIds, Is.EqualTo(new[] { 9, 4 }));
        Assert.That(r.Scores, Is.EqualTo(new[] { 3.0, 0 }));
        Assert.That(ProbelessRanking.ForClass(acts, [0, 0, 1, 1], 1).NeuronIds, Is.EqualTo(new[] { 9, 4 }));
        // Equal scores: ids ascending.
        var tie = FromRows(new double[,] { { 0, 0 }, { 1, 1 } });
        Assert.That(ProbelessRanking.Overall(tie, [0, 1]).NeuronIds, Is.EqualTo(new[] { 0, 1 }));
    }

    [Test]
    public void ProbelessMatchesNeuroXReference()
    {
        var doc = RankingsFixture.Load().GetProperty("probeless");
        var acts = FromRows(RankingsFixture.Matrix(doc.GetProperty("x")));
        var y = RankingsFixture.Ints(doc.GetProperty("y"));
        var overall = ProbelessRanking.Overall(acts, y);
        Assert.That(overall.NeuronIds, Is.EqualTo(RankingsFixture.Ints(doc.GetProperty("overall"))));
        var expectedScores = RankingsFixture.Doubles(doc.GetProperty("overall_scores"));
        for (int k = 0; k < overall.Count; k++)
            Assert.That(overall.Scores[k], Is.EqualTo(expectedScores[overall.NeuronIds[k]]).Within(1e-9));
        var (all, perClass) = ProbelessRanking.RankAll(acts, y, ["a", "b", "c", "d"]);
        Assert.That(all.NeuronIds, Is.EqualTo(overall.NeuronIds));
        Assert.That(all.Scores[0], Is.EqualTo(2 * overall.Scores[0]).Within(1e-9));
        string[] names = ["a", "b", "c", "d"];
        for (int t = 0; t < 4; t++)
        {
            var expected = RankingsFixture.Ints(doc.GetProperty("per_tag").GetProperty(t.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(ProbelessRanking.ForClass(acts, y, t).NeuronIds, Is.EqualTo(expected), $"tag {t}");
            Assert.That(perClass[names[t]].NeuronIds, Is.EqualTo(expected));
        }
    }

    [Test]
    public void AveragePrecisionMatchesHandComputedValues()
    {
        Assert.That(IouRanking.AveragePrecision([0.9, 0.8, 0.7, 0.6], [true, false, true, false]), Is.EqualTo(0.5 + 0.5 * 2 / 3.0).Within(1e-12));
        Assert.That(IouRanking.AveragePrecision([1, 1, 0], [true, false, true]), Is.EqualTo(0.25 + 0.5 * 2 / 3.0).Within(1e-12));
        Assert.That(() => IouRanking.AveragePrecision([1, 2], [false, false]), Throws.ArgumentException);
    }

    [Test]
    public void IouRankingMatchesReferenceAndDoesNotModifyInput()
    {
        var doc = RankingsFixture.Load().GetProperty("iou");
        var p = RankingsFixture.Load().GetProperty("probeless");
        var acts = FromRows(RankingsFixture.Matrix(p.GetProperty("x")));
        var before = acts.Values.ToArray();
        var y = RankingsFixture.Ints(p.GetProperty("y"));
        var r = IouRanking.Rank(acts, y, doc.GetProperty("positive").GetInt32(), doc.GetProperty("threshold").GetDouble());
        Assert.That(r.Method, Is.EqualTo(RankingMethod.AveragePrecision));
        Assert.That(r.NeuronIds, Is.EqualTo(RankingsFixture.Ints(doc.GetProperty("ranking"))));
        var scores = RankingsFixture.Doubles(doc.GetProperty("scores"));
        for (int k = 0; k < r.Count; k++)
            Assert.That(r.Scores[k], Is.EqualTo(scores[r.NeuronIds[k]]).Within(1e-12));
        Assert.That(acts.Values.ToArray(), Is.EqualTo(before));
    }

    [Test]
    public void BadActivationInputsThrowClearly()
    {
        var acts = FromRows(new double[,] { { 1, 0 }, { 3, 0 } });
        Assert.Multiple(() =>
        {
            Assert.That(() => ProbelessRanking.Overall(acts, [0]), Throws.ArgumentException.With.Message.Contains("labels has 1"));
            Assert.That(() => ProbelessRanking.Overall(acts, [0, -1]), Throws.ArgumentException.With.Message.Contains("≥ 0"));
            Assert.That(() => ProbelessRanking.ForClass(acts, [0, 0], 3), Throws.ArgumentException.With.Message.Contains("Class 3"));
            Assert.That(() => ProbelessRanking.RankAll(acts, [0, 2], ["a", "b"]), Throws.ArgumentException.With.Message.Contains("no name"));
            Assert.That(() => IouRanking.Rank(acts, [0, 0]), Throws.ArgumentException.With.Message.Contains("positive class"));
            Assert.That(() => IouRanking.Rank(acts, [0, 1], 1, -1), Throws.InstanceOf<ArgumentOutOfRangeException>());
            var empty = ActivationSet.Create([], 0, LayerLayout.Flat(2));
            Assert.That(() => ProbelessRanking.Overall(empty, []), Throws.ArgumentException.With.Message.Contains("no rows"));
        });
    }

    [Test]
    public void TopWordsAreMeanAbsoluteZPerWordTypeNormalisedByTheMaximum()
    {
        var acts = FromRows(new double[,] { { 0, 9 }, { 0, 9 }, { 3, 9 }, { 1, 9 } }, [2, 5], LayerLayout.Create(2, 3), ["a", "a", "b", "c"]);
        var t = TopTokensAnalysis.TopWords(acts, 2);
        Assert.That(t.NeuronId, Is.EqualTo(2));
        Assert.That(t.Words.Select(w => w.Token), Is.EqualTo(new[] { "b", "a" }));
        Assert.That(t.Words[0].Score, Is.EqualTo(1.0).Within(1e-12));
        Assert.That(t.Words[1].Score, Is.EqualTo(0.5).Within(1e-12));
        Assert.That(t.Words[1].MeanZ, Is.EqualTo(1 / Math.Sqrt(1.5)).Within(1e-12));
        Assert.That(t.Words[1].Count, Is.EqualTo(2));
        Assert.That(TopTokensAnalysis.TopWords(acts, 2, minThreshold: 0.6).Words.Select(w => w.Token), Is.EqualTo(new[] { "b" }));
        Assert.That(TopTokensAnalysis.TopWords(acts, 5).Words, Is.Empty, "constant neuron");
        // Signed: "c" has z = 0, "a" negative; only "b" drives the neuron up.
        Assert.That(TopTokensAnalysis.TopWords(acts, 2, byAbsoluteZ: false).Words.Select(w => w.Token), Is.EqualTo(new[] { "b" }));
    }

    [Test]
    public void TopWordTiesKeepFirstOccurrenceOrder()
    {
        var acts = FromRows(new double[,] { { 1 }, { -1 }, { 0 } }, tokens: ["q", "p", "r"]);
        Assert.That(TopTokensAnalysis.TopWords(acts, 0).Words.Select(w => w.Token), Is.EqualTo(new[] { "q", "p" }));
        var many = TopTokensAnalysis.TopWords(acts, [0, 0], count: 1);
        Assert.That(many.Select(m => m.Words.Single().Token), Is.EqualTo(new[] { "q", "q" }));
    }

    [Test]
    public void TopWordsMatchNeuroXReference()
    {
        var p = RankingsFixture.Load().GetProperty("probeless");
        var doc = RankingsFixture.Load().GetProperty("top_words");
        var tokens = doc.GetProperty("tokens").EnumerateArray().Select(e => e.GetString()!).ToArray();
        var acts = FromRows(RankingsFixture.Matrix(p.GetProperty("x")), tokens: tokens);
        int neuron = doc.GetProperty("neuron").GetInt32();
        void Check(string key, TopTokens got)
        {
            var expected = doc.GetProperty(key).EnumerateArray().Select(e => (e[0].GetString(), e[1].GetDouble())).ToArray();
            Assert.That(got.Words.Select(w => w.Token), Is.EqualTo(expected.Select(e => e.Item1)), key);
            Assert.That(got.Words.Select(w => w.Score), Is.EqualTo(expected.Select(e => e.Item2)).Within(1e-9), key);
        }
        Check("default", TopTokensAnalysis.TopWords(acts, neuron));
        Check("threshold_0.5", TopTokensAnalysis.TopWords(acts, neuron, minThreshold: 0.5));
        Check("count_3", TopTokensAnalysis.TopWords(acts, neuron, count: 3));
    }

    [Test]
    public void TopWordsBadInputs()
    {
        var noTokens = FromRows(new double[,] { { 1 }, { 2 } });
        var acts = FromRows(new double[,] { { 1 }, { 2 } }, tokens: ["a", "b"]);
        Assert.That(() => TopTokensAnalysis.TopWords(noTokens, 0), Throws.ArgumentException.With.Message.Contains("no tokens"));
        Assert.That(() => TopTokensAnalysis.TopWords(acts, 7), Throws.ArgumentException.With.Message.Contains("Neuron 7"));
        Assert.That(() => TopTokensAnalysis.TopWords(acts, 0, 2, 0.3), Throws.ArgumentException.With.Message.Contains("not both"));
    }
}
