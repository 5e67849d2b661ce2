using BenchmarkDotNet.Attributes;
using CodeNeurons.Redundancy;

namespace CodeNeurons.Benchmarks;

/// <summary>
/// Throughput of <see cref="ManagedGramKernel"/> on T × N activations fed in 4096-row chunks (as the correlation
/// accumulator does). The half product is T·N·(N−1)/2 multiply-adds: 2·that / seconds = FLOP/s.
/// The 20000 × 9984 case (CodeBERT, 13 × 768 neurons) takes about 15–30 s per call on 2 cores: run it only on purpose.
/// </summary>
[MemoryDiagnoser]
public class GramKernelBenchmarks
{
    private const int ChunkRows = 4096;
    private float[] _x = [];
    private double[] _condensed = [];
    private double[] _diagonal = [];
    private ManagedGramKernel _kernel = null!;

    /// <summary>T × N.</summary>
    [ParamsSource(typeof(BenchmarkSizes), nameof(BenchmarkSizes.GramSizes))]
    public string Size { get; set; } = "5000x2000";

    /// <summary>Threads (-1: all cores).</summary>
    [Params(1, -1)]
    public int Threads { get; set; } = -1;

    private int Rows => BenchmarkSizes.Parse(Size).Rows;

    private int Columns => BenchmarkSizes.Parse(Size).Neurons;

    /// <summary>Seeded uniform [−1, 1) data.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(20240601);
        _x = new float[(long)Rows * Columns];
        for (long i = 0; i < _x.LongLength; i++) _x[i] = (float)(rng.NextDouble() * 2 - 1);
        _condensed = new double[(long)Columns * (Columns - 1) / 2];
        _diagonal = new double[Columns];
        _kernel = new ManagedGramKernel(Threads);
    }

    /// <summary>One pass over all rows in 4096-row chunks.</summary>
    [Benchmark]
    public void AddGram()
    {
        int t = Rows, n = Columns;
        for (int r0 = 0; r0 < t; r0 += ChunkRows)
        {
            int rows = Math.Min(ChunkRows, t - r0);
            _kernel.AddGram(_x.AsSpan(r0 * n, rows * n), rows, n, _condensed, _diagonal);
        }
    }
}
