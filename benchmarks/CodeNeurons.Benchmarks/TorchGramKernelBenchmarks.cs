using BenchmarkDotNet.Attributes;
using CodeNeurons.Redundancy;
using CodeNeurons.Torch;
using TorchSharp;

namespace CodeNeurons.Benchmarks;

/// <summary>
/// The TorchSharp Gram kernel on CPU: one full pass over rows×n activations fed in 4096-row chunks, as the
/// correlation accumulator does. Also a raw <c>torch.mm</c> of one chunk (full CᵀC) as the libtorch ceiling.
/// </summary>
/// <remarks>
/// The 20000×9984 size (≈ 2·10¹² flops for the upper half, tens of seconds per pass on a small CPU) is for manual
/// runs only, e.g. <c>--filter *TorchGramKernel* --job short</c> on a big machine; select the small one with
/// <c>--filter *TorchGramKernel*</c> and the BenchmarkDotNet parameter filter, or run it on its own. On a 2-core
/// AMD EPYC (AVX-512) with 2 libtorch threads, a 4096×9984 AddGram took about 5.7 s (≈ 72 GFLOP/s of useful
/// upper-half work), so 20000×9984 is about 28 s; the full 4096-row <c>torch.mm</c> reached about 90 GFLOP/s.
/// </remarks>
[MemoryDiagnoser]
public class TorchGramKernelBenchmarks
{
    private const int ChunkRows = 4096;

    private float[] _data = [];
    private double[] _condensed = [];
    private double[] _diagonal = [];
    private TorchGramKernel _kernel = null!;
    private torch.Tensor? _firstChunk;

    /// <summary>Activations as rows×neurons.</summary>
    [ParamsSource(typeof(BenchmarkSizes), nameof(BenchmarkSizes.GramSizes))]
    public string Size { get; set; } = "5000x2000";

    /// <summary>Columns per block of the kernel.</summary>
    [Params(2048)]
    public int BlockSize { get; set; }

    private int Rows => BenchmarkSizes.Parse(Size).Rows;

    private int N => BenchmarkSizes.Parse(Size).Neurons;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(20240601);
        _data = new float[(long)Rows * N];
        for (long k = 0; k < _data.LongLength; k++) _data[k] = (float)(rng.NextDouble() * 2 - 1);
        _condensed = new double[CondensedDistanceMatrix.LengthFor(N)];
        _diagonal = new double[N];
        _kernel = new TorchGramKernel(new TorchGramKernelOptions { Device = "cpu", BlockSize = BlockSize });
        int first = Math.Min(ChunkRows, Rows);
        _firstChunk = torch.tensor(_data.AsSpan(0, first * N).ToArray(), [first, N]);
    }

    [GlobalCleanup]
    public void Cleanup() => _firstChunk?.Dispose();

    /// <summary>Upper half of CᵀC over all rows, 4096-row chunks, accumulated in double.</summary>
    [Benchmark]
    public double AddGramTorchCpu()
    {
        Array.Clear(_condensed);
        Array.Clear(_diagonal);
        for (int r0 = 0; r0 < Rows; r0 += ChunkRows)
        {
            int k = Math.Min(ChunkRows, Rows - r0);
            _kernel.AddGram(_data.AsSpan(r0 * N, k * N), k, N, _condensed, _diagonal);
        }
        return _diagonal[0];
    }

    /// <summary>Raw libtorch: full CᵀC of the first chunk in float32 (no half-skipping, no copies).</summary>
    [Benchmark]
    public float TorchMmFirstChunk()
    {
        using var scope = torch.NewDisposeScope();
        return _firstChunk!.t().mm(_firstChunk!)[0, 0].item<float>();
    }
}
