using System.Text.Json;
using CodeNeurons.Data;
using CodeNeurons.Formats;

namespace CodeNeurons.Tests.Cli;

[NonParallelizable]
public class ProbeCommandTests : TempDirectoryTest
{
    /// <summary>A raw folder whose class is carried by a few known neurons.</summary>
    private string RawFolder(out int[] informative)
    {
        var rng = new Random(3);
        int rows = 600, n = 40, classes = 3;
        informative = [7, 21, 33];
        var x = new float[rows * n];
        var y = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            y[r] = r % classes;
            for (int j = 0; j < n; j++) x[r * n + j] = (float)TestData.Gaussian(rng);
            x[r * n + informative[y[r]]] += 4f;
        }
        var folder = Path.Combine(TempDir, "raw");
        ActivationFile.Save(ActivationSet.Create(x, rows, LayerLayout.Create(2, 20)), folder,
            new ActivationSaveOptions { Labels = new RawLabels(y, ["A", "B", "C"]) });
        return folder;
    }

    [Test]
    public void ProbeJsonHasTheDocumentedFieldsAndFindsTheInformativeNeurons()
    {
        var folder = RawFolder(out var informative);
        var output = Path.Combine(TempDir, "probe.json");
        var (code, _, err) = CliRunner.Run("probe", "-a", folder, "--epochs", "20", "--lr", "0.01", "--top-k", "3,10", "-o", output, "-q");
        Assert.That(code, Is.EqualTo(0), err);
        using var doc = JsonDocument.Parse(File.ReadAllText(output));
        var root = doc.RootElement;
        Assert.That(root.GetProperty("test_accuracy").GetDouble(), Is.GreaterThan(0.9));
        Assert.That(root.GetProperty("train_accuracy").GetDouble(), Is.GreaterThan(0.9));
        Assert.That(root.GetProperty("per_class_test_accuracy").EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "A", "B", "C" }));
        var ordering = root.GetProperty("ordering").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        Assert.That(ordering, Has.Length.EqualTo(40));
        Assert.That(ordering.Take(3), Is.EquivalentTo(informative));
        Assert.That(root.GetProperty("top_neurons").EnumerateObject().Count(), Is.EqualTo(3));
        var topk = root.GetProperty("topk").EnumerateArray().ToList();
        Assert.That(topk.Select(t => t.GetProperty("k").GetInt32()), Is.EqualTo(new[] { 3, 10 }));
        Assert.That(topk[0].GetProperty("retrained_test_accuracy").GetDouble(), Is.GreaterThan(0.9));
        Assert.That(topk[0].TryGetProperty("zero_out_others_test_accuracy", out _), Is.True);
        Assert.That(root.GetProperty("timings_s").TryGetProperty("train", out _), Is.True);
    }

    [Test]
    public void LabelsAreRequiredForNeuroxFilesAndBadFractionsAreNamed()
    {
        var set = ActivationSet.Create(new float[12], 3, LayerLayout.Flat(4), ["a", "b", "c"], [0, 0, 1]);
        var json = Path.Combine(TempDir, "a.json");
        ActivationFile.Save(set, json);
        var (code, _, err) = CliRunner.Run("probe", "-a", json, "-o", Path.Combine(TempDir, "p.json"));
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.Contain("--labels"));
        (code, _, err) = CliRunner.Run("probe", "-a", RawFolder(out _), "--test-fraction", "1.5", "-o", Path.Combine(TempDir, "p.json"));
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.Contain("--test-fraction"));
        (code, _, err) = CliRunner.Run("probe", "-a", RawFolder(out _), "--l1", "-1", "-o", Path.Combine(TempDir, "p.json"));
        Assert.That(code, Is.EqualTo(1));
        Assert.That(File.Exists(Path.Combine(TempDir, "p.json")), Is.False);
    }
}
