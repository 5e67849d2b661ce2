using CodeNeurons.Analysis;
using CodeNeurons.Data;
using CodeNeurons.Formats;
using CodeNeurons.Interpretation;

namespace CodeNeurons.Tests.Analysis;

/// <summary>
/// <see cref="StreamedCcfs"/> on raw folders against <see cref="CcfsPipeline"/> on the same data in memory: the oracle,
/// LS and combined rows, grid searches and best combination must be the same (probes are bit-identical; the clustering's
/// partitions are exact).
/// </summary>
public class StreamedCcfsTests : TempDirectoryTest
{
    private static readonly string[] Names = ["A", "B", "C", "D"];

    private static CcfsOptions Options(CcfsStage stages) => new()
    {
        Stages = stages,
        Probe = CcfsTestData.FastProbe with { Epochs = 6 },
        MinimalSet = new() { Grid = [0.025, 0.05, 0.1, 0.2, 0.5, 0.9] },
        Combined = new() { Pairs = [new(3, 1), new(1, 1)], Thresholds = [null, 0.3] },
        Seed = 3,
    };

    private (ProbingData Dense, ProbingRows Streamed, List<IDisposable> Files) Data()
    {
        var files = new List<IDisposable>();
        LabeledActivations Dense(int rows, int seed) { var (x, y) = CcfsTestData.Planted(rows, seed); return new(x, ClassLabels.FromIds(y, Names)); }
        LabeledRows Streamed(LabeledActivations split, string name)
        {
            string folder = Path.Combine(TempDir, name);
            RawActivationFolder.Write(split.Activations, folder, new RawLabels([.. split.Labels.Ids], Names));
            var rows = RawActivationRows.Open(folder);
            files.Add(rows);
            var raw = RawActivationFolder.ReadLabels(folder);
            return new LabeledRows(rows, ClassLabels.FromIds(raw.Labels, raw.Classes));
        }
        var (train, dev, test) = (Dense(300, 1), Dense(120, 2), Dense(120, 3));
        return (new ProbingData(train, dev, test), new ProbingRows(Streamed(train, "train"), Streamed(dev, "dev"), Streamed(test, "test")), files);
    }

    [Test]
    public void StreamedCcfsEqualsTheDensePipeline()
    {
        var (dense, streamed, files) = Data();
        try
        {
            var options = Options(CcfsStage.LayerSelection | CcfsStage.Combined);
            var a = new CcfsPipeline(options).Run(dense);
            var b = new StreamedCcfs(options).Run(streamed);

            Assert.That(b.Oracle, Is.EqualTo(a.Oracle).Using<CcfsRow>(Same));
            Assert.That(b.LayerScores, Is.EqualTo(a.LayerScores));
            Assert.That(b.LayerSelection, Is.EqualTo(a.LayerSelection).Using<CcfsRow>(Same));
            Assert.That(b.Combined, Has.Count.EqualTo(4));
            Assert.That(b.Combined, Is.EqualTo(a.Combined).Using<CcfsRow>(Same));
            Assert.That(b.Best, Is.EqualTo(a.Best).Using<CcfsRow>(Same));
            Assert.That(b.GridSearches.Select(g => (g.Name, g.BaseDevScore, g.Found)), Is.EqualTo(a.GridSearches.Select(g => (g.Name, g.BaseDevScore, g.Found))));
            Assert.That(b.GridSearches.SelectMany(g => g.Points), Is.EqualTo(a.GridSearches.SelectMany(g => g.Points)));
            Assert.That(b.BestProbe!.Weights.ToArray(), Is.EqualTo(a.BestProbe!.Weights.ToArray()));
            // The planted task: LS keeps layers 0..2, CC merges the near-copies, LCA keeps a few neurons.
            Assert.That(b.Combined.First(r => r.Name.Contains("CC")).Steps!.Select(s => s.Neurons).ToArray()[..2], Is.EqualTo(new[] { 30, 28 }));
            Assert.That(b.Best!.Neurons, Is.LessThanOrEqualTo(4));
            Assert.That(b.TimingsSeconds.Select(t => t.Key), Is.SupersetOf(new[] { "oracle", "layerwise", "clustering", "ccfs" }));
            // The report says which path ran; the dense report's JSON is unchanged (the key is written only when true).
            Assert.That((a.Streamed, b.Streamed), Is.EqualTo((false, true)));
            Assert.That(a.ToJson(), Does.Not.Contain("\"streamed\""));
            Assert.That(CcfsReport.FromJson(b.ToJson()).Streamed, Is.True);
        }
        finally { files.ForEach(f => f.Dispose()); }
    }

    private static bool Same(CcfsRow x, CcfsRow y) =>
        (x.Stage, x.Name, x.Neurons, x.TotalNeurons, x.DevScore, x.TestScore, x.Detail) == (y.Stage, y.Name, y.Neurons, y.TotalNeurons, y.DevScore, y.TestScore, y.Detail)
        && x.KeptNeurons.SequenceEqual(y.KeptNeurons) && (x.Steps ?? []).SequenceEqual(y.Steps ?? []);

    [Test]
    public void OptionsThatNeedTheDenseMatrixAreRefusedBeforeTraining()
    {
        var (_, streamed, files) = Data();
        try
        {
            Assert.That(() => new StreamedCcfs(Options(CcfsStage.All)).Run(streamed),
                Throws.ArgumentException.With.Message.Contains("none, clustering, lca, probeless, selectivity need an in-memory matrix"));
            Assert.That(() => new StreamedCcfs(Options(CcfsStage.Combined) with { Standardize = true }).Run(streamed),
                Throws.ArgumentException.With.Message.Contains("Probe.Standardize"));
            Assert.That(() => new StreamedCcfs(Options(CcfsStage.Combined) with { Layers = [7] }).Run(streamed), Throws.ArgumentException);
            var devWithoutD = new LabeledRows(streamed.Dev.Rows, ClassLabels.FromIds(Enumerable.Repeat(0, streamed.Dev.Rows.Rows).ToArray(), Names));
            Assert.That(() => new StreamedCcfs(Options(CcfsStage.Combined)).Run(new ProbingRows(streamed.Train, devWithoutD)),
                Throws.ArgumentException.With.Message.Contains("dev split has no row of class B"));
            var otherNeurons = new LabeledRows(streamed.Dev.Rows.SelectNeurons([1, 2]), streamed.Dev.Labels);
            Assert.That(() => new ProbingRows(streamed.Train, otherNeurons), Throws.ArgumentException.With.Message.Contains("other neurons than the training split"));
        }
        finally { files.ForEach(f => f.Dispose()); }
    }

    [Test]
    public void StreamedCcfsRestrictedToLayersUsesOnlyThoseLayers()
    {
        var (dense, streamed, files) = Data();
        try
        {
            var options = Options(CcfsStage.Combined) with { Layers = [1, 2] };
            var a = new CcfsPipeline(options).Run(dense);
            var b = new StreamedCcfs(options).Run(streamed);
            Assert.That(b.InputNeurons, Is.EqualTo(20));
            Assert.That(b.Combined, Is.EqualTo(a.Combined).Using<CcfsRow>(Same));
        }
        finally { files.ForEach(f => f.Dispose()); }
    }
}
