using CodeNeurons.Analysis;
using CodeNeurons.Data;
using CodeNeurons.Formats;
using CodeNeurons.Tests.Analysis;

namespace CodeNeurons.Tests.Cli;

[NonParallelizable]
public class CcfsCommandTests : TempDirectoryTest
{
    private static readonly string[] ClassNames = ["A", "B", "C", "D"];

    /// <summary>Writes a planted split as NeuroX HDF5 + a .label file (one row per sentence) and returns the two names.</summary>
    private (string Acts, string Labels) WriteSplit(string name, int rows, int seed)
    {
        var (x, y) = CcfsTestData.Planted(rows, seed);
        string acts = Path.Combine(TempDir, name + ".hdf5"), labels = Path.Combine(TempDir, name + ".label");
        ActivationFile.Save(x, acts);
        File.WriteAllLines(labels, y.Select(c => ClassNames[c]));
        return (Path.GetFileName(acts), Path.GetFileName(labels));
    }

    private const string PipelineJson = """
        {
          "probe": { "epochs": 15, "learningRate": 0.05, "batchSize": 32 },
          "minimalSet": { "grid": [0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9] },
          "clustering": { "thresholds": [0.05, 0.3, 0.6] },
          "seed": 3
        }
        """;

    private const string FastPipeline = "\"pipeline\": " + PipelineJson;

    private string WriteConfig(string body)
    {
        var path = Path.Combine(TempDir, "config.json");
        File.WriteAllText(path, body);
        return path;
    }

    private string StandardConfig(string pipeline = FastPipeline)
    {
        var train = WriteSplit("train", 600, 1);
        var dev = WriteSplit("dev", 300, 2);
        var test = WriteSplit("test", 300, 3);
        return WriteConfig($$"""
            {
              "data": {
                "train": { "activations": "{{train.Acts}}", "labels": "{{train.Labels}}" },
                "dev":   { "activations": "{{dev.Acts}}",   "labels": "{{dev.Labels}}" },
                "test":  { "activations": "{{test.Acts}}",  "labels": "{{test.Labels}}" }
              },
              {{pipeline}}
            }
            """);
    }

    [Test]
    public void RunsThePipelineFromAConfigAndWritesTheReportTheApiComputes()
    {
        var config = StandardConfig();
        var output = Path.Combine(TempDir, "report.json");
        var (code, stdout, err) = CliRunner.Run("ccfs", "--config", config, "--output", output);
        Assert.That(code, Is.EqualTo(0), err);
        Assert.That(stdout, Does.Contain("best on dev:"));
        var report = CcfsReport.Load(output);
        Assert.That(report.ClassNames, Is.EqualTo(ClassNames));
        Assert.That(report.SplitRows, Is.EqualTo(new[] { 600, 300, 300 }));
        Assert.That(report.Best!.Neurons, Is.LessThanOrEqualTo(4));
        Assert.That(report.Lca!.KeptNeurons.Any(id => id is 23 or 24) && report.Lca.KeptNeurons.Any(id => id is 25 or 26), Is.True);
        Assert.That(report.TimingsSeconds.Select(t => t.Key), Does.Contain("load").And.Contain("ccfs"));
        Assert.That(report.PeakMemoryBytes.Select(m => m.Key), Is.EqualTo(report.TimingsSeconds.Select(t => t.Key)), "peak memory of every timed stage");
        Assert.That(report.PeakMemoryBytes.Select(m => m.Value), Has.All.GreaterThan(0));
        Assert.That(report.PeakMemoryKind, Is.Not.EqualTo(PeakMemoryKind.None));
        Assert.That(stdout, Does.Contain("peak RSS"));

        // The same options through the API on the same files give the same rows.
        var options = CcfsOptions.FromJson(PipelineJson);
        Assert.That(options.Seed, Is.EqualTo(3));
        var (train, yTrain) = CcfsTestData.Planted(600, 1);
        var (dev, yDev) = CcfsTestData.Planted(300, 2);
        var (test, yTest) = CcfsTestData.Planted(300, 3);
        var api = new CcfsPipeline(options).Run(train, yTrain, dev, yDev, test, yTest, ClassNames);
        Assert.That(report.Rows().Select(r => (r.Name, r.Neurons, r.DevScore, r.TestScore)), Is.EqualTo(api.Rows().Select(r => (r.Name, r.Neurons, r.DevScore, r.TestScore))));
    }

