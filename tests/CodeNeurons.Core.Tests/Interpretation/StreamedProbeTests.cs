using CodeNeurons.Data;
using CodeNeurons.Formats;
using CodeNeurons.Interpretation;
using CodeNeurons.Tests.Analysis;

namespace CodeNeurons.Tests.Interpretation;

/// <summary>
/// A probe trained on rows read from a raw folder (<see cref="RawActivationRows"/>, one minibatch in memory) against the
/// same probe trained on the in-memory <see cref="ActivationSet"/>: same setup, batches and arithmetic, so the weights,
/// biases and loss histories are equal bit for bit (no tolerance).
/// </summary>
public class StreamedProbeTests : TempDirectoryTest
{
    private static readonly string[] Names = ["A", "B", "C", "D"];

    private string WriteRaw(string name, ActivationSet set, int[] labels)
    {
        string folder = Path.Combine(TempDir, name);
        RawActivationFolder.Write(set, folder, new RawLabels(labels, Names));
        return folder;
    }

    private static IEnumerable<TestCaseData> Options()
    {
        yield return new TestCaseData(new ProbeOptions { Epochs = 4, LearningRate = 0.05, BatchSize = 16, L1 = 1e-3, L2 = 1e-3, Seed = 5 }).SetName("AdamShuffledElasticNet");
        yield return new TestCaseData(new ProbeOptions { Epochs = 4, LearningRate = 0.05, BatchSize = 7, Optimizer = ProbeOptimizer.Sgd, Shuffle = false, ClassWeights = ClassWeighting.Balanced, Seed = 2 }).SetName("SgdInOrderBalanced");
        yield return new TestCaseData(new ProbeOptions { Epochs = 6, LearningRate = 0.05, BatchSize = 32, Standardize = true, Patience = 1, Seed = 9 }).SetName("StandardizedWithEarlyStopping");
    }

    [TestCaseSource(nameof(Options))]
    public void StreamedProbeEqualsTheInMemoryProbeBitForBit(ProbeOptions options)
    {
        var (train, y) = CcfsTestData.Planted(150, 1);
        var (dev, yDev) = CcfsTestData.Planted(60, 2);
        var labels = ClassLabels.FromIds(y, Names);
        var devLabels = ClassLabels.FromIds(yDev, Names);
        using var rows = RawActivationRows.Open(WriteRaw("train", train, y));
        using var devRows = RawActivationRows.Open(WriteRaw("dev", dev, yDev));
        var probe = new ManagedElasticNetProbe(options);

        var dense = probe.Fit(new LabeledActivations(train, labels), new LabeledActivations(dev, devLabels));
        var streamed = probe.Fit(new LabeledRows(rows, labels), new LabeledRows(devRows, devLabels));

        Assert.That(streamed.Probe.Weights.ToArray(), Is.EqualTo(dense.Probe.Weights.ToArray()));
        Assert.That(streamed.Probe.Bias, Is.EqualTo(dense.Probe.Bias));
        Assert.That(streamed.Probe.Means, Is.EqualTo(dense.Probe.Means));
        Assert.That(streamed.Probe.Scales, Is.EqualTo(dense.Probe.Scales));
        Assert.That(streamed.TrainLosses, Is.EqualTo(dense.TrainLosses));
        Assert.That(streamed.DevLosses, Is.EqualTo(dense.DevLosses));
        Assert.That((streamed.EpochsRun, streamed.BestEpoch, streamed.StoppedEarly), Is.EqualTo((dense.EpochsRun, dense.BestEpoch, dense.StoppedEarly)));
        Assert.That(streamed.Probe.Predict(devRows), Is.EqualTo(dense.Probe.Predict(dev)));
        Assert.That(streamed.Probe.Scores(devRows, chunkRows: 7), Is.EqualTo(dense.Probe.Scores(dev)));
    }

    [Test]
    public void ProbeOnAColumnViewEqualsTheProbeOnTheSelectedSet()
    {
        var (train, y) = CcfsTestData.Planted(120, 3);
        var labels = ClassLabels.FromIds(y, Names);
        using var rows = RawActivationRows.Open(WriteRaw("train", train, y));
        int[] ids = [39, 3, 23, 25, 17, 24];
        var probe = new ManagedElasticNetProbe(CcfsTestData.FastProbe with { Epochs = 3 });

        var dense = probe.Fit(new LabeledActivations(train.SelectNeurons(ids), labels));
        var streamed = probe.Fit(new LabeledRows(rows.SelectNeurons(ids), labels));

        Assert.That(streamed.Probe.NeuronIds, Is.EqualTo(new[] { 3, 17, 23, 24, 25, 39 }));
        Assert.That(streamed.Probe.Weights.ToArray(), Is.EqualTo(dense.Probe.Weights.ToArray()));
        Assert.That(streamed.TrainLosses, Is.EqualTo(dense.TrainLosses));
    }

