using CodeNeurons.Redundancy;
using CodeNeurons.Torch;
using TorchSharp;

namespace CodeNeurons.Tests.Torch;

[TestFixture]
public sealed class TorchGramKernelTests
{
    private static float[] RandomChunk(int rows, int n, int seed, double offset = 0)
    {
        var rng = new Random(seed);
        var a = new float[rows * n];
        for (int k = 0; k < a.Length; k++) a[k] = (float)(rng.NextDouble() * 2 - 1 + offset);
        return a;
    }

    /// <summary>
    /// Runs both kernels on the same chunks (two calls, accumulators starting non-zero) and checks every entry:
    /// |torch − reference| ≤ tol·√(d_i·d_j) + 1e-9, the float32 error scale (Cauchy–Schwarz bound of |G_ij|).
    /// </summary>
    private static void AssertParity(IGramKernel kernel, int rows, int n, int seed, double tol)
    {
        long m = CondensedDistanceMatrix.LengthFor(n);
        var c1 = new double[m]; var d1 = new double[n];
        var c2 = new double[m]; var d2 = new double[n];
        for (int k = 0; k < m; k++) c1[k] = c2[k] = 0.25 * (k % 7);
        for (int k = 0; k < n; k++) d1[k] = d2[k] = 1.5;
        for (int call = 0; call < 2; call++)
        {
            var chunk = RandomChunk(rows, n, seed + call, offset: 0.3);
            ReferenceGramKernel.Instance.AddGram(chunk, rows, n, c1, d1);
            kernel.AddGram(chunk, rows, n, c2, d2);
        }
        for (int i = 0; i < n; i++)
            Assert.That(d2[i], Is.EqualTo(d1[i]).Within(tol * d1[i] + 1e-9), $"diagonal[{i}]");
        double worst = 0;
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
            {
                long k = CondensedDistanceMatrix.IndexOf(n, i, j);
                double scale = Math.Sqrt(d1[i] * d1[j]);
                double err = Math.Abs(c2[k] - c1[k]) / scale;
                worst = Math.Max(worst, err);
                if (err > tol + 1e-9 / scale)
                    Assert.Fail($"condensed({i},{j}): torch {c2[k]} vs reference {c1[k]} (relative {err:E2} > {tol:E1})");
            }
        TestContext.Out.WriteLine($"{kernel.Name} rows={rows} n={n}: worst relative error {worst:E2}");
    }

    // (rows, n, blockSize): blocks smaller than, equal to, not dividing and larger than n; n = 1 and 2; one row.
    [TestCase(1, 1, 2048)]
    [TestCase(3, 2, 2048)]
    [TestCase(1, 17, 4)]
    [TestCase(5, 17, 4)]
    [TestCase(64, 33, 8)]
    [TestCase(64, 33, 33)]
    [TestCase(64, 33, 32)]
    [TestCase(200, 100, 7)]
    [TestCase(300, 257, 64)]
    [TestCase(1000, 300, 2048)]
    [TestCase(2000, 150, 16)]
    public void MatchesReferenceOnCpu(int rows, int n, int blockSize)
    {
        var kernel = new TorchGramKernel(new TorchGramKernelOptions { Device = "cpu", BlockSize = blockSize });
        // float32 products: errors ~ √rows·6e-8 relative to √(d_i d_j); 2e-5 leaves a wide margin up to 2000 rows.
        AssertParity(kernel, rows, n, seed: rows * 31 + n, tol: 2e-5);
    }

    [Test]
    public void ZeroRowsAddNothing()
    {
        var kernel = new TorchGramKernel();
        var c = new double[] { 1, 2, 3 }; var d = new double[] { 4, 5, 6 };
        kernel.AddGram(ReadOnlySpan<float>.Empty, 0, 3, c, d);
        Assert.That(c, Is.EqualTo(new double[] { 1, 2, 3 }));
        Assert.That(d, Is.EqualTo(new double[] { 4, 5, 6 }));
    }