    private static IEnumerable<TestCaseData> BadConfigs()
    {
        yield return new TestCaseData("""{ "pipeline": { "stages": ["oracle", "clusters"] } }""", "Unknown stage 'clusters'").SetName("UnknownStage");
        yield return new TestCaseData("""{ "pipeline": { "layerSelection": { "deltas": [1, 100] } } }""", "(0, 100)").SetName("DeltaOutOfRange");
        yield return new TestCaseData("""{ "pipeline": { "clustering": { "thresholds": [0.1, 0.5, 0.3] } } }""", "must ascend").SetName("UnsortedThresholds");
        yield return new TestCaseData("""{ "pipeline": { "clustering": { "thresholds": [0.1, 0.1] } } }""", "repeated").SetName("DuplicatedThresholds");
        yield return new TestCaseData("""{ "pipeline": { "seeed": 1 } }""", "seeed").SetName("UnknownKey");
        yield return new TestCaseData("""{ "pipeline": { } }""", "\"data\" is missing").SetName("NoData");
        yield return new TestCaseData("""{ "data": { "train": { "activations": "nowhere.hdf5" }, "dev": { "activations": "nowhere.hdf5" } } }""", "nowhere.hdf5").SetName("MissingFile");
        yield return new TestCaseData("""{ "data": { "corpus": { "tokens": ["a.in"], "labels": [] } } }""", "as many label files").SetName("CorpusWithoutLabels");
    }

    [TestCaseSource(nameof(BadConfigs))]
    public void BadConfigsFailWithAClearMessageAndWriteNothing(string json, string message)
    {
        var config = WriteConfig(json);
        var output = Path.Combine(TempDir, "report.json");
        var (code, _, err) = CliRunner.Run("ccfs", "--config", config, "--output", output);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.StartWith("codeneurons: error:").And.Contain(message));
        Assert.That(File.Exists(output), Is.False);
    }

    [Test]
    public void ALayerNotInTheDataAndADevSetMissingAClassAreNamed()
    {
        var config = StandardConfig(""" "pipeline": { "layers": [2, 9] } """);
        var (code, _, err) = CliRunner.Run("ccfs", "--config", config, "--output", Path.Combine(TempDir, "r.json"));
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.Contain("Layer 9 is not in the activations"));

        // Dev without class C.
        var (x, y) = CcfsTestData.Planted(100, 4);
        var keep = Enumerable.Range(0, 100).Where(r => y[r] != 2).ToArray();
        var dev = ActivationSet.Create(keep.SelectMany(r => x.Row(r).ToArray()).ToArray(), keep.Length, x.Layout, keep.Select(r => x.Tokens![r]).ToArray(), Enumerable.Range(0, keep.Length).ToArray());
        ActivationFile.Save(dev, Path.Combine(TempDir, "dev.hdf5"));
        File.WriteAllLines(Path.Combine(TempDir, "dev.label"), keep.Select(r => ClassNames[y[r]]));
        var config2 = WriteConfig(File.ReadAllText(config).Replace("\"layers\": [2, 9]", ""));
        (code, _, err) = CliRunner.Run("ccfs", "--config", config2, "--output", Path.Combine(TempDir, "r.json"));
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.Contain("dev.label").And.Contain("class 'C'"));
    }

    [Test]
    public void AMissingOutputFolderIsAnError()
    {
        var config = WriteConfig("{}");
        var (code, _, err) = CliRunner.Run("ccfs", "--config", config, "--output", Path.Combine(TempDir, "no", "r.json"));
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.Contain("does not exist"));
    }
}
