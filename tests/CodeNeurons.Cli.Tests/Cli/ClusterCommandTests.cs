using System.Text.Json;
using CodeNeurons.Cli;
using CodeNeurons.Data;
using CodeNeurons.Formats;

namespace CodeNeurons.Tests.Cli;

[NonParallelizable]
public class ClusterCommandTests : TempDirectoryTest
{
    private static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    [Test]
    public void BuiltInExampleWritesTheDocumentedResult()
    {
        var output = Path.Combine(TempDir, "result.json");
        var (code, stdout, stderr) = Run("cluster", "--synthetic", "--output", output);
        Assert.That(code, Is.EqualTo(0), stderr);
        Assert.That(stdout, Does.Contain("every planted group is exactly one cluster"));
        using var doc = JsonDocument.Parse(File.ReadAllText(output));
        var root = doc.RootElement;
        int n = root.GetProperty("neurons").GetInt32();
        Assert.That(n, Is.EqualTo(192));
        var results = root.GetProperty("results").EnumerateArray().ToList();
        Assert.That(results.Select(r => r.GetProperty("threshold").GetDouble()), Is.EqualTo(new[] { 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9 }));
        foreach (var r in results)
        {
            int k = r.GetProperty("cluster_count").GetInt32();
            var labels = r.GetProperty("labels").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var reps = r.GetProperty("representatives").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            Assert.That(labels, Has.Length.EqualTo(n));
            Assert.That(labels.Distinct().Order(), Is.EqualTo(Enumerable.Range(1, k)));
            Assert.That(reps, Has.Length.EqualTo(k));
            for (int c = 0; c < k; c++) Assert.That(labels[reps[c]], Is.EqualTo(c + 1));
        }
        foreach (var stage in new[] { "read", "correlation", "distances", "linkage", "cuts", "write", "total" })
            Assert.That(root.GetProperty("timings_s").TryGetProperty(stage, out _), Is.True, stage);
        Assert.That(Directory.GetFiles(TempDir), Has.Length.EqualTo(1), "no temporary file left behind");
    }

    [TestCase("json")]
    [TestCase("hdf5")]
    [TestCase("raw")]
    public void EveryInputFormatGivesTheSamePartitions(string format)
    {
        var acts = SyntheticActivations.Create(new() { Layers = 2, NeuronsPerLayer = 16, Rows = 300, Groups = 4, Seed = 3 }).Activations;
        string input = format switch
        {
            "json" => Path.Combine(TempDir, "acts.json"),
            "hdf5" => Path.Combine(TempDir, "acts.hdf5"),
            _ => Path.Combine(TempDir, "raw"),
        };
        ActivationFile.Save(acts, input);
        var output = Path.Combine(TempDir, "out.json");
        var (code, _, stderr) = Run("cluster", "-a", input, "-t", "0.3,0.5", "--linkage", "complete", "-o", output, "-q");
        Assert.That(code, Is.EqualTo(0), stderr);
        var expected = new CodeNeurons.Redundancy.CorrelationClustering(new() { Thresholds = [0.3, 0.5], Linkage = CodeNeurons.Redundancy.LinkageMethod.Complete }).Cluster(acts);
        using var doc = JsonDocument.Parse(File.ReadAllText(output));
        var results = doc.RootElement.GetProperty("results").EnumerateArray().ToList();
        for (int t = 0; t < 2; t++)
            Assert.That(results[t].GetProperty("labels").EnumerateArray().Select(e => e.GetInt32()), Is.EqualTo(expected.Cuts[t].Labels));
    }

    [Test]
    public void TorchKernelGivesTheSamePartitionsAsManaged()
    {
        var a = Path.Combine(TempDir, "a.json");
        var b = Path.Combine(TempDir, "b.json");
        Assert.That(Run("cluster", "--synthetic", "-o", a, "-q", "--kernel", "managed").Code, Is.EqualTo(0));
        Assert.That(Run("cluster", "--synthetic", "-o", b, "-q", "--kernel", "torch").Code, Is.EqualTo(0));
        using var da = JsonDocument.Parse(File.ReadAllText(a));
        using var db = JsonDocument.Parse(File.ReadAllText(b));
        Assert.That(db.RootElement.GetProperty("kernel").GetString(), Is.EqualTo("torch-cpu"));
        Assert.That(db.RootElement.GetProperty("results").GetRawText(), Is.EqualTo(da.RootElement.GetProperty("results").GetRawText()));
    }

    [Test]
    public void ThresholdRangesAndListsParse()
    {
        Assert.That(ClusterCommand.ParseThresholds("0.1:0.9:0.1"), Is.EqualTo(new[] { 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9 }));
        Assert.That(ClusterCommand.ParseThresholds("0.25, 0.5,1"), Is.EqualTo(new[] { 0.25, 0.5, 1.0 }));
        Assert.That(ClusterCommand.ParseThresholds("0:1:0.5"), Is.EqualTo(new[] { 0.0, 0.5, 1.0 }));
        Assert.Throws<ArgumentException>(() => ClusterCommand.ParseThresholds("0.1,abc"));
        Assert.Throws<ArgumentException>(() => ClusterCommand.ParseThresholds("0.9:0.1:0.1"));
        Assert.Throws<ArgumentException>(() => ClusterCommand.ParseThresholds("0.1:0.9:0"));
    }

