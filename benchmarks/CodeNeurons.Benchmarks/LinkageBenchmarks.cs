using BenchmarkDotNet.Attributes;
using CodeNeurons.Redundancy;

namespace CodeNeurons.Benchmarks;

/// <summary>Hierarchy construction (SciPy-equivalent linkage) over N neurons, and cutting it at 9 thresholds.</summary>
[MemoryDiagnoser]
public class LinkageBenchmarks
{
    private CondensedDistanceMatrix _distances = null!;
    private Dendrogram _hierarchy = null!;

    /// <summary>Number of neurons N.</summary>
    [ParamsSource(typeof(BenchmarkSizes), nameof(BenchmarkSizes.LinkageSizes))]
    public int Neurons { get; set; }

    /// <summary>The linkage method.</summary>
    [Params(LinkageMethod.Average, LinkageMethod.Complete, LinkageMethod.Single)]
    public LinkageMethod Method { get; set; }

    /// <summary>Seeded distances shaped like 1 − |r| of real activations (mostly near 1, a few close pairs).</summary>
    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(7);
        var values = new double[CondensedDistanceMatrix.LengthFor(Neurons)];
        for (long k = 0; k < values.LongLength; k++)
        {
            double u = rng.NextDouble();
            values[k] = u < 0.001 ? 0.5 * rng.NextDouble() : 0.8 + 0.2 * rng.NextDouble();
        }
        _distances = new CondensedDistanceMatrix(Neurons, values);
        _hierarchy = HierarchicalClustering.Build(_distances, Method);
    }

    /// <summary>Builds the hierarchy.</summary>
    [Benchmark]
    public Dendrogram Build() => HierarchicalClustering.Build(_distances, Method);

    /// <summary>Cuts the hierarchy at 0.1 … 0.9.</summary>
    [Benchmark]
    public int CutNine()
    {
        int sum = 0;
        for (int k = 1; k <= 9; k++) sum += _hierarchy.Cut(k / 10.0)[0];
        return sum;
    }
}
