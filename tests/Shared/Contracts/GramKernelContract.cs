using CodeNeurons.Redundancy;

namespace CodeNeurons.Tests.Contracts;

/// <summary>
/// The <see cref="IGramKernel"/> contract: the accumulated upper half and diagonal equal a double-precision naive
/// product for every size, accumulating adds, a longer chunk is accepted, bad shapes and cancellation throw. Runs against
/// <see cref="ManagedGramKernel"/> and <see cref="ReferenceGramKernel"/> (core tests) and the TorchSharp kernel (Torch tests).
/// </summary>
public abstract class GramKernelContract
{
    /// <summary>The kernel under test.</summary>
    protected abstract IGramKernel CreateKernel();

    /// <summary>Relative tolerance against the float64 product (float32 kernels round their products).</summary>
    protected virtual double Tolerance => 1e-5;

    private static float[] Chunk(int rows, int n, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, rows * n).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
    }

    private static (double[] Condensed, double[] Diagonal) Naive(float[] x, int rows, int n)
    {
        var c = new double[n * (n - 1) / 2];
        var d = new double[n];
        int k = 0;
        for (int i = 0; i < n; i++)
        {
            for (int r = 0; r < rows; r++) d[i] += (double)x[r * n + i] * x[r * n + i];
            for (int j = i + 1; j < n; j++, k++)
                for (int r = 0; r < rows; r++) c[k] += (double)x[r * n + i] * x[r * n + j];
        }
        return (c, d);
    }

    private void AssertClose(double[] actual, double[] expected, int rows)
    {
        for (int i = 0; i < expected.Length; i++)
            Assert.That(actual[i], Is.EqualTo(expected[i]).Within(Tolerance * (rows + Math.Abs(expected[i]))), $"entry {i}");
    }

    [TestCase(1, 2)]
    [TestCase(7, 3)]
    [TestCase(33, 17)]
    [TestCase(64, 70)]
    public void UpperHalfAndDiagonalEqualTheNaiveProduct(int rows, int n)
    {
        var x = Chunk(rows, n, rows * 31 + n);
        var condensed = new double[n * (n - 1) / 2];
        var diagonal = new double[n];
        CreateKernel().AddGram(x, rows, n, condensed, diagonal);
        var (c, d) = Naive(x, rows, n);
        AssertClose(condensed, c, rows);
        AssertClose(diagonal, d, rows);
    }

    [Test]
    public void AccumulatingTwoChunksAddsThem()
    {
        const int n = 9;
        var a = Chunk(20, n, 1);
        var b = Chunk(13, n, 2);
        var condensed = new double[n * (n - 1) / 2];
        var diagonal = new double[n];
        var kernel = CreateKernel();
        kernel.AddGram(a, 20, n, condensed, diagonal);
        kernel.AddGram(b, 13, n, condensed, diagonal);
        var (c, d) = Naive([.. a, .. b], 33, n);
        AssertClose(condensed, c, 33);
        AssertClose(diagonal, d, 33);
    }

    [Test]
    public void ALongerChunkUsesOnlyItsFirstRows()
    {
        const int n = 5;
        var x = Chunk(10, n, 3);
        var condensed = new double[n * (n - 1) / 2];
        var diagonal = new double[n];
        CreateKernel().AddGram(x, 4, n, condensed, diagonal);
        var (c, d) = Naive(x[..(4 * n)], 4, n);
        AssertClose(condensed, c, 4);
        AssertClose(diagonal, d, 4);
    }

    [Test]
    public void BadShapesAndCancellationThrow()
    {
        var kernel = CreateKernel();
        Assert.Throws<ArgumentException>(() => kernel.AddGram(new float[5], 2, 3, new double[3], new double[3]));
        Assert.Throws<ArgumentException>(() => kernel.AddGram(new float[6], 2, 3, new double[2], new double[3]));
        Assert.Throws<ArgumentException>(() => kernel.AddGram(new float[6], 2, 3, new double[3], new double[2]));
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.That(() => kernel.AddGram(Chunk(8, 4, 4), 8, 4, new double[6], new double[4], cts.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(kernel.Name, Is.Not.Empty);
    }
}