    private void AssertFailsWithoutOutput(string expectedInMessage, params string[] args)
    {
        var output = Path.Combine(TempDir, "out.json");
        var (code, _, stderr) = Run([.. args, "-o", output]);
        Assert.That(code, Is.Not.EqualTo(0));
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(1), stderr);
        Assert.That(lines[0], Does.StartWith("codeneurons: error: ").And.Contain(expectedInMessage));
        Assert.That(File.Exists(output), Is.False, "no output on failure");
        Assert.That(Directory.GetFiles(TempDir, ".*tmp"), Is.Empty, "no temporary file left behind");
    }

    [Test]
    public void ThresholdsOutsideZeroTwoAreRejected() => AssertFailsWithoutOutput("[0, 2]", "cluster", "--synthetic", "-t", "0.5,2.5");

    [Test]
    public void DefaultClustersTheEmbeddedModelOverTheBuiltInSample()
    {
        var output = Path.Combine(TempDir, "result.json");
        var (code, stdout, stderr) = Run("cluster", "--output", output, "-t", "0.3,0.9");
        Assert.That(code, Is.EqualTo(0), stderr);
        Assert.That(stdout, Does.Contain("all-MiniLM-L6-v2").And.Contain("7 layers × 384"));
        using var doc = JsonDocument.Parse(File.ReadAllText(output));
        Assert.That(doc.RootElement.GetProperty("neurons").GetInt32(), Is.EqualTo(7 * 384));
        var counts = doc.RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("cluster_count").GetInt32()).ToArray();
        Assert.That(counts[1], Is.LessThan(counts[0]), "a coarser cut at 0.9");
    }

    [Test]
    public void ActivationsAndSyntheticTogetherAreRejected() => AssertFailsWithoutOutput("not both", "cluster", "--synthetic", "-a", "x.hdf5");

    [Test]
    public void MissingInputIsNamed() => AssertFailsWithoutOutput("nope.hdf5", "cluster", "-a", Path.Combine(TempDir, "nope.hdf5"));

    [Test]
    public void MissingOutputFolderIsNamed()
    {
        var (code, _, stderr) = Run("cluster", "-o", Path.Combine(TempDir, "missing", "r.json"));
        Assert.That(code, Is.EqualTo(1));
        Assert.That(stderr, Does.Contain("does not exist").And.Contain("missing"));
    }

    [Test]
    public void TruncatedRawFileIsNamed()
    {
        var acts = SyntheticActivations.Create(new() { Layers = 1, NeuronsPerLayer = 8, Rows = 20, Groups = 1 }).Activations;
        var raw = Path.Combine(TempDir, "raw");
        ActivationFile.Save(acts, raw);
        var x = Path.Combine(raw, "X.f32");
        var bytes = File.ReadAllBytes(x);
        File.WriteAllBytes(x, bytes[..^10]);
        AssertFailsWithoutOutput("X.f32", "cluster", "-a", raw);
    }

    [Test]
    public void NanInRawActivationsNamesRowAndNeuron()
    {
        var acts = SyntheticActivations.Create(new() { Layers = 1, NeuronsPerLayer = 8, Rows = 20, Groups = 1 }).Activations;
        var raw = Path.Combine(TempDir, "raw");
        ActivationFile.Save(acts, raw);
        var x = Path.Combine(raw, "X.f32");
        var bytes = File.ReadAllBytes(x);
        BitConverter.GetBytes(float.NaN).CopyTo(bytes, (13 * 8 + 5) * 4);
        File.WriteAllBytes(x, bytes);
        var output = Path.Combine(TempDir, "out.json");
        var (code, _, stderr) = Run("cluster", "-a", raw, "-o", output);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(stderr, Does.Contain("13").And.Contain("5").And.Contain("NaN"));
        Assert.That(File.Exists(output), Is.False);
    }

    [Test]
    public void CorruptJsonIsNamedWithItsLine()
    {
        var path = Path.Combine(TempDir, "acts.json");
        File.WriteAllText(path, "{\"linex_index\": 0, \"features\": [{\"token\": \"a\", \"layers\": [{\"index\": 0, \"values\": [1.0, 2.0]}]}]}\n{\"linex_index\": 1, \"feat");
        AssertFailsWithoutOutput("acts.json", "cluster", "-a", path);
    }

    [Test]
    public void CudaWithoutACudaBackendNamesThePackage()
        => AssertFailsWithoutOutput("TorchSharp-cuda-linux", "cluster", "--device", "cuda");

    [Test]
    public void UnknownDeviceIsRejected() => AssertFailsWithoutOutput("--device", "cluster", "--device", "tpu");
}
