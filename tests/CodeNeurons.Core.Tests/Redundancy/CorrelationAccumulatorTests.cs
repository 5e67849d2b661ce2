using CodeNeurons.Redundancy;

namespace CodeNeurons.Tests.Redundancy;

public class CorrelationAccumulatorTests
{
    private static IEnumerable<IGramKernel> Kernels() => [ReferenceGramKernel.Instance, new ManagedGramKernel()];

    [TestCaseSource(nameof(Kernels))]
    public void DistancesMatchTwoPassDoublePearsonForAnyChunking(IGramKernel kernel)
    {
        const int rows = 157, cols = 23;
        var x = TestData.RandomMatrix(rows, cols, seed: 3, offsetScale: 50);
        foreach (int chunk in new[] { 1, 7, 64, rows })
        {
            var acc = new CorrelationAccumulator(cols, kernel);
            for (int r0 = 0; r0 < rows; r0 += chunk)
            {
                int n = Math.Min(chunk, rows - r0);
                acc.Add(x.AsSpan(r0 * cols, n * cols), n);
            }
            Assert.That(acc.Count, Is.EqualTo(rows));
            var d = acc.ToDistances();
            var ds = acc.ToDistances(signed: true);
            for (int i = 0; i < cols; i++)
                for (int j = i + 1; j < cols; j++)
                {
                    double r = TestData.Pearson(x, rows, cols, i, j);
                    // float32 centring and products: |Δr| ≤ 1e-5 is far below any meaningful threshold spacing.
                    Assert.That(d[i, j], Is.EqualTo(1 - Math.Abs(r)).Within(1e-5), $"chunk {chunk}, pair ({i},{j})");
                    Assert.That(ds[i, j], Is.EqualTo(1 - r).Within(1e-5), $"chunk {chunk}, pair ({i},{j}) signed");
                    Assert.That(acc.Correlation(i, j), Is.EqualTo(r).Within(1e-5));
                }
        }
    }

    [Test]
    public void MergingPartialAccumulatorsEqualsOnePass()
    {
        const int rows = 300, cols = 17;
        var x = TestData.RandomMatrix(rows, cols, seed: 11, offsetScale: 1000);
        var whole = new CorrelationAccumulator(cols, ReferenceGramKernel.Instance);
        whole.Add(x, rows);
        var a = new CorrelationAccumulator(cols, ReferenceGramKernel.Instance);
        var b = new CorrelationAccumulator(cols, ReferenceGramKernel.Instance);
        a.Add(x.AsSpan(0, 100 * cols), 100);
        b.Add(x.AsSpan(100 * cols), 200);
        var empty = new CorrelationAccumulator(cols, ReferenceGramKernel.Instance);
        empty.Merge(a);
        empty.Merge(b);
        Assert.That(empty.Count, Is.EqualTo(rows));
        for (int j = 0; j < cols; j++)
        {
            Assert.That(empty.Mean[j], Is.EqualTo(whole.Mean[j]).Within(1e-7 * Math.Max(1, Math.Abs(whole.Mean[j]))));
            Assert.That(empty.SumOfSquares[j], Is.EqualTo(whole.SumOfSquares[j]).Within(1e-7 * whole.SumOfSquares[j]));
        }
        var d1 = whole.ToDistances().Values;
        var d2 = empty.ToDistances().Values;
        Assert.That(d2, Is.EqualTo(d1).AsCollection.Within(1e-7));
    }

    [Test]
    public void ZeroVarianceNeuronHasDistanceOneNeverNan()
    {
        const int rows = 50, cols = 4;
        var x = TestData.RandomMatrix(rows, cols, seed: 5);
        for (int r = 0; r < rows; r++) { x[r * cols + 2] = 3.25f; }
        var acc = new CorrelationAccumulator(cols);
        acc.Add(x.AsSpan(0, 20 * cols), 20);
        acc.Add(x.AsSpan(20 * cols), 30);
        var d = acc.ToDistances();
        var ds = acc.ToDistances(signed: true);
        for (int j = 0; j < cols; j++)
        {
            if (j == 2) continue;
            Assert.That(d[2, j], Is.EqualTo(1.0), "1 − |0| is exactly 1");
            Assert.That(ds[2, j], Is.EqualTo(1.0));
        }
        Assert.That(d.Values.All(double.IsFinite), Is.True);
    }

