using System.Text.Json;
using CodeNeurons.Formats;
using CodeNeurons.Tests.Extraction;
using CodeNeurons.Torch.Models;

namespace CodeNeurons.Tests.Cli;

[NonParallelizable]
public class ExtractCommandTests : TempDirectoryTest
{
    private static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    private string Jsonl(IEnumerable<string> texts)
    {
        var path = Path.Combine(TempDir, "input.jsonl");
        File.WriteAllLines(path, texts.Select(t => JsonSerializer.Serialize(new { text = t })));
        return path;
    }

    [TestCase("tiny-roberta", "out.json")]
    [TestCase("tiny-bert", "out.hdf5")]
    [TestCase("tiny-gpt2", "out.json")]
    [TestCase("tiny-t5-encoder", "out.hdf5")]
    public void SubwordRowsWithSpecialTokensEqualTransformersHiddenStates(string model, string outputName)
    {
        string folder = ExtractionTestUtil.ModelFolder(model);
        var input = Jsonl(ExtractionTestUtil.ReferenceTexts().Take(3));
        var output = Path.Combine(TempDir, outputName);
        var (code, _, err) = Run("extract", "--model", folder, "--input", input, "--output", output, "--aggregation", "none", "--include-special-tokens", "-q");
        Assert.That(code, Is.EqualTo(0), err);

        var acts = ActivationFile.Load(output);
        var expected = SafeTensorsReader.Read(Path.Combine(folder, "expected.safetensors"))["hidden_states"];
        var (_, mask) = SafeTensorsReader.ReadInt64(Path.Combine(folder, "expected.safetensors"), "attention_mask");
        int layers = (int)expected.Shape[0], batch = (int)expected.Shape[1], seq = (int)expected.Shape[2], hidden = (int)expected.Shape[3];
        Assert.That(acts.Layout, Is.EqualTo(Data.LayerLayout.Create(layers, hidden)));
        int row = 0;
        double worst = 0;
        for (int b = 0; b < batch; b++)
        {
            int length = (int)Enumerable.Range(0, seq).Sum(t => mask[b * seq + t]);
            for (int t = 0; t < length; t++, row++)
            {
                var values = acts.Row(row);
                Assert.That(acts.SentenceIndices![row], Is.EqualTo(b));
                for (int l = 0; l < layers; l++)
                    for (int h = 0; h < hidden; h++)
                        worst = Math.Max(worst, Math.Abs(values[l * hidden + h] - expected.Data[((l * batch + b) * seq + t) * hidden + h]));
            }
        }
        Assert.That(row, Is.EqualTo(acts.Rows), "one row per non-padded position, special tokens included");
        Assert.That(worst, Is.LessThanOrEqualTo(1e-4), "max abs difference to transformers");
    }

    [Test]
    public void EmbeddedDefaultRunsOnTheBuiltInSampleAndClusters()
    {
        var output = Path.Combine(TempDir, "acts.hdf5");
        var (code, stdout, err) = Run("extract", "--output", output, "--layers", "0,3,6");
        Assert.That(code, Is.EqualTo(0), err);
        Assert.That(stdout, Does.Contain("rows × 1152 neurons"));
        var acts = ActivationFile.Load(output);
        Assert.That(acts.Layout, Is.EqualTo(Data.LayerLayout.Create(3, 384)));
        Assert.That(acts.SentenceIndices!.Distinct().Count(), Is.EqualTo(30));
        Assert.That(acts.Tokens![0], Is.EqualTo("public"));
        var (c2, _, e2) = Run("cluster", "-a", output, "-o", Path.Combine(TempDir, "c.json"), "-q");
        Assert.That(c2, Is.EqualTo(0), e2);
    }

    private void AssertFails(string expected, params string[] args)
    {
        var output = Path.Combine(TempDir, "o.hdf5");
        var (code, _, err) = Run([.. args, "-o", output, "-q"]);
        Assert.That(code, Is.Not.EqualTo(0));
        Assert.That(err.Trim().Split('\n'), Has.Length.EqualTo(1), err);
        Assert.That(err, Does.StartWith("codeneurons: error: ").And.Contain(expected));
        Assert.That(Directory.GetFiles(TempDir).Where(f => f.EndsWith(".hdf5", StringComparison.Ordinal) || f.EndsWith(".tmp", StringComparison.Ordinal)), Is.Empty, "nothing half-written");
    }

    [Test]
    public void UnsupportedModelTypeNamesTheSupportedOnes()
    {
        var folder = Path.Combine(TempDir, "weird");
        Directory.CreateDirectory(folder);
        foreach (var f in Directory.GetFiles(ExtractionTestUtil.ModelFolder("tiny-bert"))) File.Copy(f, Path.Combine(folder, Path.GetFileName(f)));
        var config = Path.Combine(folder, "config.json");
        File.WriteAllText(config, File.ReadAllText(config).Replace("\"model_type\": \"bert\"", "\"model_type\": \"mamba\""));
        AssertFails("roberta", "extract", "--model", folder);
    }

    [Test]
    public void CudaWithoutBackendNamesThePackage() => AssertFails("TorchSharp-cuda-linux", "extract", "--device", "cuda");

    [Test]
    public void BadLayersAreNamed() => AssertFails("--layers", "extract", "--layers", "0,x");

    [Test]
    public void EmptyInputLineIsNamed()
    {
        var input = Path.Combine(TempDir, "in.in");
        File.WriteAllText(input, "a b\n\nc\n");
        AssertFails("line 2", "extract", "--input", input);
    }

    [Test]
    public void InvalidUtf8InputIsNamed()
    {
        var input = Path.Combine(TempDir, "in.in");
        File.WriteAllBytes(input, [0x61, 0x0A, 0xFF, 0xFE, 0x0A]);
        AssertFails("UTF-8", "extract", "--input", input);
    }

    [Test]
    public void UnknownDtypeIsRejected()
    {
        var (code, _, _) = Run("extract", "--dtype", "float8", "-o", Path.Combine(TempDir, "o.hdf5"));
        Assert.That(code, Is.Not.EqualTo(0));
        Assert.That(File.Exists(Path.Combine(TempDir, "o.hdf5")), Is.False);
    }
}
