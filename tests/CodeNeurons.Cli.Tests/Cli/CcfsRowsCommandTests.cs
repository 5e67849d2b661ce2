using CodeNeurons.Analysis;
using CodeNeurons.Data;
using CodeNeurons.Formats;
using CodeNeurons.Interpretation;
using CodeNeurons.Tests.Analysis;
using CodeNeurons.Torch;
using CodeNeurons.Torch.Interpretation;

namespace CodeNeurons.Tests.Cli;

/// <summary>
/// <c>codeneurons ccfs</c> with <c>data.rows</c> (raw folders read row by row by <see cref="StreamedCcfs"/>): the report
/// equals the library's <see cref="StreamedCcfs"/> and the dense <see cref="CcfsPipeline"/> on the same data in memory,
/// and what the streamed path refuses is named with its config key.
/// </summary>
[NonParallelizable]
public class CcfsRowsCommandTests : TempDirectoryTest
{
    private static readonly string[] ClassNames = ["A", "B", "C", "D"];

    private const string PipelineJson = """
        {
          "probe": { "epochs": 6, "learningRate": 0.05, "batchSize": 32 },
          "minimalSet": { "grid": [0.025, 0.05, 0.1, 0.2, 0.5, 0.9] },
          "combined": { "pairs": [[3, 1], [1, 1]], "thresholds": [null, 0.3] },
          "seed": 3
        }
        """;

    /// <summary>A planted split (<see cref="CcfsTestData.Planted"/>: 4 layers × 10 neurons, 4 classes) as a raw folder with y.i32.</summary>
    private LabeledActivations WriteFolder(string name, int rows, int seed, LayerLayout? layout = null)
    {
        var (planted, y) = CcfsTestData.Planted(rows, seed);
        // Another layout: the first layers of each row.
        var x = layout is null ? planted : ActivationSet.Create(Enumerable.Range(0, rows).SelectMany(r => planted.Row(r)[..layout.Neurons].ToArray()).ToArray(), rows, layout);
        RawActivationFolder.Write(x, Path.Combine(TempDir, name), new RawLabels(y, ClassNames));
        return new LabeledActivations(x, ClassLabels.FromIds(y, ClassNames));
    }

    private string WriteConfig(string body)
    {
        var path = Path.Combine(TempDir, "config.json");
        File.WriteAllText(path, body);
        return path;
    }

    private string RowsConfig(string extra = "", string pipeline = PipelineJson) => WriteConfig($$"""
        {
          "data": { "rows": { "train": "train", "dev": "dev", "test": "test" } },
          {{extra}}
          "pipeline": {{pipeline}}
        }
        """);

    private ProbingData WriteSplits() => new(WriteFolder("train", 200, 1), WriteFolder("dev", 100, 2), WriteFolder("test", 100, 3));

    private CcfsReport RunCli(string config, string? expectInStdout = null)
    {
        var output = Path.Combine(TempDir, "report.json");
        var (code, stdout, err) = CliRunner.Run("ccfs", "--config", config, "--output", output);
        Assert.That(code, Is.EqualTo(0), err);
        Assert.That(stdout, Does.Contain("streamed (StreamedCcfs, rows read from disk)"));
        Assert.That(err, Does.Contain("streamed from raw folders"), "the Data stage's progress summary");
        Assert.That(File.Exists(CcfsReport.BestProbePath(output)), Is.True, "the best combination's probe beside the report");
        return CcfsReport.Load(output);
    }

    /// <summary>The library's <see cref="StreamedCcfs"/> on the same folders, opened as a user would.</summary>
    private CcfsReport Library(CcfsOptions options)
    {
        var opened = new List<RawActivationRows>();
        LabeledRows Split(string name)
        {
            var rows = RawActivationRows.Open(Path.Combine(TempDir, name));
            opened.Add(rows);
            var y = RawActivationFolder.ReadLabels(Path.Combine(TempDir, name));
            return new LabeledRows(rows, ClassLabels.FromIds(y.Labels, y.Classes));
        }
        try
        {
            return new StreamedCcfs(options).Run(new ProbingRows(Split("train"), Split("dev"), Split("test")));
        }
        finally { opened.ForEach(r => r.Dispose()); }
    }

