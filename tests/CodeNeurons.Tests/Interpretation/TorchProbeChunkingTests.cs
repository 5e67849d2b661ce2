using CodeNeurons.Interpretation;
using CodeNeurons.Torch.Interpretation;

namespace CodeNeurons.Tests.Interpretation;

/// <summary>The GPU path of <see cref="TorchElasticNetProbe"/> (rows uploaded in chunks of several minibatches, the loss
/// kept on the device) run on the CPU: it must train exactly the probe that per-batch training does.</summary>
public class TorchProbeChunkingTests
{
    [TestCase(96, ProbeTask.Classification, true)]     // chunks of 3 batches; 203 rows leave a partial chunk and a partial batch
    [TestCase(32, ProbeTask.Classification, false)]    // a chunk of exactly one batch
    [TestCase(10_000, ProbeTask.Regression, true)]     // one chunk holds the whole training set
    public void ChunkedUploads_TrainTheSameProbe(int chunkRows, ProbeTask task, bool shuffle)
    {
        var options = new ProbeOptions { Epochs = 3, BatchSize = 32, LearningRate = 0.01, L1 = 1e-4, L2 = 1e-4, Seed = 5, Shuffle = shuffle };
        var perBatch = new TorchElasticNetProbe(options);
        var chunked = new TorchElasticNetProbe(options) { ChunkOnCpu = true, DeviceChunkRows = chunkRows };
        ProbeResult a, b;
        if (task == ProbeTask.Classification)
        {
            var (x, y) = ProbeTestData.Classification(203, 12, 3, 4);
            (a, b) = (perBatch.Fit(x, y), chunked.Fit(x, y));
        }
        else
        {
            var (x, t) = ProbeTestData.Regression(203, 12, 4);
            (a, b) = (perBatch.FitRegression(x, t), chunked.FitRegression(x, t));
        }
        Assert.That(b.Probe.GetWeights(), Is.EqualTo(a.Probe.GetWeights()));
        Assert.That(b.TrainLosses, Is.EqualTo(a.TrainLosses).Within(1e-12));
        Assert.That(b.EpochsRun, Is.EqualTo(3));
    }
}