    [Test]
    public void ExactOnSmallIntegers()
    {
        // Small integers: float32 products and sums are exact, so the result must equal the reference exactly.
        int rows = 50, n = 40;
        var rng = new Random(5);
        var chunk = new float[rows * n];
        for (int k = 0; k < chunk.Length; k++) chunk[k] = rng.Next(-4, 5);
        long m = CondensedDistanceMatrix.LengthFor(n);
        var c1 = new double[m]; var d1 = new double[n]; var c2 = new double[m]; var d2 = new double[n];
        ReferenceGramKernel.Instance.AddGram(chunk, rows, n, c1, d1);
        new TorchGramKernel(new TorchGramKernelOptions { BlockSize = 6 }).AddGram(chunk, rows, n, c2, d2);
        Assert.That(c2, Is.EqualTo(c1));
        Assert.That(d2, Is.EqualTo(d1));
    }

    [Test]
    public void MultiSlabUploadMatches()
    {
        int saved = TorchGramKernel.UploadSlabElements;
        try
        {
            TorchGramKernel.UploadSlabElements = 3 * 37 + 5;   // 3 rows per slab, last slab partial
            AssertParity(new TorchGramKernel(new TorchGramKernelOptions { BlockSize = 10 }), 20, 37, seed: 9, tol: 2e-5);
        }
        finally { TorchGramKernel.UploadSlabElements = saved; }
    }

    [Test]
    public void ChunkLongerThanNeededIsAllowed()
    {
        var chunk = RandomChunk(11, 9, 3);          // 99 values, use only the first 10 rows
        long m = CondensedDistanceMatrix.LengthFor(9);
        var c1 = new double[m]; var d1 = new double[9]; var c2 = new double[m]; var d2 = new double[9];
        ReferenceGramKernel.Instance.AddGram(chunk, 10, 9, c1, d1);
        new TorchGramKernel().AddGram(chunk, 10, 9, c2, d2);
        Assert.That(c2, Is.EqualTo(c1).Within(1e-5));
        Assert.That(d2, Is.EqualTo(d1).Within(1e-5));
    }

    [Test]
    public void NoTensorsLeak()
    {
        var kernel = new TorchGramKernel(new TorchGramKernelOptions { BlockSize = 8 });
        var chunk = RandomChunk(30, 50, 1);
        var c = new double[CondensedDistanceMatrix.LengthFor(50)]; var d = new double[50];
        kernel.AddGram(chunk, 30, 50, c, d);              // warm-up (first-use allocations)
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (int k = 0; k < 3; k++) kernel.AddGram(chunk, 30, 50, c, d);
        Assert.That(DisposeScopeManager.Statistics.ThreadTotalLiveCount, Is.EqualTo(before));
    }

    [Test]
    public void CancellationStopsBetweenBlocks()
    {
        var kernel = new TorchGramKernel(new TorchGramKernelOptions { BlockSize = 4 });
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var c = new double[CondensedDistanceMatrix.LengthFor(10)]; var d = new double[10];
        Assert.Throws<OperationCanceledException>(() => kernel.AddGram(RandomChunk(3, 10, 1), 3, 10, c, d, cts.Token));
    }

    [Test]
    public void WrongLengthsThrow()
    {
        var kernel = new TorchGramKernel();
        Assert.Throws<ArgumentException>(() => kernel.AddGram(new float[5], 2, 3, new double[3], new double[3]));
        Assert.Throws<ArgumentException>(() => kernel.AddGram(new float[6], 2, 3, new double[2], new double[3]));
        Assert.Throws<ArgumentException>(() => kernel.AddGram(new float[6], 2, 3, new double[3], new double[2]));
    }

