using BenchmarkDotNet.Attributes;
using CodeNeurons.Torch.Models;
using TorchSharp;

namespace CodeNeurons.Benchmarks;

/// <summary>
/// Hidden states of a CodeBERT-size RoBERTa (12 layers, hidden 768, vocab 50265, random seeded weights) on the CPU:
/// one forward pass with every layer's output copied to managed memory, as extraction does. Tokens/s = batch × length / time.
/// </summary>
[MemoryDiagnoser]
public class ExtractionBenchmarks
{
    private IHiddenStatesModel _model = null!;
    private long[,] _ids = null!;
    private long[,] _mask = null!;

    /// <summary>Batch × sequence length.</summary>
    [ParamsSource(typeof(BenchmarkSizes), nameof(BenchmarkSizes.ExtractionSizes))]
    public string Shape { get; set; } = "4x128";

    /// <summary>Builds the random model and a random batch.</summary>
    [GlobalSetup]
    public void Setup() => (_model, _ids, _mask) = RandomModelAndBatch(Shape);

    /// <summary>The CodeBERT-size random RoBERTa (tiny under <see cref="BenchmarkSizes.Smoke"/>) and a seeded random batch of <paramref name="shape"/>.</summary>
    internal static (IHiddenStatesModel Model, long[,] Ids, long[,] Mask) RandomModelAndBatch(string shape)
    {
        var (batch, length) = BenchmarkSizes.Parse(shape);
        bool smoke = BenchmarkSizes.Smoke;
        int hidden = smoke ? 32 : 768, layers = smoke ? 2 : 12, intermediate = smoke ? 64 : 3072, vocab = smoke ? 640 : 50265, heads = smoke ? 4 : 12;
        var model = RandomRoberta.Create(layers, hidden, heads, intermediate, vocab, 20261126, torch.CPU, torch.ScalarType.Float32);
        var rng = new Random(20261127);
        var ids = new long[batch, length];
        var mask = new long[batch, length];
        for (int b = 0; b < batch; b++)
        {
            ids[b, 0] = 0;
            for (int t = 1; t < length - 1; t++) ids[b, t] = rng.Next(3, vocab);
            ids[b, length - 1] = 2;
            for (int t = 0; t < length; t++) mask[b, t] = 1;
        }
        return (model, ids, mask);
    }

    /// <summary>Frees the model.</summary>
    [GlobalCleanup]
    public void Cleanup() => _model.Dispose();

    /// <summary>One forward pass returning every hidden state (13 × batch × length × 768 floats).</summary>
    [Benchmark]
    public int HiddenStatesCpu() => _model.Forward(_ids, _mask).LayerCount;
}
