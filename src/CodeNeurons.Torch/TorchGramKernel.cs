using System.Numerics;
using System.Runtime.InteropServices;
using CodeNeurons.Redundancy;
using TorchSharp;
using static TorchSharp.torch;

namespace CodeNeurons.Torch;

/// <summary>
/// A TorchSharp Gram kernel (CPU or CUDA): float32 matrix products by column blocks, accumulated in double.
/// </summary>
/// <remarks>
/// <para>
/// For each column block I = [s, e) it computes <c>C[:, I]ᵀ · C[:, s:]</c>, a [e−s, n−s] float32 block that holds rows
/// s..e−1 of the upper half of CᵀC (plus a small triangle below the diagonal inside the block, which is ignored). Each
/// block row is added straight into its run of the condensed accumulator. Every block runs in its own
/// <c>torch.NewDisposeScope()</c>, so peak extra memory is the uploaded chunk plus one block.
/// </para>
/// <para>
/// Products are float32 (on CUDA optionally TF32): with r rows the error of an entry is of order
/// √r·2⁻²⁴·√(d_i·d_j), where d are the diagonal entries. Only the accumulation across calls is in double.
/// </para>
/// <para>Not thread-safe: use one instance per thread.</para>
/// </remarks>
public sealed class TorchGramKernel : IGramSessionKernel
{
    /// <summary>Elements per host-upload slab; internal so tests can exercise the multi-slab path.</summary>
    internal static int UploadSlabElements { get; set; } = 1 << 28;

