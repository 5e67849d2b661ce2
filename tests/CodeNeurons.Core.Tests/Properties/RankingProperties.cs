using CodeNeurons.Data;
using CodeNeurons.Interpretation;
using CsCheck;
using static CodeNeurons.Tests.Properties.PropertyRunner;

namespace CodeNeurons.Tests.Properties;

/// <summary>Every ranking is a permutation of the neurons it was given (no neuron lost, none repeated), whatever the ties.</summary>
public sealed class RankingProperties
{
    /// <summary>Weights [classes, neurons] with zeros and ties, and distinct neuron ids in random order.</summary>
    private static readonly Gen<(double[,] Weights, int[] Ids)> WeightCases =
        Gen.Select(Gen.Int[1, 5], Gen.Int[1, 40], Gen.Int[0, int.MaxValue]).Select(t =>
        {
            var (classes, neurons, seed) = t;
            var rng = new Random(seed);
            var w = new double[classes, neurons];
            for (int c = 0; c < classes; c++)
                for (int j = 0; j < neurons; j++)
                    w[c, j] = rng.Next(4) switch { 0 => 0, 1 => rng.Next(-2, 3), _ => TestData.Gaussian(rng) };
            if (w.Cast<double>().All(v => v == 0)) w[0, 0] = 1;
            var ids = Enumerable.Range(0, neurons * 3).OrderBy(_ => rng.Next()).Take(neurons).ToArray();
            return (w, ids);
        });

    private static void AssertPermutation(NeuronRanking ranking, IReadOnlyList<int> ids)
    {
        Assert.That(ranking.NeuronIds, Is.EquivalentTo(ids));
        Assert.That(ranking.NeuronIds, Is.Unique);
        Assert.That(ranking.Scores, Has.Count.EqualTo(ids.Count));
        Assert.That(ranking.Top(ids.Count).Concat(ranking.Bottom(0)), Is.EquivalentTo(ids));
    }

    [Test]
    public void WeightMassOrderingIsAPermutation() => ForAll(WeightCases, c =>
    {
        AssertPermutation(WeightMassRanking.Ordering(c.Weights, c.Ids), c.Ids);
        AssertPermutation(WeightMassRanking.Ordering(c.Weights, c.Ids, searchStride: 7), c.Ids);
        AssertPermutation(WeightMassRanking.OrderingGranular(c.Weights, c.Ids, granularity: 3), c.Ids);
    }, iterations: 200, stream: 31);

    private static readonly Gen<(ActivationSet Set, int[] Labels, int Seed)> ProbeCases =
        Gen.Select(Gen.Int[6, 40], Gen.Int[1, 12], Gen.Int[2, 4], Gen.Int[0, int.MaxValue]).Select(t =>
        {
            var (rows, neurons, classes, seed) = t;
            var rng = new Random(seed);
            var labels = Enumerable.Range(0, rows).Select(r => r < classes ? r : rng.Next(classes)).ToArray();
            var values = TestData.RandomMatrix(rows, neurons, seed);
            return (ActivationSet.Create(values, rows, LayerLayout.Flat(neurons)), labels, seed);
        });

    [Test]
    public void ProbeAndProbelessRankingsArePermutations() => ForAll(ProbeCases, c =>
    {
        var probe = new ManagedElasticNetProbe(new ProbeOptions { Epochs = 2, Seed = c.Seed, L1 = 1e-3, L2 = 1e-3 }).Fit(c.Set, c.Labels);
        AssertPermutation(WeightMassRanking.Ordering(probe.Probe.GetWeights(), c.Set.NeuronIds), c.Set.NeuronIds);
        AssertPermutation(ProbelessRanking.Overall(c.Set, c.Labels), c.Set.NeuronIds);
        AssertPermutation(ProbelessRanking.ForClass(c.Set, c.Labels, 1), c.Set.NeuronIds);
    }, iterations: 40, stream: 32);
}
