using CodeNeurons.Concepts;

namespace CodeNeurons.Tests.Concepts;

[TestFixture]
public class ControlTaskTests
{
    private static (string[] Tokens, string[] Labels) Train()
    {
        // 60% A, 30% B, 10% C over the tokens.
        var rng = new Random(11);
        var tokens = new string[5000];
        var labels = new string[5000];
        for (int i = 0; i < tokens.Length; i++)
        {
            tokens[i] = "w" + rng.Next(800);
            labels[i] = i % 10 < 6 ? "A" : i % 10 < 9 ? "B" : "C";
        }
        return (tokens, labels);
    }

    [Test]
    public void EmpiricalDistributionIsTheTrainLabelFrequency()
    {
        var (t, l) = Train();
        var ct = ControlTask.Create(t, l);
        Assert.That(ct.Classes, Is.EqualTo(new[] { "A", "B", "C" }));
        Assert.That(ct.Probabilities, Is.EqualTo(new[] { 0.6, 0.3, 0.1 }).Within(1e-12));
        var u = ControlTask.Create(t, l, new ControlTaskOptions { Distribution = ControlDistribution.Uniform });
        Assert.That(u.Probabilities, Is.EqualTo(new[] { 1 / 3.0, 1 / 3.0, 1 / 3.0 }).Within(1e-12));
    }

    [Test]
    public void LabelsAreFixedPerWordType()
    {
        var (t, l) = Train();
        var ct = ControlTask.Create(t, l, new ControlTaskOptions { Seed = 4 });
        var labels = ct.Apply(t);
        var byType = new Dictionary<string, string>();
        for (int i = 0; i < t.Length; i++)
        {
            if (byType.TryGetValue(t[i], out var prev)) Assert.That(labels[i], Is.EqualTo(prev), t[i]);
            else byType[t[i]] = labels[i];
        }
        Assert.That(ct.TrainTypeLabels, Is.EquivalentTo(byType));
        // Unseen types are stable too, across instances built from other data.
        var other = ControlTask.Create(["q", "r"], ["A", "B"], new ControlTaskOptions { Seed = 4, Distribution = ControlDistribution.Uniform });
        var again = ControlTask.Create(["z"], ["A"], new ControlTaskOptions { Seed = 4 });
        Assert.That(ct.LabelOf("neverSeen"), Is.EqualTo(ControlTask.Create(t, l, new ControlTaskOptions { Seed = 4 }).LabelOf("neverSeen")));
        Assert.That(other.LabelOf("neverSeen"), Is.EqualTo(ControlTask.Create(["x", "y"], ["A", "B"], other.Options).LabelOf("neverSeen")));
        Assert.That(again.LabelOf("anything"), Is.EqualTo("A"));
    }

    [Test]
    public void DifferentSeedsGiveDifferentMaps()
    {
        var (t, l) = Train();
        var a = ControlTask.Create(t, l, new ControlTaskOptions { Seed = 1 }).Apply(t);
        var b = ControlTask.Create(t, l, new ControlTaskOptions { Seed = 1 }).Apply(t);
        var c = ControlTask.Create(t, l, new ControlTaskOptions { Seed = 2 }).Apply(t);
        Assert.That(a, Is.EqualTo(b));
        Assert.That(a, Is.Not.EqualTo(c));
    }

    [TestCase(ControlDistribution.Empirical)]
    [TestCase(ControlDistribution.Uniform)]
    public void TypeLabelsFollowTheDistribution(ControlDistribution distribution)
    {
        var (t, l) = Train();
        var ct = ControlTask.Create(t, l, new ControlTaskOptions { Distribution = distribution, Seed = 9 });
        const int types = 20000;
        var observed = new double[3];
        for (int i = 0; i < types; i++) observed[ct.ClassIdOf("type" + i)]++;
        double chi2 = 0;
        for (int k = 0; k < 3; k++)
        {
            double expected = types * ct.Probabilities[k];
            chi2 += (observed[k] - expected) * (observed[k] - expected) / expected;
        }
        // 2 degrees of freedom: P(χ² > 13.8) = 0.001.
        Assert.That(chi2, Is.LessThan(13.8), string.Join(", ", observed));
    }

    [Test]
    public void AppliesToSplits()
    {
        var corpus = ConceptTestData.Corpus();
        var ds = ProbingDatasetBuilder.Build(corpus, ConceptTestData.Options());
        var ct = ControlTask.Create(ds.Train, new ControlTaskOptions { Seed = 3 });
        Assert.That(ct.Classes, Is.EqualTo(ds.ClassNames));
        Assert.That(ct.Probabilities, Is.EqualTo(new[] { 1 / 3.0, 1 / 3.0, 1 / 3.0 }).Within(1e-12), "balanced train split");
        var test = ct.Apply(ds.Test);
        Assert.That(test.RowIndices, Is.EqualTo(ds.Test.RowIndices));
        for (int i = 0; i < test.Count; i++)
            Assert.That(test.ClassNames[test.Labels[i]], Is.EqualTo(ct.LabelOf(test.Tokens[i])));
    }

    [Test]
    public void BadInputs()
    {
        Assert.That(() => ControlTask.Create([], []), Throws.ArgumentException.With.Message.Contains("at least one"));
        Assert.That(() => ControlTask.Create(["a"], ["A", "B"]), Throws.ArgumentException.With.Message.Contains("1 train tokens but 2 labels"));
    }
}