    [Test]
    public void ColumnViewsReadTheSelectedValuesAcrossDistantSegments()
    {
        // 3000 columns: the selection spans three range reads (gaps > ColumnView.MaxGap) and one contiguous run.
        const int n = 3000, t = 5;
        var values = Enumerable.Range(0, t * n).Select(i => (float)(i % 9973) * 0.5f).ToArray();
        var set = ActivationSet.Create(values, t, LayerLayout.Create(3, 1000));
        string folder = Path.Combine(TempDir, "wide");
        RawActivationFolder.Write(set, folder);
        using var raw = RawActivationRows.Open(folder);
        int[] ids = [2999, 0, 1, 2, 5, 1500, 1502, 2998];
        var view = raw.SelectNeurons(ids).SelectNeurons([0, 5, 1502, 2999]);
        var expected = set.SelectNeurons([0, 5, 1502, 2999]);
        var got = new float[t * 4];
        view.ReadRows([4, 0, 2, 1, 3], got);
        int[] order = [4, 0, 2, 1, 3];
        for (int i = 0; i < order.Length; i++)
            Assert.That(got.AsSpan(i * 4, 4).ToArray(), Is.EqualTo(expected.Row(order[i]).ToArray()), $"row {order[i]}");
        Assert.That(ActivationRows.ReadAll(raw.SelectNeurons(ids), chunkRows: 2).Values.ToArray(), Is.EqualTo(set.SelectNeurons(ids).Values.ToArray()));
        Assert.That(ActivationRows.ReadAll(ActivationRows.Of(set).SelectNeurons(ids)).Values.ToArray(), Is.EqualTo(set.SelectNeurons(ids).Values.ToArray()));
    }

    [Test]
    public void BadRowsGiveClearErrors()
    {
        var (train, y) = CcfsTestData.Make(20, 1);
        string folder = WriteRaw("bad", train, y);
        using (var rows = RawActivationRows.Open(folder))
        {
            var buffer = new float[rows.NeuronIds.Count];
            Assert.That(() => rows.ReadRows([20], buffer), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("rows[0] = 20 is outside [0, 20)"));
            Assert.That(() => rows.ReadRows([0, 1], buffer), Throws.ArgumentException.With.Message.Contains("2 rows × 40 neurons need 80"));
            Assert.That(() => rows.SelectNeurons([3, 3]), Throws.ArgumentException.With.Message.Contains("Neuron 3 is selected twice"));
            Assert.That(() => rows.SelectNeurons([40]), Throws.ArgumentException.With.Message.Contains("Neuron 40 is not in these rows"));
            Assert.That(() => rows.SelectNeurons([]), Throws.ArgumentException);
            Assert.That(() => new LabeledRows(rows, ClassLabels.FromIds(y[..19], Names)), Throws.ArgumentException.With.Message.Contains("19 labels for 20 activation rows"));
            var view = new LabeledRows(rows.SelectNeurons([1, 2]), ClassLabels.FromIds(y, Names));
            var probe = new ManagedElasticNetProbe(new ProbeOptions { Epochs = 1 });
            Assert.That(() => probe.Fit(new LabeledRows(rows, ClassLabels.FromIds(y, Names)), view),
                Throws.ArgumentException.With.Message.Contains("dev activations have 2 neurons but the training activations have 40"));
        }

        // A NaN written into the file is reported with its file, row and neuron when the row is read.
        string x = Path.Combine(folder, RawActivationFolder.ValuesFileName);
        using (var fs = new FileStream(x, FileMode.Open, FileAccess.Write))
        {
            fs.Position = (7L * 40 + 13) * 4;
            fs.Write(BitConverter.GetBytes(float.NaN));
        }
        using (var rows = RawActivationRows.Open(folder))
        {
            var probe = new ManagedElasticNetProbe(new ProbeOptions { Epochs = 1, Shuffle = false });
            Assert.That(() => probe.Fit(new LabeledRows(rows, ClassLabels.FromIds(y, Names))),
                Throws.InstanceOf<InvalidDataException>().With.Message.Contains("row 7, neuron 13").And.Message.Contains("X.f32"));
        }

        // A truncated file is refused when opened; a closed one says so.
        using (var fs = new FileStream(x, FileMode.Open, FileAccess.Write)) fs.SetLength(fs.Length - 4);
        Assert.That(() => RawActivationRows.Open(folder), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("(truncated)"));
        Assert.That(() => RawActivationRows.Open(Path.Combine(TempDir, "missing")), Throws.InstanceOf<DirectoryNotFoundException>());
        using (var fs = new FileStream(x, FileMode.Open, FileAccess.Write)) fs.SetLength(fs.Length + 4);
        var closed = RawActivationRows.Open(folder);
        closed.Dispose();
        Assert.That(() => closed.ReadRows([0], new float[40]), Throws.InstanceOf<ObjectDisposedException>());
    }
}
