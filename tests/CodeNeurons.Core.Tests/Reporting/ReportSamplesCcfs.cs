using CodeNeurons.Analysis;
using CodeNeurons.Data;
using CodeNeurons.Interpretation;
using CodeNeurons.Reporting;
using CodeNeurons.Tests.Analysis;

namespace CodeNeurons.Tests.Reporting;

/// <summary>
/// A report built the way the analyze workflow builds one: a CCFS run on planted data (4 layers × 10 neurons, classes
/// named like the paper's), per-neuron evidence from all rows with their labels, and a 3-layer CKA heat map.
/// </summary>
internal static class ReportSamplesCcfs
{
    internal static readonly string[] ClassNames = ["IDENT", "KEYWORD", "NUMBER", "STRING"];

    private static readonly Lazy<(CcfsReport Report, ReportDocument Document)> Cached = new(Build);

    internal static CcfsReport Report => Cached.Value.Report;

    internal static ReportDocument Document => Cached.Value.Document;

    private static (CcfsReport, ReportDocument) Build()
    {
        var (train, yTrain) = CcfsTestData.Planted(300, 1);
        var (dev, yDev) = CcfsTestData.Planted(148, 2);   // a small dev split, as in the issue
        var (test, yTest) = CcfsTestData.Planted(200, 3);
        var options = new CcfsOptions { Probe = CcfsTestData.FastProbe, MinimalSet = new() { Grid = [0.05, 0.1, 0.3, 0.6] }, Clustering = new() { Thresholds = [0.05, 0.5] }, Seed = 1 };
        var report = new CcfsPipeline(options).Run(PositionalShims.Data(train, yTrain, dev, yDev, test, yTest, ClassNames));

        // "All rows": another planted sample, 8 tokens per line.
        var (all, y) = CcfsTestData.Planted(400, 4);
        var lines = Enumerable.Range(0, all.Rows).Select(r => r / 8).ToArray();
        all = ActivationSet.Create(all.Values.ToArray(), all.Rows, all.Layout, all.Tokens!, lines);
        var labels = y.Select(c => ClassNames[c]).ToArray();

        var doc = ReportDocuments.FromCcfs(report, "Planted task", "planted 4 × 10", activations: all, rowLabels: labels,
            evidenceOptions: new NeuronEvidenceOptions { RandomNeurons = 20, Seed = 3, MinTokenCount = 2 });
        var cka = Cka.Compute(all.SelectLayers(0, 1, 2), new CkaOptions { MinibatchSize = 100, Minibatches = 3, Seed = 1 });
        return (report, doc with { HeatMaps = [ReportDocuments.FromCka(cka)] });
    }
}
