using System.Runtime.InteropServices;
using CodeNeurons.Redundancy;
using TorchSharp;
using static TorchSharp.torch;

namespace CodeNeurons.Torch;

/// <summary>
/// A running Σ CᵀC held on the kernel's device as a float64 [n, n] tensor. Each chunk is uploaded once, multiplied
/// in float32 (full product: on a GPU one large GEMM beats half-blocks), widened and added on the device; the upper
/// half is copied to the host in row blocks only when drained.
/// </summary>
internal sealed class TorchGramSession : IGramSession
{
    private const int DrainRows = 1024;
    private readonly TorchGramKernel _kernel;
    private readonly int _n;
    private Tensor? _sum;

    public TorchGramSession(TorchGramKernel kernel, int n)
    {
        _kernel = kernel;
        _n = n;
        // Created in a scope of our own and detached from it, so that a caller's dispose scope never frees it.
        using var scope = torch.NewDisposeScope();
        _sum = torch.zeros([n, n], ScalarType.Float64, kernel.Device).DetachFromDisposeScope();
    }

    private Tensor Sum => _sum ?? throw new ObjectDisposedException(nameof(TorchGramSession));

    public void Add(ReadOnlySpan<float> chunk, int rows, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        if ((long)rows * _n > chunk.Length)
            throw new ArgumentException($"chunk has {chunk.Length} values but {rows} rows × {_n} neurons need {(long)rows * _n}.", nameof(chunk));
        cancellationToken.ThrowIfCancellationRequested();
        if (rows == 0) return;
        var sum = Sum;
        using var scope = torch.NewDisposeScope();
        Tensor c = TorchGramKernel.Upload(chunk, rows, _n);
        if (_kernel.Device.type != DeviceType.CPU) c = c.to(_kernel.Device);
        _kernel.WithTf32(() =>
        {
            using var inner = torch.NewDisposeScope();
            sum.PlusInPlace(c.t().matmul(c).to(ScalarType.Float64));
        });
    }

    public void DrainTo(Span<double> condensed, CancellationToken cancellationToken = default)
    {
        long expected = (long)_n * (_n - 1) / 2;
        if (condensed.Length != expected)
            throw new ArgumentException($"condensed has {condensed.Length} entries but {_n} neurons need {expected}.", nameof(condensed));
        var sum = Sum;
        for (int i0 = 0; i0 < _n; i0 += DrainRows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int h = Math.Min(DrainRows, _n - i0);
            using var scope = torch.NewDisposeScope();
            Tensor block = sum.narrow(0, i0, h).cpu().contiguous();
            ReadOnlySpan<double> values = MemoryMarshal.Cast<byte, double>(block.bytes);
            for (int r = 0; r < h; r++)
            {
                int i = i0 + r, length = _n - i - 1;
                if (length == 0) continue;
                var dst = condensed.Slice(checked((int)((long)_n * i - (long)i * (i + 1) / 2)), length);
                var src = values.Slice(r * _n + i + 1, length);
                for (int k = 0; k < length; k++) dst[k] += src[k];
            }
        }
        using (torch.NewDisposeScope()) sum.zero_();
    }

    public void Dispose()
    {
        _sum?.Dispose();
        _sum = null;
    }
}