    [TestCase("gpu")]
    [TestCase("")]
    [TestCase("cuda:x")]
    [TestCase("cuda:-1")]
    public void BadDeviceStringThrows(string device)
    {
        var ex = Assert.Throws<ArgumentException>(() => new TorchGramKernel(device));
        Assert.That(ex!.Message, Does.Contain("cpu"));
        Assert.That(TorchDevices.TryResolve(device, out var resolved, out var error), Is.False);
        Assert.That(resolved, Is.Null);
        Assert.That(error, Is.Not.Null.And.Not.Empty);
    }

    [Test]
    public void BadBlockSizeThrows()
        => Assert.Throws<ArgumentOutOfRangeException>(() => new TorchGramKernel(new TorchGramKernelOptions { BlockSize = 0 }));

    [TestCase("cpu")]
    [TestCase(" CPU ")]
    [TestCase("auto")]
    public void CpuAndAutoResolve(string device)
    {
        Assert.That(TorchDevices.TryResolve(device, out var resolved, out var error), Is.True, error);
        if (!torch.cuda.is_available()) Assert.That(resolved!.type, Is.EqualTo(DeviceType.CPU));
        Assert.That(new TorchGramKernel(device).Name, Does.StartWith("torch-"));
    }

    [Test]
    public void CudaWithoutCudaNamesThePackage()
    {
        Assume.That(torch.cuda.is_available(), Is.False, "CUDA is available here");
        var ex = Assert.Throws<NotSupportedException>(() => new TorchGramKernel("cuda"));
        Assert.That(ex!.Message, Does.Contain("TorchSharp-cuda-linux"));
        Assert.That(TorchDevices.TryResolve("cuda:0", out _, out var error), Is.False);
        Assert.That(error, Does.Contain("TorchSharp-cuda-linux"));
    }

    [Test]
    public void NamesTheDevice() => Assert.That(new TorchGramKernel().Name, Is.EqualTo("torch-cpu"));

    [TestCase(2000, 300, 128, false, 2e-5)]
    [TestCase(4000, 1000, 2048, false, 2e-5)]
    [TestCase(4000, 1000, 256, true, 2e-3)]   // TF32: ~10-bit mantissa products
    [Category("Cuda")]
    public void MatchesReferenceOnCuda(int rows, int n, int blockSize, bool tf32, double tol)
    {
        Assume.That(torch.cuda.is_available(), "CUDA is not available");
        var kernel = new TorchGramKernel(new TorchGramKernelOptions { Device = "cuda", BlockSize = blockSize, AllowTf32 = tf32 });
        Assert.That(kernel.Name, Does.StartWith("torch-cuda"));
        AssertParity(kernel, rows, n, seed: 7, tol: tol);
    }

    [Test]
    [Category("Cuda")]
    public void CudaRestoresTf32Setting()
    {
        Assume.That(torch.cuda.is_available(), "CUDA is not available");
        bool before = torch.backends.cuda.matmul.allow_tf32;
        var kernel = new TorchGramKernel(new TorchGramKernelOptions { Device = "cuda", AllowTf32 = !before });
        var c = new double[CondensedDistanceMatrix.LengthFor(10)]; var d = new double[10];
        kernel.AddGram(RandomChunk(4, 10, 1), 4, 10, c, d);
        Assert.That(torch.backends.cuda.matmul.allow_tf32, Is.EqualTo(before));
    }

    [Test]
    [Category("Cuda")]
    public void NoTensorsLeakOnCuda()
    {
        Assume.That(torch.cuda.is_available(), "CUDA is not available");
        var kernel = new TorchGramKernel(new TorchGramKernelOptions { Device = "cuda", BlockSize = 8 });
        var chunk = RandomChunk(30, 50, 1);
        var c = new double[CondensedDistanceMatrix.LengthFor(50)]; var d = new double[50];
        kernel.AddGram(chunk, 30, 50, c, d);
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (int k = 0; k < 3; k++) kernel.AddGram(chunk, 30, 50, c, d);
        Assert.That(DisposeScopeManager.Statistics.ThreadTotalLiveCount, Is.EqualTo(before));
    }
}
