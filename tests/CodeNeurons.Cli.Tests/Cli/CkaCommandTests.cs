using System.Text.Json;
using CodeNeurons.Analysis;
using CodeNeurons.Data;
using CodeNeurons.Formats;

namespace CodeNeurons.Tests.Cli;

[NonParallelizable]
public class CkaCommandTests : TempDirectoryTest
{
    [Test]
    public void WritesTheMatrixTheApiComputes()
    {
        var acts = SyntheticActivations.Create(new() { Layers = 3, NeuronsPerLayer = 10, Rows = 400, Groups = 4, Seed = 2 }).Activations;
        var input = Path.Combine(TempDir, "a.hdf5");
        ActivationFile.Save(acts, input);
        var output = Path.Combine(TempDir, "cka.json");
        var (code, stdout, err) = CliRunner.Run("cka", "-a", input, "--minibatch-size", "64", "--minibatches", "4", "--seed", "5", "-o", output);
        Assert.That(code, Is.EqualTo(0), err);
        Assert.That(stdout, Does.Contain("MinibatchUnbiased"));
        var expected = Cka.Compute(ActivationFile.Load(input), new CkaOptions { MinibatchSize = 64, Minibatches = 4, Seed = 5 });
        using var doc = JsonDocument.Parse(File.ReadAllText(output));
        var rows = doc.RootElement.GetProperty("cka").EnumerateArray().Select(r => r.EnumerateArray().Select(e => e.GetDouble()).ToArray()).ToArray();
        Assert.That(doc.RootElement.GetProperty("layers").EnumerateArray().Select(e => e.GetInt32()), Is.EqualTo(new[] { 0, 1, 2 }));
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                Assert.That(rows[i][j], Is.EqualTo(expected[i, j]));
    }

    [Test]
    public void TooLargeMinibatchIsNamed()
    {
        var acts = SyntheticActivations.Create(new() { Layers = 2, NeuronsPerLayer = 5, Rows = 30, Groups = 1 }).Activations;
        var input = Path.Combine(TempDir, "a.json");
        ActivationFile.Save(acts, input);
        var (code, _, err) = CliRunner.Run("cka", "-a", input, "--minibatch-size", "100", "-o", Path.Combine(TempDir, "c.json"));
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.StartWith("codeneurons: error:"));
        Assert.That(File.Exists(Path.Combine(TempDir, "c.json")), Is.False);
    }
}
