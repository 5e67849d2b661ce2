using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CodeNeurons.Correlation;

/// <summary>The managed Gram kernel: blocked, packed, register-tiled, SIMD (Vector512/Vector256 FMA) and multi-threaded.</summary>
/// <remarks>
/// <para>
/// The upper half of CᵀC is split into square macro tiles of <see cref="BlockColumns"/> × <see cref="BlockColumns"/> columns;
/// only tiles on or above the diagonal are computed, in parallel (one tile is owned by one thread). For each tile the
/// rows are walked in K-blocks of <see cref="BlockRows"/> rows: the two column blocks are packed into 32-column panels
/// (row-major inside a panel, zero-padded past the last column), and a register-tiled micro-kernel computes 8 × 32
/// outer-product sums (16 × <see cref="Vector512{T}"/> accumulators) in single precision. After each K-block the
/// float sums are widened and added into the double-precision <c>condensed</c> accumulator, so the float error
/// never spans more than <see cref="BlockRows"/> rows. The diagonal (sums of squares) is summed in double precision.
/// </para>
/// <para>
/// Precision: every entry is exactly the double sum, over K-blocks, of float FMA chains of at most
/// <see cref="BlockRows"/> products, so |error(i, j)| ≤ ≈ <see cref="BlockRows"/>·2⁻²⁴·Σ_r |c_ri·c_rj|
/// ≤ 1.6e-5·sqrt(G_ii·G_jj) in the worst case, and typically ~1e-7 · sqrt(G_ii·G_jj) for random data.
/// </para>
/// <para>
/// Determinism: the summation order depends only on the data shape, never on the number of threads, so results are
/// bit-identical for every <see cref="MaxDegreeOfParallelism"/>. After a cancellation the accumulators are partially
/// updated and should be discarded.
/// </para>
/// </remarks>
public sealed class ManagedGramKernel : IGramKernel
{
    /// <summary>Columns per panel (and per micro-tile, on the vector side).</summary>
    internal const int PanelWidth = 32;

    /// <summary>Rows of a micro-tile (the broadcast side).</summary>
    internal const int MicroRows = 8;

    /// <summary>Columns of one macro tile side (a multiple of <see cref="PanelWidth"/>).</summary>
    internal const int BlockColumns = 256;

    /// <summary>Rows of one K-block: the longest float accumulation chain.</summary>
    internal const int BlockRows = 256;

    private readonly int _blockColumns;
    private readonly int _blockRows;
    private readonly KernelPath _path;

    /// <summary>Creates the kernel.</summary>
    /// <param name="maxDegreeOfParallelism">Threads to use; -1 for all cores.</param>
    public ManagedGramKernel(int maxDegreeOfParallelism = -1)
        : this(maxDegreeOfParallelism, BlockColumns, BlockRows, KernelPath.Auto)
    {
    }

    /// <summary>Creates the kernel with explicit blocking and code path (tests and tuning).</summary>
    internal ManagedGramKernel(int maxDegreeOfParallelism, int blockColumns, int blockRows, KernelPath path)
    {
        if (maxDegreeOfParallelism == 0 || maxDegreeOfParallelism < -1)
            throw new ArgumentOutOfRangeException(nameof(maxDegreeOfParallelism), maxDegreeOfParallelism, "Use -1 (all cores) or a positive thread count.");
        ArgumentOutOfRangeException.ThrowIfLessThan(blockColumns, PanelWidth);
        if (blockColumns % PanelWidth != 0)
            throw new ArgumentOutOfRangeException(nameof(blockColumns), blockColumns, $"Must be a multiple of {PanelWidth}.");
        ArgumentOutOfRangeException.ThrowIfLessThan(blockRows, 1);
        MaxDegreeOfParallelism = maxDegreeOfParallelism;
        _blockColumns = blockColumns;
        _blockRows = blockRows;
        _path = path == KernelPath.Auto ? BestPath : path;
        if (!IsSupported(_path))
            throw new PlatformNotSupportedException($"Kernel path {_path} is not supported on this machine.");
    }

    /// <summary>Threads to use; -1 for all cores.</summary>
    public int MaxDegreeOfParallelism { get; }

    /// <inheritdoc />
    public string Name => "managed";

    /// <summary>The SIMD code path in use.</summary>
    internal KernelPath Path => _path;

