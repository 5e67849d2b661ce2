using CodeNeurons.Data;
using CodeNeurons.Interpretation;
using CodeNeurons.Redundancy;
using CsCheck;
using static CodeNeurons.Tests.Properties.PropertyRunner;

namespace CodeNeurons.Tests.Properties;

/// <summary>
/// z-scoring and correlation do not see an affine transform a·x + b (a ≠ 0) of one neuron: |z| and |r| are unchanged,
/// z and r change sign with a. Tolerances: the data are float32, so results agree to about 1e-4 relative.
/// </summary>
public sealed class InvarianceProperties
{
    private static readonly string[] Words = ["int", "x", "=", "1", ";", "return", "\"s\"", "(", ")"];

    /// <summary>A set with tokens, one neuron to transform, and the transform (|a| in [0.1, 10], b in [−50, 50]).</summary>
    private static readonly Gen<(ActivationSet Set, int Neuron, double A, double B)> Cases =
        Gen.Select(Gen.Int[4, 60], Gen.Int[1, 6], Gen.Int[0, int.MaxValue], Gen.Double[0.1, 10], Gen.Bool, Gen.Double[-50, 50])
           .Select(t =>
           {
               var (rows, neurons, seed, magnitude, negative, b) = t;
               var rng = new Random(seed);
               var values = TestData.RandomMatrix(rows, neurons, seed);
               var tokens = Enumerable.Range(0, rows).Select(_ => Words[rng.Next(Words.Length)]).ToArray();
               return (ActivationSet.Create(values, rows, LayerLayout.Flat(neurons), tokens), rng.Next(neurons), negative ? -magnitude : magnitude, b);
           });

    private static ActivationSet Transform(ActivationSet set, int neuron, double a, double b)
    {
        var values = set.Values.ToArray();
        for (int r = 0; r < set.Rows; r++) values[r * set.Neurons + neuron] = (float)(a * values[r * set.Neurons + neuron] + b);
        return ActivationSet.Create(values, set.Rows, set.Layout, set.Tokens);
    }

    [Test]
    public void ZScoresAreAffineInvariant() => ForAll(Cases, c =>
    {
        var moved = Transform(c.Set, c.Neuron, c.A, c.B);
        foreach (bool absolute in new[] { true, false })
        {
            var before = TopTokensAnalysis.TopWords(c.Set, c.Neuron, minThreshold: double.NegativeInfinity, byAbsoluteZ: absolute).Words.ToDictionary(w => w.Token, w => w.MeanZ);
            var after = TopTokensAnalysis.TopWords(moved, c.Neuron, minThreshold: double.NegativeInfinity, byAbsoluteZ: absolute).Words.ToDictionary(w => w.Token, w => w.MeanZ);
            Assert.That(after.Keys, Is.EquivalentTo(before.Keys));
            double sign = absolute || c.A > 0 ? 1 : -1;
            foreach (var (token, z) in before)
                Assert.That(after[token], Is.EqualTo(sign * z).Within(1e-3 * (1 + Math.Abs(z))), $"mean {(absolute ? "|z|" : "z")} of '{token}'");
        }
    }, iterations: 150, stream: 21);

    [Test]
    public void CorrelationIsAffineInvariantUpToSign() => ForAll(Cases, c =>
    {
        var moved = Transform(c.Set, c.Neuron, c.A, c.B);
        using var before = new CorrelationAccumulator(c.Set.Neurons);
        using var after = new CorrelationAccumulator(c.Set.Neurons);
        before.Add(c.Set.Values, c.Set.Rows);
        after.Add(moved.Values, moved.Rows);
        for (int j = 0; j < c.Set.Neurons; j++)
        {
            if (j == c.Neuron) continue;
            double r = before.Correlation(c.Neuron, j), r2 = after.Correlation(c.Neuron, j);
            Assert.That(r2, Is.EqualTo(Math.Sign(c.A) * r).Within(1e-4), $"r({c.Neuron}, {j})");
        }
        var d1 = before.ToDistances().Values;
        var d2 = after.ToDistances().Values;
        Assert.That(d2, Is.EqualTo(d1).Within(1e-4), "unsigned distances 1 − |r| are unchanged");
    }, iterations: 150, stream: 22);
}
