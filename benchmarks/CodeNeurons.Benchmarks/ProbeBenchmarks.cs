using BenchmarkDotNet.Attributes;
using CodeNeurons.Data;
using CodeNeurons.Interpretation;
using CodeNeurons.Torch.Interpretation;

namespace CodeNeurons.Benchmarks;

/// <summary>
/// Elastic-net probe training as in NeuroX's measured run: 16,000 training rows × 9,984 neurons, 10 classes, 10 epochs,
/// batch 32, Adam lr 1e-3, λ1 = λ2 = 1e-3, rows in order (NeuroX does not shuffle). Seeded Gaussian data with a few
/// informative neurons per class.
/// </summary>
[MemoryDiagnoser]
public class ProbeBenchmarks
{
    private ActivationSet _train = null!;
    private int[] _labels = [];

    /// <summary>Rows × neurons.</summary>
    [ParamsSource(typeof(BenchmarkSizes), nameof(BenchmarkSizes.ProbeSizes))]
    public string Size { get; set; } = "16000x9984";

    /// <summary>Builds the data.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var (rows, n) = BenchmarkSizes.Parse(Size);
        const int classes = 10;
        var rng = new Random(1234);
        var x = new float[(long)rows * n];
        _labels = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            _labels[r] = rng.Next(classes);
            for (int j = 0; j < n; j++)
            {
                double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
                x[(long)r * n + j] = (float)(Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
            }
            for (int i = 0; i < 3; i++) x[(long)r * n + (_labels[r] * 3 + i) % n] += 2f;
        }
        _train = ActivationSet.Create(x, rows, LayerLayout.Flat(n));
    }

    private static ProbeOptions Options => new() { L1 = 1e-3, L2 = 1e-3, Epochs = BenchmarkSizes.Smoke ? 1 : 10, BatchSize = 32, LearningRate = 1e-3, Shuffle = false };

    /// <summary>The TorchSharp probe on the CPU (one libtorch thread, its default).</summary>
    [Benchmark(Baseline = true)]
    public int TorchCpu() => new TorchElasticNetProbe(Options).Fit(_train, _labels).Probe.Neurons;

    /// <summary>The managed float64 probe.</summary>
    [Benchmark]
    public int Managed() => new ManagedElasticNetProbe(Options).Fit(_train, _labels).Probe.Neurons;
}