    private static void AssertSameRows(CcfsReport actual, CcfsReport expected)
    {
        Assert.That(actual.Rows().Select(Key), Is.EqualTo(expected.Rows().Select(Key)));
        Assert.That(Key(actual.Best!), Is.EqualTo(Key(expected.Best!)));
        Assert.That(actual.LayerScores, Is.EqualTo(expected.LayerScores));
        Assert.That(actual.GridSearches.SelectMany(g => g.Points), Is.EqualTo(expected.GridSearches.SelectMany(g => g.Points)));
    }

    private static (string, int, double, double?, string) Key(CcfsRow r) => (r.Name, r.Neurons, r.DevScore, r.TestScore, string.Join(",", r.KeptNeurons));

    [Test]
    public void RowsConfigRunsStreamedCcfsAndEqualsTheLibraryAndTheDensePipeline()
    {
        var dense = WriteSplits();
        var report = RunCli(RowsConfig());

        Assert.That(report.Streamed, Is.True);
        Assert.That(report.Options.Stages, Is.EqualTo(StreamedCcfs.SupportedStages), "without pipeline.stages, data.rows runs the stages StreamedCcfs supports");
        Assert.That(report.SplitRows, Is.EqualTo(new[] { 200, 100, 100 }));
        Assert.That(report.ClassNames, Is.EqualTo(ClassNames));
        Assert.That(report.Combined, Has.Count.EqualTo(4));
        Assert.That(report.Best!.KeptNeurons.Any(id => id is 23 or 24) && report.Best.KeptNeurons.Any(id => id is 25 or 26), Is.True, "the planted signal");
        Assert.That(report.TimingsSeconds.Select(t => t.Key), Is.SupersetOf(new[] { "load", "oracle", "layerwise", "clustering", "ccfs" }));
        Assert.That(report.PeakMemoryBytes.Select(m => m.Key), Is.EqualTo(report.TimingsSeconds.Select(t => t.Key)), "peak memory of every timed stage");

        var options = CcfsOptions.FromJson(PipelineJson) with { Stages = StreamedCcfs.SupportedStages };
        AssertSameRows(report, Library(options));
        var inMemory = new CcfsPipeline(options).Run(dense);
        Assert.That(inMemory.Streamed, Is.False);
        AssertSameRows(report, inMemory);
    }

    [Test]
    public void TorchProbesOnRowsEqualTheDenseTorchPipelineBitForBit()
    {
        // TorchElasticNetProbe is a ConceptProbe: on rows it gets the same minibatches (ProbeTrainingSetup.FillBatch) as
        // in memory, so on the CPU (one libtorch thread) the streamed run's probes and scores equal the dense run's exactly.
        var dense = WriteSplits();
        var report = RunCli(RowsConfig("\"implementation\": \"torch\", \"device\": \"cpu\","));

        var options = CcfsOptions.FromJson(PipelineJson) with { Stages = StreamedCcfs.SupportedStages };
        var torchProbe = options.CreateProbe(o => new TorchElasticNetProbe(o, "cpu"));
        var inMemory = new CcfsPipeline(options, torchProbe, KernelFactory.Create(KernelChoice.Auto, "cpu")).Run(dense);
        AssertSameRows(report, inMemory);

        // Against the managed (float64) probe: float32 training differs in the last digits, so only the task is compared.
        var managed = new CcfsPipeline(options).Run(dense);
        Assert.That(report.Oracle.DevScore, Is.EqualTo(managed.Oracle.DevScore).Within(0.02));
        Assert.That(report.Best!.DevScore, Is.EqualTo(managed.Best!.DevScore).Within(0.02));
    }