    /// <summary>Creates the kernel.</summary>
    /// <param name="options">Settings; null for the defaults (CPU, block size 2048).</param>
    /// <exception cref="ArgumentException">The device string or block size is invalid.</exception>
    /// <exception cref="NotSupportedException">CUDA was asked for but is not available (the message names the package to add).</exception>
    public TorchGramKernel(TorchGramKernelOptions? options = null)
    {
        Options = options ?? new TorchGramKernelOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.BlockSize, 1, nameof(options));
        if (Options.NumThreads is int t)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(t, 1, nameof(options));
            torch.set_num_threads(t);
        }
        Device = TorchDevices.Resolve(Options.Device);
        Name = Device.type == DeviceType.CPU ? "torch-cpu" : $"torch-{Device}";
    }

    /// <summary>Creates the kernel on <paramref name="device"/> with default settings otherwise.</summary>
    /// <param name="device"><c>"cpu"</c>, <c>"cuda"</c>, <c>"cuda:N"</c> or <c>"auto"</c>.</param>
    public TorchGramKernel(string device) : this(new TorchGramKernelOptions { Device = device }) { }

    /// <summary>The settings this kernel was created with.</summary>
    public TorchGramKernelOptions Options { get; }

    /// <summary>The resolved device.</summary>
    public torch.Device Device { get; }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public void AddGram(ReadOnlySpan<float> chunk, int rows, int n, Span<double> condensed, Span<double> diagonal, CancellationToken cancellationToken = default)
    {
        GramArguments.Check(chunk, rows, n, condensed, diagonal);
        cancellationToken.ThrowIfCancellationRequested();
        if (rows == 0) return;

        bool onCpu = Device.type == DeviceType.CPU;
        bool restoreTf32 = false, previousTf32 = false;
        if (!onCpu)
        {
            previousTf32 = torch.backends.cuda.matmul.allow_tf32;
            if (previousTf32 != Options.AllowTf32)
            {
                torch.backends.cuda.matmul.allow_tf32 = Options.AllowTf32;
                restoreTf32 = true;
            }
        }
        try
        {
            using var chunkScope = torch.NewDisposeScope();
            Tensor c = Upload(chunk, rows, n);
            if (!onCpu)
            {
                Tensor host = c;
                c = c.to(Device);
                host.Dispose();   // free the host copy before the blocks start
            }
            int blockSize = Options.BlockSize;
            for (int s = 0; s < n; s += blockSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int width = Math.Min(blockSize, n - s);
                using var blockScope = torch.NewDisposeScope();
                Tensor a = c.narrow(1, s, width);          // [rows, width]
                Tensor b = c.narrow(1, s, n - s);          // [rows, n − s]
                Tensor g = a.t().matmul(b);                // [width, n − s]
                if (!onCpu) g = g.cpu();
                g = g.contiguous();
                AccumulateBlock(MemoryMarshal.Cast<byte, float>(g.bytes), s, width, n, condensed, diagonal);
            }
        }
        finally
        {
            if (restoreTf32) torch.backends.cuda.matmul.allow_tf32 = previousTf32;
        }
    }

    /// <summary>
    /// Opens a device-resident running sum (a float64 [n, n] tensor on <see cref="Device"/>) when
    /// <see cref="TorchGramKernelOptions.DeviceAccumulation"/> asks for one (by default on CUDA only): each chunk's full
    /// float32 product CᵀC is added to it on the device, and the upper half crosses to the host once, when the
    /// correlation is read. On CPU the per-call half product of <see cref="AddGram"/> does half the work instead.
    /// </summary>
    /// <param name="n">Number of columns.</param>
    /// <returns>The session, or <see langword="null"/> when per-call accumulation is used.</returns>
    public IGramSession? OpenSession(int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        bool use = Options.DeviceAccumulation switch
        {
            DeviceAccumulation.Always => true,
            DeviceAccumulation.Never => false,
            _ => Device.type != DeviceType.CPU,
        };
        return use ? new TorchGramSession(this, n) : null;
    }

    /// <summary>Runs <paramref name="body"/> with TF32 set as the options ask (CUDA only), restoring it afterwards.</summary>
    internal void WithTf32(Action body)
    {
        bool restore = false, previous = false;
        if (Device.type != DeviceType.CPU)
        {
            previous = torch.backends.cuda.matmul.allow_tf32;
            if (previous != Options.AllowTf32)
            {
                torch.backends.cuda.matmul.allow_tf32 = Options.AllowTf32;
                restore = true;
            }
        }
        try
        {
            body();
        }
        finally
        {
            if (restore) torch.backends.cuda.matmul.allow_tf32 = previous;
        }
    }

    /// <summary>Copies the chunk into a new CPU float32 tensor [rows, n] (in slabs of whole rows).</summary>
    internal static Tensor Upload(ReadOnlySpan<float> chunk, int rows, int n)
    {
        Tensor host = torch.empty([rows, n], ScalarType.Float32);
        int slabRows = Math.Max(1, UploadSlabElements / n);
        if (slabRows >= rows)
        {
            chunk[..(rows * n)].CopyTo(MemoryMarshal.Cast<byte, float>(host.bytes));
            return host;
        }
        for (int r0 = 0; r0 < rows; r0 += slabRows)
        {
            int k = Math.Min(slabRows, rows - r0);
            using Tensor slab = host.narrow(0, r0, k);   // rows of a contiguous tensor: contiguous
            chunk.Slice(r0 * n, k * n).CopyTo(MemoryMarshal.Cast<byte, float>(slab.bytes));
        }
        return host;
    }

    /// <summary>Adds block rows s..s+width−1 (each n−s long, starting at column s) into the accumulators.</summary>
    private static void AccumulateBlock(ReadOnlySpan<float> block, int s, int width, int n, Span<double> condensed, Span<double> diagonal)
    {
        int stride = n - s;
        for (int r = 0; r < width; r++)
        {
            int i = s + r;
            ReadOnlySpan<float> row = block.Slice(r * stride, stride);
            diagonal[i] += row[r];
            int length = n - i - 1;
            if (length == 0) continue;
            int start = checked((int)((long)n * i - (long)i * (i + 1) / 2));   // condensed index of (i, i+1)
            AddWidened(condensed.Slice(start, length), row.Slice(r + 1, length));
        }
    }

    /// <summary>dst[k] += src[k], widening float to double.</summary>
    internal static void AddWidened(Span<double> dst, ReadOnlySpan<float> src)
    {
        int k = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int wf = Vector<float>.Count, wd = Vector<double>.Count;
            for (; k <= src.Length - wf; k += wf)
            {
                Vector.Widen(new Vector<float>(src[k..]), out Vector<double> lo, out Vector<double> hi);
                Span<double> d0 = dst.Slice(k, wd), d1 = dst.Slice(k + wd, wd);
                (new Vector<double>(d0) + lo).CopyTo(d0);
                (new Vector<double>(d1) + hi).CopyTo(d1);
            }
        }
        for (; k < src.Length; k++) dst[k] += src[k];
    }
}