    internal static KernelPath BestPath
        => IsSupported(KernelPath.Avx512) ? KernelPath.Avx512
         : IsSupported(KernelPath.Avx2) ? KernelPath.Avx2
         : IsSupported(KernelPath.Vector) ? KernelPath.Vector
         : KernelPath.Scalar;

    internal static bool IsSupported(KernelPath path) => path switch
    {
        KernelPath.Avx512 => Avx512F.IsSupported && Vector512.IsHardwareAccelerated,
        KernelPath.Avx2 => Avx.IsSupported && Fma.IsSupported,
        KernelPath.Vector => Vector.IsHardwareAccelerated && PanelWidth % (2 * Vector<float>.Count) == 0,
        KernelPath.Scalar => true,
        _ => false,
    };

    /// <inheritdoc />
    public unsafe void AddGram(ReadOnlySpan<float> chunk, int rows, int n, Span<double> condensed, Span<double> diagonal, CancellationToken cancellationToken = default)
    {
        GramArguments.Check(chunk, rows, n, condensed, diagonal);
        cancellationToken.ThrowIfCancellationRequested();
        if (rows == 0) return;

        int blocks = (n + _blockColumns - 1) / _blockColumns;
        int tileCount = blocks * (blocks + 1) / 2;
        int[] tiles = ArrayPool<int>.Shared.Rent(tileCount);
        try
        {
            // Tile t → (bi, bj), bj ≥ bi, row by row of the block triangle.
            int t = 0;
            for (int bi = 0; bi < blocks; bi++)
                for (int bj = bi; bj < blocks; bj++)
                    tiles[t++] = (bi << 16) | bj;

            fixed (float* src = chunk)
            fixed (double* cond = condensed)
            fixed (double* diag = diagonal)
            {
                var job = new Job(this, src, rows, n, cond, diag, tiles, cancellationToken);
                int threads = MaxDegreeOfParallelism == -1 ? Environment.ProcessorCount : MaxDegreeOfParallelism;
                if (threads == 1 || tileCount == 1)
                {
                    float[] buffer = job.RentBuffer();
                    try
                    {
                        for (int i = 0; i < tileCount && !cancellationToken.IsCancellationRequested; i++)
                            job.RunTile(i, buffer);
                    }
                    finally
                    {
                        ArrayPool<float>.Shared.Return(buffer);
                    }
                }
                else
                {
                    var options = new ParallelOptions { MaxDegreeOfParallelism = MaxDegreeOfParallelism, CancellationToken = cancellationToken };
                    Parallel.For(0, tileCount, options,
                        job.RentBuffer,
                        (i, _, buffer) => { job.RunTile(i, buffer); return buffer; },
                        buffer => ArrayPool<float>.Shared.Return(buffer));
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(tiles);
        }
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>The state of one <see cref="AddGram"/> call, shared by the workers (raw pointers to pinned spans).</summary>
    private sealed unsafe class Job(ManagedGramKernel kernel, float* src, int rows, int n, double* cond, double* diag, int[] tiles, CancellationToken ct)
    {
        private readonly int _bc = kernel._blockColumns;
        private readonly int _kc = kernel._blockRows;
        private readonly KernelPath _path = kernel._path;

        // Two packed blocks (A and B), each BlockColumns × BlockRows floats, a 1 KiB micro-tile scratch, and slack for 64-byte alignment.
        private int BufferLength => 2 * _bc * _kc + MicroRows * PanelWidth + 16;

        public float[] RentBuffer() => ArrayPool<float>.Shared.Rent(BufferLength);

        public void RunTile(int t, float[] buffer)
        {
            int bi = tiles[t] >> 16, bj = tiles[t] & 0xFFFF;
            int i0 = bi * _bc, j0 = bj * _bc;
            int wi = Math.Min(_bc, n - i0), wj = Math.Min(_bc, n - j0);
            bool diagonalTile = bi == bj;
            fixed (float* raw = buffer)
            {
                float* aligned = (float*)(((nint)raw + 63) & ~(nint)63);
                float* packA = aligned;
                float* packB = diagonalTile ? packA : aligned + _bc * _kc;
                float* scratch = aligned + 2 * _bc * _kc;
                for (int k0 = 0; k0 < rows; k0 += _kc)
                {
                    if (ct.IsCancellationRequested) return;
                    int kc = Math.Min(_kc, rows - k0);
                    Pack(src + (long)k0 * n + i0, n, wi, kc, packA);
                    if (!diagonalTile) Pack(src + (long)k0 * n + j0, n, wj, kc, packB);
                    else AddSquares(packA, wi, kc, diag + i0);

                    int panelStride = kc * PanelWidth;
                    for (int jp = 0; jp * PanelWidth < wj; jp++)
                    {
                        int jg = j0 + jp * PanelWidth;
                        float* b = packB + jp * panelStride;
                        for (int ig = i0; ig < i0 + wi; ig += MicroRows)
                        {
                            if (jg + PanelWidth - 1 <= ig) break; // no j > i left in this micro-tile nor below it
                            int local = ig - i0;
                            float* a = packA + (local / PanelWidth) * panelStride + local % PanelWidth;
                            MicroKernel(_path, a, b, kc, scratch);
                            Scatter(scratch, ig, jg);
                        }
                    }
                }
            }
        }

        /// <summary>Adds the 8 × 32 float scratch at (ig, jg) into the condensed accumulator (only i &lt; j &lt; n).</summary>
        private void Scatter(float* scratch, int ig, int jg)
        {
            bool full = jg > ig + MicroRows - 1 && jg + PanelWidth <= n;
            for (int r = 0; r < MicroRows; r++)
            {
                int i = ig + r;
                if (i >= n) return;
                double* row = cond + ((long)n * i - (long)i * (i + 1) / 2 - i - 1);
                float* s = scratch + r * PanelWidth;
                if (full && Vector256.IsHardwareAccelerated)
                {
                    double* d = row + jg;
                    for (int c = 0; c < PanelWidth; c += 8)
                    {
                        Vector256<float> v = Vector256.Load(s + c);
                        (Vector256<double> lo, Vector256<double> hi) = Vector256.Widen(v);
                        Vector256.Store(Vector256.Load(d + c) + lo, d + c);
                        Vector256.Store(Vector256.Load(d + c + 4) + hi, d + c + 4);
                    }
                }
                else
                {
                    int cStart = Math.Max(0, i + 1 - jg), cEnd = Math.Min(PanelWidth, n - jg);
                    for (int c = cStart; c < cEnd; c++) row[jg + c] += s[c];
                }
            }
        }

        /// <summary>Adds the double sums of squares of a packed block (width w, kc rows) into <paramref name="d"/>.</summary>
        private static void AddSquares(float* pack, int w, int kc, double* d)
        {
            int panelStride = kc * PanelWidth;
            for (int c0 = 0; c0 < w; c0 += PanelWidth)
            {
                float* p = pack + (c0 / PanelWidth) * panelStride;
                int cw = Math.Min(PanelWidth, w - c0);
                if (Vector256.IsHardwareAccelerated && cw == PanelWidth)
                {
                    for (int c = 0; c < PanelWidth; c += 8)
                    {
                        Vector256<double> lo = Vector256<double>.Zero, hi = Vector256<double>.Zero;
                        for (int k = 0; k < kc; k++)
                        {
                            (Vector256<double> x, Vector256<double> y) = Vector256.Widen(Vector256.Load(p + k * PanelWidth + c));
                            lo += x * x;
                            hi += y * y;
                        }
                        double* dd = d + c0 + c;
                        Vector256.Store(Vector256.Load(dd) + lo, dd);
                        Vector256.Store(Vector256.Load(dd + 4) + hi, dd + 4);
                    }
                }
                else
                {
                    for (int c = 0; c < cw; c++)
                    {
                        double s = 0;
                        for (int k = 0; k < kc; k++) { double v = p[k * PanelWidth + c]; s += v * v; }
                        d[c0 + c] += s;
                    }
                }
            }
        }
    }

    /// <summary>
    /// Packs <paramref name="kc"/> rows × <paramref name="w"/> columns (row stride <paramref name="n"/>) into 32-column
    /// panels: panel p holds row k at <c>dst[p·kc·32 + k·32 + c]</c>, zero past column w.
    /// </summary>
    private static unsafe void Pack(float* src, int n, int w, int kc, float* dst)
    {
        int fullPanels = w / PanelWidth, rest = w % PanelWidth;
        int panelStride = kc * PanelWidth;
        for (int k = 0; k < kc; k++)
        {
            float* s = src + (long)k * n;
            float* d = dst + k * PanelWidth;
            for (int p = 0; p < fullPanels; p++, s += PanelWidth, d += panelStride)
            {
                if (Vector512.IsHardwareAccelerated)
                {
                    Vector512.Store(Vector512.Load(s), d);
                    Vector512.Store(Vector512.Load(s + 16), d + 16);
                }
                else if (Vector256.IsHardwareAccelerated)
                {
                    Vector256.Store(Vector256.Load(s), d);
                    Vector256.Store(Vector256.Load(s + 8), d + 8);
                    Vector256.Store(Vector256.Load(s + 16), d + 16);
                    Vector256.Store(Vector256.Load(s + 24), d + 24);
                }
                else
                {
                    new ReadOnlySpan<float>(s, PanelWidth).CopyTo(new Span<float>(d, PanelWidth));
                }
            }
            if (rest > 0)
            {
                int c = 0;
                for (; c < rest; c++) d[c] = s[c];
                for (; c < PanelWidth; c++) d[c] = 0f;
            }
        }
    }

    /// <summary>
    /// scratch[r·32 + c] = Σ_k a[k·32 + r]·b[k·32 + c] for r &lt; 8, c &lt; 32 (float accumulation, FMA where available).
    /// </summary>
    private static unsafe void MicroKernel(KernelPath path, float* a, float* b, int kc, float* scratch)
    {
        switch (path)
        {
            case KernelPath.Avx512: Kernel512(a, b, kc, scratch); break;
            case KernelPath.Avx2:
                for (int r = 0; r < MicroRows; r += 4)
                    for (int c = 0; c < PanelWidth; c += 16)
                        Kernel256(a + r, b + c, kc, scratch + r * PanelWidth + c);
                break;
            case KernelPath.Vector:
                for (int r = 0; r < MicroRows; r += 4)
                    for (int c = 0; c < PanelWidth; c += 2 * Vector<float>.Count)
                        KernelVector(a + r, b + c, kc, scratch + r * PanelWidth + c);
                break;
            default: KernelScalar(a, b, kc, scratch); break;
        }
    }

    /// <summary>8 × 32 micro-kernel: 16 zmm accumulators, one broadcast per micro-row, two vector loads per row k.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Kernel512(float* a, float* b, int kc, float* c)
    {
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector512<float> c20 = default, c21 = default, c30 = default, c31 = default;
        Vector512<float> c40 = default, c41 = default, c50 = default, c51 = default;
        Vector512<float> c60 = default, c61 = default, c70 = default, c71 = default;
        float* end = b + (long)kc * PanelWidth;
        for (; b < end; a += PanelWidth, b += PanelWidth)
        {
            Vector512<float> b0 = Vector512.Load(b);
            Vector512<float> b1 = Vector512.Load(b + 16);
            Vector512<float> x = Vector512.Create(a[0]);
            c00 = Avx512F.FusedMultiplyAdd(x, b0, c00);
            c01 = Avx512F.FusedMultiplyAdd(x, b1, c01);
            x = Vector512.Create(a[1]);
            c10 = Avx512F.FusedMultiplyAdd(x, b0, c10);
            c11 = Avx512F.FusedMultiplyAdd(x, b1, c11);
            x = Vector512.Create(a[2]);
            c20 = Avx512F.FusedMultiplyAdd(x, b0, c20);
            c21 = Avx512F.FusedMultiplyAdd(x, b1, c21);
            x = Vector512.Create(a[3]);
            c30 = Avx512F.FusedMultiplyAdd(x, b0, c30);
            c31 = Avx512F.FusedMultiplyAdd(x, b1, c31);
            x = Vector512.Create(a[4]);
            c40 = Avx512F.FusedMultiplyAdd(x, b0, c40);
            c41 = Avx512F.FusedMultiplyAdd(x, b1, c41);
            x = Vector512.Create(a[5]);
            c50 = Avx512F.FusedMultiplyAdd(x, b0, c50);
            c51 = Avx512F.FusedMultiplyAdd(x, b1, c51);
            x = Vector512.Create(a[6]);
            c60 = Avx512F.FusedMultiplyAdd(x, b0, c60);
            c61 = Avx512F.FusedMultiplyAdd(x, b1, c61);
            x = Vector512.Create(a[7]);
            c70 = Avx512F.FusedMultiplyAdd(x, b0, c70);
            c71 = Avx512F.FusedMultiplyAdd(x, b1, c71);
        }
        c00.Store(c); c01.Store(c + 16);
        c10.Store(c + 32); c11.Store(c + 48);
        c20.Store(c + 64); c21.Store(c + 80);
        c30.Store(c + 96); c31.Store(c + 112);
        c40.Store(c + 128); c41.Store(c + 144);
        c50.Store(c + 160); c51.Store(c + 176);
        c60.Store(c + 192); c61.Store(c + 208);
        c70.Store(c + 224); c71.Store(c + 240);
    }

    /// <summary>4 × 16 micro-kernel (8 ymm accumulators, fits 16 registers); writes rows with stride 32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Kernel256(float* a, float* b, int kc, float* c)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector256<float> c20 = default, c21 = default, c30 = default, c31 = default;
        float* end = b + (long)kc * PanelWidth;
        for (; b < end; a += PanelWidth, b += PanelWidth)
        {
            Vector256<float> b0 = Vector256.Load(b);
            Vector256<float> b1 = Vector256.Load(b + 8);
            Vector256<float> x = Vector256.Create(a[0]);
            c00 = Fma.MultiplyAdd(x, b0, c00);
            c01 = Fma.MultiplyAdd(x, b1, c01);
            x = Vector256.Create(a[1]);
            c10 = Fma.MultiplyAdd(x, b0, c10);
            c11 = Fma.MultiplyAdd(x, b1, c11);
            x = Vector256.Create(a[2]);
            c20 = Fma.MultiplyAdd(x, b0, c20);
            c21 = Fma.MultiplyAdd(x, b1, c21);
            x = Vector256.Create(a[3]);
            c30 = Fma.MultiplyAdd(x, b0, c30);
            c31 = Fma.MultiplyAdd(x, b1, c31);
        }
        c00.Store(c); c01.Store(c + 8);
        c10.Store(c + 32); c11.Store(c + 40);
        c20.Store(c + 64); c21.Store(c + 72);
        c30.Store(c + 96); c31.Store(c + 104);
    }

    /// <summary>Portable 4 × (2·Vector&lt;float&gt;.Count) micro-kernel; writes rows with stride 32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void KernelVector(float* a, float* b, int kc, float* c)
    {
        int w = Vector<float>.Count;
        Vector<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector<float> c20 = default, c21 = default, c30 = default, c31 = default;
        float* end = b + (long)kc * PanelWidth;
        for (; b < end; a += PanelWidth, b += PanelWidth)
        {
            Vector<float> b0 = Vector.Load(b);
            Vector<float> b1 = Vector.Load(b + w);
            Vector<float> x = new(a[0]);
            c00 = Vector.FusedMultiplyAdd(x, b0, c00);
            c01 = Vector.FusedMultiplyAdd(x, b1, c01);
            x = new(a[1]);
            c10 = Vector.FusedMultiplyAdd(x, b0, c10);
            c11 = Vector.FusedMultiplyAdd(x, b1, c11);
            x = new(a[2]);
            c20 = Vector.FusedMultiplyAdd(x, b0, c20);
            c21 = Vector.FusedMultiplyAdd(x, b1, c21);
            x = new(a[3]);
            c30 = Vector.FusedMultiplyAdd(x, b0, c30);
            c31 = Vector.FusedMultiplyAdd(x, b1, c31);
        }
        c00.Store(c); c01.Store(c + w);
        c10.Store(c + 32); c11.Store(c + 32 + w);
        c20.Store(c + 64); c21.Store(c + 64 + w);
        c30.Store(c + 96); c31.Store(c + 96 + w);
    }

    /// <summary>Scalar 8 × 32 micro-kernel (float accumulation, like the SIMD paths).</summary>
    private static unsafe void KernelScalar(float* a, float* b, int kc, float* c)
    {
        new Span<float>(c, MicroRows * PanelWidth).Clear();
        for (int k = 0; k < kc; k++, a += PanelWidth, b += PanelWidth)
            for (int r = 0; r < MicroRows; r++)
            {
                float x = a[r];
                float* cr = c + r * PanelWidth;
                for (int j = 0; j < PanelWidth; j++) cr[j] += x * b[j];
            }
    }
}

/// <summary>Code paths of <see cref="ManagedGramKernel"/>.</summary>
internal enum KernelPath
{
    /// <summary>The fastest path this machine supports.</summary>
    Auto,

    /// <summary>AVX-512F, 8 × 32 micro-tile of Vector512.</summary>
    Avx512,

    /// <summary>AVX2 + FMA, 4 × 16 micro-tiles of Vector256.</summary>
    Avx2,

    /// <summary>Portable <see cref="Vector{T}"/>.</summary>
    Vector,

    /// <summary>Scalar.</summary>
    Scalar,
}
