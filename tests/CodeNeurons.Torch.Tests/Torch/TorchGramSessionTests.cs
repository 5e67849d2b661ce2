using CodeNeurons.Data;
using CodeNeurons.Redundancy;
using CodeNeurons.Torch;
using TorchSharp;

namespace CodeNeurons.Tests.Torch;

/// <summary>The device-resident running sum (used on CUDA by default), exercised on CPU with DeviceAccumulation.Always.</summary>
public class TorchGramSessionTests
{
    private static TorchGramKernel Always() => new(new TorchGramKernelOptions { Device = "cpu", DeviceAccumulation = DeviceAccumulation.Always });

    [Test]
    public void SessionIsOpenedOnlyWhereAsked()
    {
        Assert.That(new TorchGramKernel("cpu").OpenSession(4), Is.Null, "Auto on CPU: per-call half products");
        using var s = Always().OpenSession(4);
        Assert.That(s, Is.Not.Null);
        Assert.That(new TorchGramKernel(new TorchGramKernelOptions { DeviceAccumulation = DeviceAccumulation.Never }).OpenSession(4), Is.Null);
    }

    [TestCase(1, 7)]
    [TestCase(57, 7)]
    [TestCase(300, 5000)]
    public void AccumulatorWithADeviceSessionMatchesTheReference(int cols, int chunkRows)
    {
        const int rows = 640;
        var x = TestData.RandomMatrix(rows, cols, seed: cols, offsetScale: 20);
        using var session = new CorrelationAccumulator(cols, Always());
        var reference = new CorrelationAccumulator(cols, ReferenceGramKernel.Instance);
        for (int r0 = 0; r0 < rows; r0 += chunkRows)
        {
            int k = Math.Min(chunkRows, rows - r0);
            session.Add(x.AsSpan(r0 * cols, k * cols), k);
            reference.Add(x.AsSpan(r0 * cols, k * cols), k);
        }
        if (cols > 1) Assert.That(session.Correlation(0, cols - 1), Is.EqualTo(reference.Correlation(0, cols - 1)).Within(1e-6));
        Assert.That(session.SumOfSquares, Is.EqualTo(reference.SumOfSquares).AsCollection.Within(1e-9 * reference.SumOfSquares.Max()));
        Assert.That(session.ToDistances().Values, Is.EqualTo(reference.ToDistances().Values).AsCollection.Within(1e-6));
    }

    [Test]
    public void ClusteringThroughASessionEqualsManaged()
    {
        var acts = SyntheticActivations.Create(new() { Layers = 2, NeuronsPerLayer = 30, Rows = 500, Groups = 8, Seed = 31 }).Activations;
        var options = new CorrelationClusteringOptions { Thresholds = [0.3, 0.5, 0.8], ChunkRows = 128 };
        var managed = new CorrelationClustering(options).Cluster(acts);
        var torch = new CorrelationClustering(options, Always()).Cluster(acts);
        Assert.That(torch.Cuts.Select(c => c.Labels), Is.EqualTo(managed.Cuts.Select(c => c.Labels)));
    }

    [Test]
    public void DisposingTheAccumulatorFreesTheDeviceTensorAndKeepsTheState()
    {
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var x = TestData.RandomMatrix(50, 6, seed: 2);
        double r;
        var acc = new CorrelationAccumulator(6, Always());
        acc.Add(x, 50);
        acc.Dispose();
        r = acc.Correlation(1, 4);
        var reference = new CorrelationAccumulator(6, ReferenceGramKernel.Instance);
        reference.Add(x, 50);
        Assert.That(r, Is.EqualTo(reference.Correlation(1, 4)).Within(1e-6));
        Assert.That(DisposeScopeManager.Statistics.ThreadTotalLiveCount, Is.EqualTo(before));
    }
}