    private void AssertFails(string config, params string[] expected)
    {
        var output = Path.Combine(TempDir, "report.json");
        var (code, _, err) = CliRunner.Run("ccfs", "--config", config, "--output", output);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.StartWith("codeneurons: error:"));
        foreach (var e in expected) Assert.That(err, Does.Contain(e));
        Assert.That(File.Exists(output), Is.False);
    }

    [Test]
    public void AMissingFolderIsNamedWithItsKeyAndPath()
    {
        WriteFolder("train", 100, 1);
        AssertFails(RowsConfig(), "data.rows.dev", "'dev'", Path.Combine(TempDir, "dev"), "relative paths resolve against the config's folder");
    }

    [Test]
    public void AFolderWithoutLabelsSaysHowToWriteThem()
    {
        WriteSplits();
        File.Delete(Path.Combine(TempDir, "test", RawActivationFolder.LabelsFileName));
        AssertFails(RowsConfig(), "data.rows.test", "has no y.i32", "--labels");
    }

    [Test]
    public void SplitsWithOtherNeuronCountsAreNamed()
    {
        WriteFolder("train", 60, 1);
        WriteFolder("dev", 60, 2, LayerLayout.Create(3, 10));
        WriteFolder("test", 60, 3);
        AssertFails(RowsConfig(), "data.rows.dev", "30 neurons (3 layers × 10)", "data.rows.train has 40 (4 × 10)");
    }

    private static IEnumerable<TestCaseData> Refused()
    {
        yield return new TestCaseData("""{ "stages": ["oracle", "clustering", "ccfs"] }""", new[] { "pipeline.stages", "clustering", "data.train/dev/test" }).SetName("ClusteringStageIsRefused");
        yield return new TestCaseData("""{ "stages": ["oracle", "none", "lca", "selectivity"] }""", new[] { "pipeline.stages", "none, lca, selectivity" }).SetName("DenseStagesAreRefused");
        yield return new TestCaseData("""{ "standardize": true }""", new[] { "pipeline.standardize", "pipeline.probe.standardize" }).SetName("StandardizeIsRefused");
        yield return new TestCaseData("""{ "probeSearch": { } }""", new[] { "pipeline.probeSearch" }).SetName("ProbeSearchIsRefused");
    }

    [TestCaseSource(nameof(Refused))]
    public void WhatTheStreamedPathRefusesIsNamedBeforeAnyWork(string pipeline, string[] expected)
    {
        WriteFolder("train", 60, 1);
        WriteFolder("dev", 60, 2);
        WriteFolder("test", 60, 3);
        AssertFails(RowsConfig(pipeline: pipeline), expected);
    }

    [Test]
    public void ThePaperProtocolSaysWhichOfItsSettingsToOverride()
    {
        WriteSplits();
        AssertFails(RowsConfig("\"protocol\": \"paper\","), "pipeline.standardize", "the paper protocol sets standardize, probeSearch and optimisticOracle");
        // With the three overrides the message names, the paper protocol loads; paperSentence needs none.
        var paper = CcfsConfigFile.Load(RowsConfig("\"protocol\": \"paper\",", """{ "standardize": false, "probeSearch": null, "optimisticOracle": false }"""));
        Assert.That((paper.Pipeline.Protocol, paper.Pipeline.Stages, paper.Pipeline.Probe.Optimizer), Is.EqualTo((CcfsProtocol.Paper, StreamedCcfs.SupportedStages, ProbeOptimizer.Sgd)));
        Assert.That(CcfsConfigFile.Load(RowsConfig("\"protocol\": \"paperSentence\",", "{}")).Data!.Rows!.Dev, Is.EqualTo(Path.Combine(TempDir, "dev")));
    }

    [Test]
    public void RowsMixedWithSplitFilesIsAnError()
    {
        WriteSplits();
        AssertFails(WriteConfig("""{ "data": { "rows": { "train": "train", "dev": "dev" }, "train": { "activations": "train" } } }"""), "data.rows", "not several");
        AssertFails(WriteConfig("""{ "data": { "rows": { "train": "train" } } }"""), "data.rows.train and data.rows.dev are required");
    }
}
