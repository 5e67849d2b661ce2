using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CodeNeurons.Redundancy;

/// <summary>The managed Gram kernel: blocked, packed, register-tiled, SIMD (Vector512/Vector256 FMA) and multi-threaded.</summary>
/// <remarks>
/// <para>
/// A SYRK-style kernel. The rows are processed in passes (all rows unless the packed copy would exceed
/// <see cref="PackBudget"/> floats). Each pass first packs the rows, in parallel, per column block of
/// <see cref="BlockColumns"/> columns and per K-block of <see cref="BlockRows"/> rows, into 32-column panels (row-major
/// inside a panel, zero-padded past the last column). The upper half of CᵀC is split into macro tiles of
/// <see cref="BlockColumns"/> × <see cref="BlockColumns"/> columns; only tiles on or above the diagonal are computed, in
/// parallel (one tile is owned by one thread). For each tile and K-block, a register-tiled micro-kernel computes 8 × 32
/// outer-product sums in single precision (16 × <see cref="Vector512{T}"/> accumulators: one broadcast per micro-row,
/// two vector loads per row), then widens them into the tile's double accumulators (a pooled per-thread buffer). At the
/// end of the pass the tile is added into <c>condensed</c> (each tile row is a contiguous run in condensed order); on
/// diagonal tiles only i &lt; j is written. The diagonal (sums of squares) is summed in double precision directly.
/// </para>
/// <para>
/// Precision: every off-diagonal entry is a double sum, over K-blocks, of float FMA chains of at most
/// <see cref="BlockRows"/> products, so |error(i, j)| ≲ <see cref="BlockRows"/>·2⁻²⁴·Σ_r |c_ri·c_rj|
/// ≤ 1.6e-5·sqrt(G_ii·G_jj) in the worst case, and ~1e-7·sqrt(G_ii·G_jj) measured on random data (centred or not).
/// The diagonal is exact to double rounding (~1e-15 relative).
/// </para>
/// <para>
/// Determinism: the summation order depends only on the data shape, never on the number of threads, so results are
/// bit-identical for every <see cref="MaxDegreeOfParallelism"/>. After a cancellation the accumulators are partially
/// updated and should be discarded.
/// </para>
/// <para>
/// Paths: AVX-512F (8 × 32 micro-tile of Vector512), AVX2 + FMA (4 × 16 micro-tiles of Vector256, fits 16 registers),
/// portable <see cref="Vector{T}"/> and scalar; all share the packing, blocking and float-within-K-block semantics.
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

    /// <summary>Most floats of packed rows held at once (256 MiB); larger calls are processed in several passes.</summary>
    internal const long PackBudget = 64L << 20;

    private readonly int _blockColumns;
    private readonly int _blockRows;
    private readonly long _packBudget;
    private readonly KernelPath _path;

    /// <summary>Creates the kernel.</summary>
    /// <param name="maxDegreeOfParallelism">Threads to use; -1 for all cores.</param>
    public ManagedGramKernel(int maxDegreeOfParallelism = -1)
        : this(maxDegreeOfParallelism, BlockColumns, BlockRows, KernelPath.Auto)
    {
    }

    /// <summary>Creates the kernel with explicit blocking and code path (tests and tuning).</summary>
    internal ManagedGramKernel(int maxDegreeOfParallelism, int blockColumns, int blockRows, KernelPath path, long packBudget = PackBudget)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(packBudget, 1);
        _packBudget = packBudget;
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
        // Rows per pass: all rows if the packed copy stays under PackBudget floats, else a multiple of the K-block.
        long paddedColumns = (long)blocks * _blockColumns;
        int passRows = (int)Math.Min(rows, Math.Max(_blockRows, _packBudget / paddedColumns / _blockRows * _blockRows));
        int kBlocksPerPass = (passRows + _blockRows - 1) / _blockRows;
        int[] tiles = ArrayPool<int>.Shared.Rent(tileCount);
        float[] packed = ArrayPool<float>.Shared.Rent(checked((int)(paddedColumns * kBlocksPerPass * _blockRows + 16)));
        try
        {
            // Tile t → (bi, bj), bj ≥ bi, row by row of the block triangle.
            int t = 0;
            for (int bi = 0; bi < blocks; bi++)
                for (int bj = bi; bj < blocks; bj++)
                    tiles[t++] = (bi << 16) | bj;

            int threads = MaxDegreeOfParallelism == -1 ? Environment.ProcessorCount : MaxDegreeOfParallelism;
            var options = new ParallelOptions { MaxDegreeOfParallelism = MaxDegreeOfParallelism, CancellationToken = cancellationToken };
            fixed (float* src = chunk)
            fixed (float* rawPacked = packed)
            fixed (double* cond = condensed)
            fixed (double* diag = diagonal)
            {
                float* pack = (float*)(((nint)rawPacked + 63) & ~(nint)63);
                for (int r0 = 0; r0 < rows && !cancellationToken.IsCancellationRequested; r0 += passRows)
                {
                    int passEnd = Math.Min(rows, r0 + passRows);
                    var job = new Job(this, src, r0, passEnd, n, pack, kBlocksPerPass, cond, diag, tiles, cancellationToken);
                    int packItems = blocks * ((passEnd - r0 + _blockRows - 1) / _blockRows);
                    if (threads == 1 || tileCount == 1)
                    {
                        for (int i = 0; i < packItems && !cancellationToken.IsCancellationRequested; i++)
                            job.PackBlock(i);
                        var workspace = job.RentWorkspace();
                        try
                        {
                            for (int i = 0; i < tileCount && !cancellationToken.IsCancellationRequested; i++)
                                job.RunTile(i, workspace);
                        }
                        finally
                        {
                            workspace.Return();
                        }
                    }
                    else
                    {
                        Parallel.For(0, packItems, options, job.PackBlock);
                        Parallel.For(0, tileCount, options,
                            job.RentWorkspace,
                            (i, _, workspace) => { job.RunTile(i, workspace); return workspace; },
                            workspace => workspace.Return());
                    }
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(packed);
            ArrayPool<int>.Shared.Return(tiles);
        }
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>Per-worker buffers, rented from the shared pools.</summary>
    private sealed class Workspace(int floats, int doubles)
    {
        /// <summary>Micro-tile scratch (non-AVX-512 paths) and alignment slack.</summary>
        public readonly float[] Floats = ArrayPool<float>.Shared.Rent(floats);

        /// <summary>Double accumulators of one macro tile, micro-tile by micro-tile (8 × 32 each).</summary>
        public readonly double[] Doubles = ArrayPool<double>.Shared.Rent(doubles);

        public void Return()
        {
            ArrayPool<float>.Shared.Return(Floats);
            ArrayPool<double>.Shared.Return(Doubles);
        }
    }

    /// <summary>
    /// One pass over rows [r0, r1) of an <see cref="AddGram"/> call, shared by the workers (raw pointers to pinned
    /// spans). The pass's rows are first packed, column block by column block and K-block by K-block, into
    /// <c>pack</c>: block b, K-block kb starts at <c>(b·kBlocks + kb)·bc·kc</c> and holds 32-column panels.
    /// </summary>
    private sealed unsafe class Job(ManagedGramKernel kernel, float* src, int r0, int r1, int n, float* pack, int kBlocks,
        double* cond, double* diag, int[] tiles, CancellationToken ct)
    {
        private const int MicroTile = MicroRows * PanelWidth;
        private readonly int _bc = kernel._blockColumns;
        private readonly int _kc = kernel._blockRows;
        private readonly KernelPath _path = kernel._path;
        private readonly int _passKBlocks = (r1 - r0 + kernel._blockRows - 1) / kernel._blockRows;

        public Workspace RentWorkspace() => new(MicroTile + 16, _bc * _bc + 8);

        private float* Packed(int block, int kBlock) => pack + ((long)block * kBlocks + kBlock) * _bc * _kc;

        /// <summary>Packs item = block·kBlocks + kBlock of this pass.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void PackBlock(int item)
        {
            if (ct.IsCancellationRequested) return;
            int block = item / _passKBlocks, kBlock = item % _passKBlocks;
            int c0 = block * _bc, k0 = r0 + kBlock * _kc;
            Pack(src + (long)k0 * n + c0, n, Math.Min(_bc, n - c0), Math.Min(_kc, r1 - k0), Packed(block, kBlock));
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void RunTile(int t, Workspace workspace)
        {
            int bi = tiles[t] >> 16, bj = tiles[t] & 0xFFFF;
            int i0 = bi * _bc, j0 = bj * _bc;
            int wi = Math.Min(_bc, n - i0), wj = Math.Min(_bc, n - j0);
            bool diagonalTile = bi == bj;
            int microColumns = (wi + MicroRows - 1) / MicroRows;
            int panels = (wj + PanelWidth - 1) / PanelWidth;

            fixed (float* raw = workspace.Floats)
            fixed (double* rawTile = workspace.Doubles)
            {
                float* scratch = (float*)(((nint)raw + 63) & ~(nint)63);
                double* tile = (double*)(((nint)rawTile + 63) & ~(nint)63);
                for (int kb = 0; kb < _passKBlocks; kb++)
                {
                    if (ct.IsCancellationRequested) return;
                    int kc = Math.Min(_kc, r1 - (r0 + kb * _kc));
                    bool first = kb == 0;
                    float* packA = Packed(bi, kb), packB = Packed(bj, kb);
                    if (diagonalTile) AddSquares(packA, wi, kc, diag + i0);

                    int panelStride = kc * PanelWidth;
                    for (int jp = 0; jp < panels; jp++)
                    {
                        int jg = j0 + jp * PanelWidth;
                        float* b = packB + jp * panelStride;
                        double* acc = tile + jp * microColumns * MicroTile;
                        for (int m = 0; m < microColumns; m++, acc += MicroTile)
                        {
                            int ig = i0 + m * MicroRows;
                            if (jg + PanelWidth - 1 <= ig) break; // no j > i left in this micro-tile nor below it
                            int local = m * MicroRows;
                            float* a = packA + (local / PanelWidth) * panelStride + local % PanelWidth;
                            if (_path == KernelPath.Avx512) Kernel512(a, b, kc, acc, first);
                            else
                            {
                                MicroKernel(_path, a, b, kc, scratch);
                                Accumulate(scratch, acc, first);
                            }
                        }
                    }
                }
                Scatter(tile, i0, j0, wi, wj);
            }
        }

        /// <summary>Adds the tile's double accumulators into the condensed matrix (only i &lt; j &lt; n).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Scatter(double* tile, int i0, int j0, int wi, int wj)
        {
            int microColumns = (wi + MicroRows - 1) / MicroRows;
            for (int jp = 0; jp * PanelWidth < wj; jp++)
            {
                int jg = j0 + jp * PanelWidth;
                double* acc = tile + jp * microColumns * MicroTile;
                for (int m = 0; m < microColumns; m++, acc += MicroTile)
                {
                    int ig = i0 + m * MicroRows;
                    if (jg + PanelWidth - 1 <= ig) break;
                    bool full = jg > ig + MicroRows - 1 && jg + PanelWidth <= n;
                    for (int r = 0; r < MicroRows; r++)
                    {
                        int i = ig + r;
                        if (i >= n) break;
                        double* row = cond + ((long)n * i - (long)i * (i + 1) / 2 - i - 1) + jg;
                        double* s = acc + r * PanelWidth;
                        if (full && Vector256.IsHardwareAccelerated)
                        {
                            for (int c = 0; c < PanelWidth; c += 4)
                                Vector256.Store(Vector256.Load(row + c) + Vector256.Load(s + c), row + c);
                        }
                        else
                        {
                            int cStart = Math.Max(0, i + 1 - jg), cEnd = Math.Min(PanelWidth, n - jg);
                            for (int c = cStart; c < cEnd; c++) row[c] += s[c];
                        }
                    }
                }
            }
        }

        /// <summary>Widens an 8 × 32 float scratch into the double accumulators (store when <paramref name="first"/>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Accumulate(float* scratch, double* acc, bool first)
        {
            if (Vector256.IsHardwareAccelerated)
            {
                for (int c = 0; c < MicroTile; c += 8)
                {
                    (Vector256<double> lo, Vector256<double> hi) = Vector256.Widen(Vector256.Load(scratch + c));
                    if (!first)
                    {
                        lo += Vector256.Load(acc + c);
                        hi += Vector256.Load(acc + c + 4);
                    }
                    Vector256.Store(lo, acc + c);
                    Vector256.Store(hi, acc + c + 4);
                }
            }
            else
            {
                for (int c = 0; c < MicroTile; c++) acc[c] = first ? scratch[c] : acc[c] + scratch[c];
            }
        }

        /// <summary>Adds the double sums of squares of a packed block (width w, kc rows) into <paramref name="d"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void AddSquares(float* pack, int w, int kc, double* d)
        {
            int panelStride = kc * PanelWidth;
            for (int c0 = 0; c0 < w; c0 += PanelWidth)
            {
                float* p = pack + (c0 / PanelWidth) * panelStride;
                int cw = Math.Min(PanelWidth, w - c0);
                if (Vector256.IsHardwareAccelerated && cw == PanelWidth)
                {
                    // Eight independent double chains, one row of the panel (32 floats) per iteration.
                    Vector256<double> s0 = default, s1 = default, s2 = default, s3 = default;
                    Vector256<double> s4 = default, s5 = default, s6 = default, s7 = default;
                    for (int k = 0; k < kc; k++, p += PanelWidth)
                    {
                        (Vector256<double> x0, Vector256<double> x1) = Vector256.Widen(Vector256.Load(p));
                        (Vector256<double> x2, Vector256<double> x3) = Vector256.Widen(Vector256.Load(p + 8));
                        (Vector256<double> x4, Vector256<double> x5) = Vector256.Widen(Vector256.Load(p + 16));
                        (Vector256<double> x6, Vector256<double> x7) = Vector256.Widen(Vector256.Load(p + 24));
                        s0 += x0 * x0; s1 += x1 * x1; s2 += x2 * x2; s3 += x3 * x3;
                        s4 += x4 * x4; s5 += x5 * x5; s6 += x6 * x6; s7 += x7 * x7;
                    }
                    double* dd = d + c0;
                    Vector256.Store(Vector256.Load(dd) + s0, dd);
                    Vector256.Store(Vector256.Load(dd + 4) + s1, dd + 4);
                    Vector256.Store(Vector256.Load(dd + 8) + s2, dd + 8);
                    Vector256.Store(Vector256.Load(dd + 12) + s3, dd + 12);
                    Vector256.Store(Vector256.Load(dd + 16) + s4, dd + 16);
                    Vector256.Store(Vector256.Load(dd + 20) + s5, dd + 20);
                    Vector256.Store(Vector256.Load(dd + 24) + s6, dd + 24);
                    Vector256.Store(Vector256.Load(dd + 28) + s7, dd + 28);
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    /// <summary>
    /// 8 × 32 micro-kernel: 16 zmm accumulators, one broadcast per micro-row, two vector loads per row k; the float sums
    /// are widened into the 8 × 32 double accumulators at <paramref name="acc"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Kernel512(float* a, float* b, int kc, double* acc, bool first)
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
        Flush(c00, c01, acc, first);
        Flush(c10, c11, acc + 32, first);
        Flush(c20, c21, acc + 64, first);
        Flush(c30, c31, acc + 96, first);
        Flush(c40, c41, acc + 128, first);
        Flush(c50, c51, acc + 160, first);
        Flush(c60, c61, acc + 192, first);
        Flush(c70, c71, acc + 224, first);
    }

    /// <summary>Widens one micro-row (32 floats) into 32 double accumulators: store when <paramref name="first"/>, else add.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Flush(Vector512<float> lo, Vector512<float> hi, double* acc, bool first)
    {
        (Vector512<double> d0, Vector512<double> d1) = Vector512.Widen(lo);
        (Vector512<double> d2, Vector512<double> d3) = Vector512.Widen(hi);
        if (!first)
        {
            d0 += Vector512.Load(acc);
            d1 += Vector512.Load(acc + 8);
            d2 += Vector512.Load(acc + 16);
            d3 += Vector512.Load(acc + 24);
        }
        d0.Store(acc);
        d1.Store(acc + 8);
        d2.Store(acc + 16);
        d3.Store(acc + 24);
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
