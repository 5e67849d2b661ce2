using System.Diagnostics;
using CodeNeurons.Redundancy;

namespace CodeNeurons.Tests.Redundancy;

[TestFixture]
public class ManagedGramKernelTests
{
    /// <summary>
    /// Documented bound: each entry is a double sum of float FMA chains of at most BlockRows products, so the error is
    /// ≤ ≈ BlockRows·2⁻²⁴·Σ|c_i·c_j| ≤ BlockRows·2⁻²⁴·sqrt(G_ii·G_jj). We test against that worst-case bound (times 1.1).
    /// </summary>
    private static double Tolerance(int blockRows) => 1.1 * blockRows * Math.Pow(2, -24);

    private const double DiagonalTolerance = 1e-12;

    private static float[] RandomChunk(int rows, int n, int seed, double offset = 0, bool centre = false)
    {
        var rng = new Random(seed);
        var x = new float[rows * n];
        var colOffset = new double[n];
        var colScale = new double[n];
        for (int j = 0; j < n; j++)
        {
            colOffset[j] = offset * (rng.NextDouble() * 2 - 1);
            colScale[j] = Math.Exp(rng.NextDouble() * 4 - 2);
        }
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < n; j++)
                x[r * n + j] = (float)(colOffset[j] + colScale[j] * (rng.NextDouble() * 2 - 1));
        if (centre && rows > 0)
        {
            for (int j = 0; j < n; j++)
            {
                double mean = 0;
                for (int r = 0; r < rows; r++) mean += x[r * n + j];
                mean /= rows;
                for (int r = 0; r < rows; r++) x[r * n + j] = (float)(x[r * n + j] - mean);
            }
        }
        return x;
    }

    private static (double[] Condensed, double[] Diagonal) Run(IGramKernel kernel, float[] x, int rows, int n)
    {
        var condensed = new double[n * (n - 1) / 2];
        var diagonal = new double[n];
        kernel.AddGram(x, rows, n, condensed, diagonal);
        return (condensed, diagonal);
    }

    /// <summary>Largest |fast − reference| / sqrt(d_i·d_j) over all pairs, and the largest relative diagonal error.</summary>
    private static (double Pair, double Diagonal) Compare(int n, double[] cf, double[] df, double[] cr, double[] dr)
    {
        double worstPair = 0, worstDiag = 0;
        for (int i = 0; i < n; i++)
        {
            double scale = dr[i] == 0 ? 1 : dr[i];
            worstDiag = Math.Max(worstDiag, Math.Abs(df[i] - dr[i]) / scale);
            for (int j = i + 1; j < n; j++)
            {
                long k = CondensedDistanceMatrix.IndexOf(n, i, j);
                double s = Math.Sqrt(dr[i] * dr[j]);
                double err = Math.Abs(cf[k] - cr[k]);
                worstPair = Math.Max(worstPair, s == 0 ? err : err / s);
            }
        }
        return (worstPair, worstDiag);
    }

    private static IEnumerable<TestCaseData> Sizes()
    {
        int[] rowsList = [0, 1, 3, 17, 600, 1500];
        var ns = Enumerable.Range(1, 40).Concat([47, 55, 63, 64, 65, 70, 97, 130, 257]);
        foreach (int n in ns)
            foreach (int rows in rowsList)
            {
                if (n > 70 && rows == 1500) continue; // keep the sweep fast; 600 rows already spans several K-blocks
                yield return new TestCaseData(n, rows);
            }
    }

    private static IEnumerable<KernelPath> SupportedPaths()
        => new[] { KernelPath.Avx512, KernelPath.Avx2, KernelPath.Vector, KernelPath.Scalar }.Where(ManagedGramKernel.IsSupported);

    [Test]
    public void MatchesReferenceOverSizeSweep()
    {
        // The default kernel, then every supported path with small blocks (64 columns, 128 rows) so that small
        // matrices still span several macro tiles and K-blocks.
        var failures = new List<string>();
        double worst = 0;
        var kernels = SupportedPaths().Select(p => (Kernel: new ManagedGramKernel(2, 64, 128, p), BlockRows: 128))
            .Prepend((Kernel: new ManagedGramKernel(), BlockRows: ManagedGramKernel.BlockRows));
        foreach (var (kernel, blockRows) in kernels)
        {
            foreach (var data in Sizes())
            {
                int n = (int)data.Arguments[0]!, rows = (int)data.Arguments[1]!;
                if (kernel.Path != ManagedGramKernel.BestPath && n > 70) continue; // slow paths: small sizes only
                var x = RandomChunk(rows, n, seed: n * 1000 + rows);
                var (cr, dr) = Run(ReferenceGramKernel.Instance, x, rows, n);
                var (cf, df) = Run(kernel, x, rows, n);
                var (pair, diag) = Compare(n, cf, df, cr, dr);
                worst = Math.Max(worst, pair);
                if (pair > Tolerance(blockRows) || diag > DiagonalTolerance)
                    failures.Add($"{kernel.Path} n={n} rows={rows}: pair {pair:E2}, diagonal {diag:E2}");
            }
        }
        TestContext.Out.WriteLine($"worst relative pair error {worst:E2} (tolerance {Tolerance(ManagedGramKernel.BlockRows):E2})");
        Assert.That(failures, Is.Empty);
    }

    [TestCase(0.0, false)]
    [TestCase(1000.0, false)]
    [TestCase(1000.0, true)]
    [TestCase(1e6, true)]
    public void MatchesReferenceWithOffsets(double offset, bool centre)
    {
        foreach (var (rows, n) in new[] { (1500, 97), (600, 257) })
        {
            var x = RandomChunk(rows, n, seed: 7 + n, offset, centre);
            var (cr, dr) = Run(ReferenceGramKernel.Instance, x, rows, n);
            var (cf, df) = Run(new ManagedGramKernel(), x, rows, n);
            var (pair, diag) = Compare(n, cf, df, cr, dr);
            TestContext.Out.WriteLine($"offset {offset} centred {centre} {rows}×{n}: pair {pair:E2}, diagonal {diag:E2}");
            Assert.That(pair, Is.LessThanOrEqualTo(Tolerance(ManagedGramKernel.BlockRows)));
            Assert.That(diag, Is.LessThanOrEqualTo(DiagonalTolerance));
        }
    }

    [Test]
    public void TypicalCentredErrorIsFarBelowTheBound()
    {
        const int rows = 1500, n = 130;
        var x = RandomChunk(rows, n, seed: 3, offset: 10, centre: true);
        var (cr, dr) = Run(ReferenceGramKernel.Instance, x, rows, n);
        var (cf, df) = Run(new ManagedGramKernel(), x, rows, n);
        Assert.That(Compare(n, cf, df, cr, dr).Pair, Is.LessThan(2e-6));
    }

    [Test]
    public void SeveralPassesMatchOnePass()
    {
        // A tiny packing budget forces passes of 128 rows (the minimum: one K-block) or 256 rows.
        foreach (var (rows, n) in new[] { (600, 130), (1500, 40), (257, 1) })
        {
            var x = RandomChunk(rows, n, seed: 31 + n, offset: 2, centre: true);
            var (cr, dr) = Run(ReferenceGramKernel.Instance, x, rows, n);
            foreach (long budget in new long[] { 1, 192 * 256 })
            {
                var (cf, df) = Run(new ManagedGramKernel(2, 64, 128, ManagedGramKernel.BestPath, budget), x, rows, n);
                var (pair, diag) = Compare(n, cf, df, cr, dr);
                Assert.That(pair, Is.LessThanOrEqualTo(Tolerance(128)), $"{rows}×{n}, budget {budget}");
                Assert.That(diag, Is.LessThanOrEqualTo(DiagonalTolerance), $"{rows}×{n}, budget {budget}");
            }
        }
    }

    [Test]
    public void AccumulatingTwiceAdds()
    {
        const int rows = 300, n = 75;
        var x = RandomChunk(rows, n, seed: 11);
        var y = RandomChunk(rows, n, seed: 12);
        var kernel = new ManagedGramKernel();
        var condensed = new double[n * (n - 1) / 2];
        var diagonal = new double[n];
        kernel.AddGram(x, rows, n, condensed, diagonal);
        kernel.AddGram(y, rows, n, condensed, diagonal);

        var both = x.Concat(y).ToArray();
        var (cr, dr) = Run(ReferenceGramKernel.Instance, both, 2 * rows, n);
        var (pair, diag) = Compare(n, condensed, diagonal, cr, dr);
        Assert.That(pair, Is.LessThanOrEqualTo(Tolerance(ManagedGramKernel.BlockRows)));
        Assert.That(diag, Is.LessThanOrEqualTo(DiagonalTolerance));

        // Adding into non-zero accumulators adds to what is there.
        var c2 = Enumerable.Repeat(5.0, condensed.Length).ToArray();
        var d2 = Enumerable.Repeat(7.0, n).ToArray();
        kernel.AddGram(x, rows, n, c2, d2);
        var (c1, d1) = Run(kernel, x, rows, n);
        for (int k = 0; k < c1.Length; k++) Assert.That(c2[k], Is.EqualTo(c1[k] + 5.0).Within(1e-9 * (1 + Math.Abs(c1[k]))));
        for (int i = 0; i < n; i++) Assert.That(d2[i], Is.EqualTo(d1[i] + 7.0).Within(1e-9 * (1 + d1[i])));
    }

    [Test]
    public void CondensedIndexMapping()
    {
        // Column j is the unit vector scaled so that every pair has a unique product: c[r, j] = 1 only for r == 0,
        // column values v_j = j + 1, so G[i, j] = (i + 1)(j + 1) sits at CondensedDistanceMatrix.IndexOf(n, i, j).
        foreach (int n in new[] { 1, 2, 31, 33, 65, 300 })
        {
            var x = new float[2 * n];
            for (int j = 0; j < n; j++) x[j] = j + 1;
            var condensed = new double[n * (n - 1) / 2];
            var diagonal = new double[n];
            new ManagedGramKernel().AddGram(x, 2, n, condensed, diagonal);
            var wrong = new List<string>();
            for (int i = 0; i < n; i++)
            {
                if (diagonal[i] != (double)(i + 1) * (i + 1)) wrong.Add($"diagonal[{i}] = {diagonal[i]}");
                for (int j = i + 1; j < n; j++)
                {
                    long k = CondensedDistanceMatrix.IndexOf(n, i, j);
                    if (condensed[k] != (double)(i + 1) * (j + 1)) wrong.Add($"({i}, {j}) at {k} = {condensed[k]}");
                }
            }
            Assert.That(wrong, Is.Empty, $"n={n}");
            if (n > 1) Assert.That(CondensedDistanceMatrix.PairOf(n, CondensedDistanceMatrix.IndexOf(n, n - 2, n - 1)), Is.EqualTo((n - 2, n - 1)));
        }
    }

    [Test]
    public void ChunkLongerThanNeededIsAccepted()
    {
        const int rows = 20, n = 9;
        var x = RandomChunk(rows + 3, n, seed: 5);
        var (cr, dr) = Run(ReferenceGramKernel.Instance, x, rows, n);
        var (cf, df) = Run(new ManagedGramKernel(), x, rows, n);
        var (pair, diag) = Compare(n, cf, df, cr, dr);
        Assert.That(pair, Is.LessThanOrEqualTo(Tolerance(ManagedGramKernel.BlockRows)));
        Assert.That(diag, Is.LessThanOrEqualTo(DiagonalTolerance));
    }

    [Test]
    public void ThreadCountDoesNotChangeTheResult()
    {
        foreach (var (rows, n) in new[] { (600, 700), (257, 300), (33, 97) })
        {
            var x = RandomChunk(rows, n, seed: rows + n, offset: 3);
            var (c1, d1) = Run(new ManagedGramKernel(1), x, rows, n);
            var (c2, d2) = Run(new ManagedGramKernel(2), x, rows, n);
            var (c4, d4) = Run(new ManagedGramKernel(4), x, rows, n);
            var (ca, da) = Run(new ManagedGramKernel(), x, rows, n);
            Assert.That(c2, Is.EqualTo(c1).AsCollection, "2 threads");
            Assert.That(c4, Is.EqualTo(c1).AsCollection, "4 threads");
            Assert.That(ca, Is.EqualTo(c1).AsCollection, "all cores");
            Assert.That(d2, Is.EqualTo(d1).AsCollection);
            Assert.That(d4, Is.EqualTo(d1).AsCollection);
            Assert.That(da, Is.EqualTo(d1).AsCollection);
        }
    }

    [Test]
    public void CancellationThrows()
    {
        const int rows = 64, n = 600;
        var x = RandomChunk(rows, n, seed: 1);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        foreach (int threads in new[] { 1, -1 })
        {
            var condensed = new double[n * (n - 1) / 2];
            var diagonal = new double[n];
            Assert.Throws<OperationCanceledException>(() => new ManagedGramKernel(threads).AddGram(x, rows, n, condensed, diagonal, cts.Token));
        }
    }

    [Test]
    public void CancellationDuringTheRunThrows()
    {
        // ~1.8e10 multiply-adds (≥ 0.1 s even at this machine's 2-core peak): a cancellation 5 ms in lands mid-run.
        const int rows = 4000, n = 3000;
        var x = RandomChunk(rows, n, seed: 2);
        foreach (int threads in new[] { 1, 2 })
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(5));
            var condensed = new double[n * (n - 1) / 2];
            var diagonal = new double[n];
            Assert.Throws<OperationCanceledException>(() => new ManagedGramKernel(threads).AddGram(x, rows, n, condensed, diagonal, cts.Token));
        }
    }

    [Test]
    public void ArgumentsAreChecked()
    {
        var k = new ManagedGramKernel();
        Assert.Throws<ArgumentOutOfRangeException>(() => k.AddGram(new float[4], -1, 2, new double[1], new double[2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => k.AddGram(new float[4], 2, 0, new double[0], new double[0]));
        Assert.Throws<ArgumentException>(() => k.AddGram(new float[3], 2, 2, new double[1], new double[2]));
        Assert.Throws<ArgumentException>(() => k.AddGram(new float[4], 2, 2, new double[2], new double[2]));
        Assert.Throws<ArgumentException>(() => k.AddGram(new float[4], 2, 2, new double[1], new double[3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new ManagedGramKernel(0));
        Assert.That(k.Name, Is.EqualTo("managed"));
    }

    [Test]
    public void PathMatchesHardware()
    {
        TestContext.Out.WriteLine($"best path: {ManagedGramKernel.BestPath}");
        if (System.Runtime.Intrinsics.X86.Avx512F.IsSupported && System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated)
            Assert.That(new ManagedGramKernel().Path, Is.EqualTo(KernelPath.Avx512));
    }

    /// <summary>
    /// Throughput probe (not a correctness test): GRAM_T × GRAM_N (default 5000 × 2000) in 4096-row chunks, 1 and 2 threads.
    /// Run it in Release (a Debug build disables the JIT optimiser): <c>GRAM_T=20000 GRAM_N=9984 dotnet test -c Release
    /// tests/CodeNeurons.Core.Tests --filter "FullyQualifiedName~ManagedGramKernelTests.Throughput" --logger "console;verbosity=detailed"</c>.
    /// </summary>
    [Test, Explicit("throughput probe")]
    public void Throughput()
    {
        int t = int.TryParse(Environment.GetEnvironmentVariable("GRAM_T"), out var tt) ? tt : 5000;
        int n = int.TryParse(Environment.GetEnvironmentVariable("GRAM_N"), out var nn) ? nn : 2000;
        const int chunkRows = 4096;
        var rng = new Random(1);
        var x = new float[(long)t * n];
        for (long i = 0; i < x.LongLength; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
        var condensed = new double[(long)n * (n - 1) / 2];
        var diagonal = new double[n];
        double flops = 2.0 * t * ((double)n * (n - 1) / 2);
        foreach (int threads in new[] { 1, 2 })
        {
            var kernel = new ManagedGramKernel(threads);
            double best = double.MaxValue;
            for (int rep = 0; rep < 3; rep++)
            {
                var sw = Stopwatch.StartNew();
                for (int r0 = 0; r0 < t; r0 += chunkRows)
                {
                    int rows = Math.Min(chunkRows, t - r0);
                    kernel.AddGram(x.AsSpan(r0 * n, rows * n), rows, n, condensed, diagonal);
                }
                best = Math.Min(best, sw.Elapsed.TotalSeconds);
            }
            TestContext.Out.WriteLine($"{t}×{n}, {threads} thread(s): {best:F3} s, {flops / best / 1e9:F1} GFLOP/s");
        }
    }
}
