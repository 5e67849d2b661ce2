using CodeNeurons.Analysis;
using CodeNeurons.Concepts;
using CodeNeurons.Data;
using CodeNeurons.Interpretation;

namespace CodeNeurons.Tests.Analysis;

public class SelectivityTests
{
    /// <summary>Rows whose class shows in two neurons; word types are many per class, so memorising types does not help on new types.</summary>
    private static (ActivationSet Set, int[] Labels) Data(int rows, int seed, int typeOffset)
    {
        var rng = new Random(seed);
        int n = 12;
        var x = new float[rows * n];
        var y = new int[rows];
        var tokens = new string[rows];
        for (int r = 0; r < rows; r++)
        {
            y[r] = rng.Next(3);
            tokens[r] = $"w{typeOffset + rng.Next(200)}";
            for (int j = 0; j < n; j++) x[r * n + j] = (float)TestData.Gaussian(rng);
            x[r * n + y[r]] += 3f;
            x[r * n + 3 + y[r]] += 3f;
        }
        return (ActivationSet.Create(x, rows, LayerLayout.Flat(n), tokens), y);
    }

    [Test]
    public void ConceptProbeIsSelectiveAndControlTaskIsNearChance()
    {
        var (train, yTrain) = Data(1500, 1, 0);
        var (test, yTest) = Data(500, 2, 1000);   // unseen word types
        var probe = new ManagedElasticNetProbe(new ProbeOptions { Epochs = 5, LearningRate = 0.01, Seed = 3 });
        var result = PositionalShims.Measure(probe, train, yTrain, test, yTest, new ControlTaskOptions { Seed = 4 });
        Assert.That(result.TaskAccuracy, Is.GreaterThan(0.9));
        Assert.That(result.ControlAccuracy, Is.LessThan(0.5), "random type labels cannot be predicted on unseen types");
        Assert.That(result.Selectivity, Is.EqualTo(result.TaskAccuracy - result.ControlAccuracy));
        Assert.That(result.Selectivity, Is.GreaterThan(0.4));
    }

    [Test]
    public void MissingTokensAndMismatchedLabelsAreNamed()
    {
        var (train, y) = Data(50, 1, 0);
        var plain = ActivationSet.Create(train.Values.ToArray(), train.Rows, train.Layout);
        var probe = new ManagedElasticNetProbe(new ProbeOptions { Epochs = 1 });
        Assert.That(() => PositionalShims.Measure(probe, plain, y, plain, y), Throws.ArgumentException.With.Message.Contains("no tokens"));
        var labelled = new LabeledActivations(train, ClassLabels.FromIds(y));
        Assert.That(() => SelectivityAnalysis.Measure(probe, labelled, ClassLabels.FromIds(new int[3]), labelled, labelled.Labels), Throws.ArgumentException.With.Message.Contains("controlTrain"));
    }
}