    [Test]
    public void SingleRowGivesZeroCorrelations()
    {
        var acc = new CorrelationAccumulator(3);
        acc.Add(new float[] { 1, 2, 3 }, 1);
        Assert.That(acc.ToDistances().Values, Is.EqualTo(new[] { 1.0, 1.0, 1.0 }));
    }

    [Test]
    public void NonFiniteValuesAreRejectedWithRowAndColumn()
    {
        var acc = new CorrelationAccumulator(3);
        acc.Add(new float[] { 1, 2, 3, 4, 5, 6 }, 2);
        var ex = Assert.Throws<ArgumentException>(() => acc.Add(new float[] { 1, 2, 3, 4, float.NaN, 6 }, 2));
        Assert.That(ex!.Message, Does.Contain("row 3 overall").And.Contain("column 1").And.Contain("NaN"));
        Assert.Throws<ArgumentException>(() => acc.Add(new float[] { float.PositiveInfinity, 2, 3 }, 1));
        Assert.That(acc.Count, Is.EqualTo(2), "a rejected chunk leaves the accumulator unchanged");
    }

    [Test]
    public void BadArgumentsAreNamed()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CorrelationAccumulator(0));
        var acc = new CorrelationAccumulator(4);
        Assert.Throws<InvalidOperationException>(() => acc.ToDistances());
        var ex = Assert.Throws<ArgumentException>(() => acc.Add(new float[7], 2));
        Assert.That(ex!.Message, Does.Contain("2 rows × 4 neurons"));
        Assert.Throws<ArgumentException>(() => acc.Merge(new CorrelationAccumulator(5)));
        acc.Add(new float[] { 1, 2, 3, 4, 2, 2, 2, 2 }, 2);
        acc.ToDistances(consume: true);
        Assert.Throws<InvalidOperationException>(() => acc.ToDistances());
    }
}

public class CorrelationAccumulatorFileTests : TempDirectoryTest
{
    [Test]
    public void SavedPartialsFromTwoMachinesLoadAndMergeLikeOnePass()
    {
        const int rows = 240, cols = 19;
        var x = TestData.RandomMatrix(rows, cols, seed: 21, offsetScale: 10);
        var first = new CorrelationAccumulator(cols);
        first.Add(x.AsSpan(0, 90 * cols), 90);
        var second = new CorrelationAccumulator(cols);
        second.Add(x.AsSpan(90 * cols), 150);
        string a = Path.Combine(TempDir, "a.corr"), b = Path.Combine(TempDir, "b.corr");
        first.Save(a);
        second.Save(b);
        var merged = CorrelationAccumulator.Load(a);
        merged.Merge(CorrelationAccumulator.Load(b));
        var whole = new CorrelationAccumulator(cols, ReferenceGramKernel.Instance);
        whole.Add(x, rows);
        Assert.That(merged.Count, Is.EqualTo(rows));
        Assert.That(merged.ToDistances().Values, Is.EqualTo(whole.ToDistances().Values).AsCollection.Within(1e-6));
        Assert.That(Directory.GetFiles(TempDir), Has.Length.EqualTo(2), "no temporary files");
    }

    [Test]
    public void TruncatedOrForeignFilesAreNamed()
    {
        var acc = new CorrelationAccumulator(5);
        acc.Add(TestData.RandomMatrix(10, 5, 1), 10);
        string path = Path.Combine(TempDir, "x.corr");
        acc.Save(path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^8]);
        var ex = Assert.Throws<InvalidDataException>(() => CorrelationAccumulator.Load(path));
        Assert.That(ex!.Message, Does.Contain("x.corr").And.Contain("truncated"));
        File.WriteAllText(path, "hello world, not an accumulator");
        ex = Assert.Throws<InvalidDataException>(() => CorrelationAccumulator.Load(path));
        Assert.That(ex!.Message, Does.Contain("CNCORR01"));
    }
}
