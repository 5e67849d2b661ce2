using System.Text.Json;
using CodeNeurons.Data;
using CodeNeurons.Formats;
using CodeNeurons.Tests.Cli;

namespace CodeNeurons.Tests.Reliability;

/// <summary>Inputs that used to fail obscurely (or silently) now give a result or a one-line error saying what was expected.</summary>
[NonParallelizable]
public class ClearErrorTests : TempDirectoryTest
{
    [Test]
    public void CkaWithAConstantLayerReportsItsPairsAsUndefined()
    {
        const int rows = 64, layers = 3, perLayer = 4;
        var rng = new Random(1);
        var values = new float[rows * layers * perLayer];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < layers * perLayer; c++)
                values[r * layers * perLayer + c] = c / perLayer == 1 ? 0.5f : (float)rng.NextDouble();   // layer 1 is constant
        var acts = Path.Combine(TempDir, "acts");   // a raw folder
        ActivationFile.Save(ActivationSet.Create(values, rows, LayerLayout.Create(layers, perLayer)), acts);
        var output = Path.Combine(TempDir, "cka.json");
        var (code, _, err) = CliRunner.Run("cka", "--activations", acts, "--minibatch-size", "16", "--minibatches", "4", "--output", output, "-q");
        Assert.That(code, Is.EqualTo(0), err);
        using var doc = JsonDocument.Parse(File.ReadAllText(output));
        var cka = doc.RootElement.GetProperty("cka");
        for (int i = 0; i < layers; i++)
        {
            for (int j = 0; j < layers; j++)
            {
                var v = cka[i][j];
                if (i == 1 || j == 1) Assert.That(v.ValueKind, Is.EqualTo(JsonValueKind.Null), $"({i}, {j})");
                else Assert.That(v.GetDouble(), i == j ? Is.EqualTo(1.0) : Is.InRange(-1.0, 1.0), $"({i}, {j})");
            }
        }
    }

    [Test]
    public void ReportRejectsJsonThatIsNoResult()
    {
        var input = Path.Combine(TempDir, "other.json");
        File.WriteAllText(input, "{\"neurons\": 3, \"tokens\": 10}");
        var output = Path.Combine(TempDir, "report.html");
        var (code, _, err) = CliRunner.Run("report", "--input", input, "--output", output, "-q");
        Assert.That(code, Is.EqualTo(1), err);
        Assert.That(err, Does.Contain("neither a CCFS report").And.Contain("ReportDocument").And.Contain("'neurons'"));
        Assert.That(File.Exists(output), Is.False);
    }

    private string RawActivations(int rows, int layers, int perLayer, Func<int, int, float> value)
    {
        var values = new float[rows * layers * perLayer];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < layers * perLayer; c++) values[r * layers * perLayer + c] = value(r, c);
        var folder = Path.Combine(TempDir, "raw");
        ActivationFile.Save(ActivationSet.Create(values, rows, LayerLayout.Create(layers, perLayer)), folder);
        return folder;
    }

    [Test]
    public void ClusterWithHugeActivationsNamesTheNeuronInsteadOfANaNDistance()
    {
        var rng = new Random(2);
        var raw = RawActivations(50, 2, 3, (r, c) => c == 4 ? (float)(rng.NextDouble() * 1e30) : (float)rng.NextDouble());
        var (code, _, err) = CliRunner.Run("cluster", "--activations", raw, "--output", Path.Combine(TempDir, "r.json"), "-q");
        Assert.That(code, Is.EqualTo(1), err);
        Assert.That(err, Does.Contain("column 4").And.Contain("Rescale").And.Not.Contain("NaN"));
    }

    [Test]
    public void ProbeTopKAboveTheNeuronCountIsAnError()
    {
        var acts = Path.Combine(TempDir, "acts.json");
        var tokens = Path.Combine(TempDir, "x.in");
        var labels = Path.Combine(TempDir, "x.label");
        var rng = new Random(4);
        int rows = 40;
        File.WriteAllLines(tokens, Enumerable.Range(0, rows / 4).Select(i => "a b c d"));
        File.WriteAllLines(labels, Enumerable.Range(0, rows / 4).Select(i => "X Y X Y"));
        var values = Enumerable.Range(0, rows * 6).Select(_ => (float)rng.NextDouble()).ToArray();
        var set = ActivationSet.Create(values, rows, LayerLayout.Create(2, 3), Enumerable.Range(0, rows).Select(i => "abcd"[i % 4].ToString()).ToArray(), Enumerable.Range(0, rows).Select(i => i / 4).ToArray());
        ActivationFile.Save(set, acts);
        var (code, _, err) = CliRunner.Run("probe", "--activations", acts, "--labels", labels, "--tokens", tokens, "--top-k", "2,50", "--epochs", "1", "--implementation", "managed", "--output", Path.Combine(TempDir, "p.json"), "-q");
        Assert.That(code, Is.EqualTo(1), err);
        Assert.That(err, Does.Contain("--top-k 50 is above the 6 neurons"));
    }
}
