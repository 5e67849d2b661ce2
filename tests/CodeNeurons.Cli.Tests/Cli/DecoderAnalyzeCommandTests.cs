using System.Text.Json;
using CodeNeurons.Analysis;
using CodeNeurons.Formats;
using CodeNeurons.Torch.Models;

namespace CodeNeurons.Tests.Cli;

/// <summary><c>codeneurons analyze</c> and <c>extract</c> with a tiny rotary decoder (Fixtures/hf-decoders) instead of the embedded MiniLM.</summary>
[NonParallelizable]
public class DecoderAnalyzeCommandTests : TempDirectoryTest
{
    // One family (~40 s): the pipeline after extraction is the same for all three, and DecoderExtractionTests covers each.
    // tiny-llama's best set is exactly layer 0, which once made the report ask for a probe layer selection never kept.
    [TestCase("tiny-llama")]
    public void AnalyzeWithATinyDecoderRunsEndToEndOnTheBuiltInCorpus(string model)
    {
        string html = Path.Combine(TempDir, "report.html"), json = Path.Combine(TempDir, "report.json");
        var (code, stdout, err) = CliRunner.Run("analyze", "--model", TestData.Fixture("hf-decoders", model), "--per-class", "40", "--output", html, "--json", json);
        Assert.That(code, Is.EqualTo(0), err);
        Assert.That(stdout, Does.Contain("best on dev:"));
        var report = CcfsReport.Load(json);
        Assert.That(report.InputNeurons, Is.EqualTo(3 * 32), "embeddings + 2 layers × hidden 32");
        Assert.That(report.ClassNames, Is.EqualTo(new[] { "IDENT", "KEYWORD", "NUMBER", "STRING" }));
        Assert.That(File.ReadAllText(html), Does.StartWith("<!DOCTYPE html>").IgnoreCase);
    }

    [Test]
    public void ExtractWithStreamedLayersWritesTheEagerColumns()
    {
        string folder = TestData.Fixture("hf-decoders", "tiny-qwen2");
        string eager = Path.Combine(TempDir, "eager.json"), streamed = Path.Combine(TempDir, "streamed.json");
        var (code, _, err) = CliRunner.Run("extract", "--model", folder, "--output", eager, "-q");
        Assert.That(code, Is.EqualTo(0), err);
        (code, _, err) = CliRunner.Run("extract", "--model", folder, "--output", streamed, "--stream-layers", "--layers", "2,0", "-q");
        Assert.That(code, Is.EqualTo(0), err);
        var all = ActivationFile.Load(eager);
        var chosen = ActivationFile.Load(streamed);
        int d = all.Layout.NeuronsPerLayer;
        Assert.That(chosen.Tokens, Is.EqualTo(all.Tokens));
        for (int r = 0; r < all.Rows; r++)
        {
            Assert.That(chosen.Row(r)[..d].ToArray(), Is.EqualTo(all.Row(r).Slice(2 * d, d).ToArray()), $"row {r}, layer 2");
            Assert.That(chosen.Row(r)[d..].ToArray(), Is.EqualTo(all.Row(r)[..d].ToArray()), $"row {r}, layer 0");
        }
    }

    [TestCase("tiny-llama")]
    [TestCase("tiny-qwen2")]
    [TestCase("tiny-starcoder2")]
    public void ExtractWithATinyDecoderWritesTheReferenceHiddenStates(string model)
    {
        string folder = TestData.Fixture("hf-decoders", model);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(TestData.Fixture("hf-decoders", "tokenizer_expected.json")));
        var texts = doc.RootElement.GetProperty(model["tiny-".Length..]).EnumerateArray().Take(3).Select(e => e.GetProperty("text").GetString()!);
        string input = Path.Combine(TempDir, "input.jsonl"), output = Path.Combine(TempDir, "out.json");
        File.WriteAllLines(input, texts.Select(t => JsonSerializer.Serialize(new { text = t })));
        var (code, _, err) = CliRunner.Run("extract", "--model", folder, "--input", input, "--output", output, "--aggregation", "none", "--include-special-tokens", "-q");
        Assert.That(code, Is.EqualTo(0), err);

        var acts = ActivationFile.Load(output);
        string expectedPath = Path.Combine(folder, "expected.safetensors");
        var expected = SafeTensorsReader.Read(expectedPath)["hidden_states"];
        var (_, mask) = SafeTensorsReader.ReadInt64(expectedPath, "attention_mask");
        int layers = (int)expected.Shape[0], batch = (int)expected.Shape[1], seq = (int)expected.Shape[2], hidden = (int)expected.Shape[3];
        int row = 0;
        double worst = 0;
        for (int b = 0; b < batch; b++)
            for (int s = 0; s < seq; s++)
            {
                if (mask[b * seq + s] == 0) continue;
                var values = acts.Row(row++);
                for (int l = 0; l < layers; l++)
                    for (int h = 0; h < hidden; h++)
                        worst = Math.Max(worst, Math.Abs(values[l * hidden + h] - expected.Data[((l * batch + b) * seq + s) * hidden + h]));
            }
        Assert.That(row, Is.EqualTo(acts.Rows));
        Assert.That(worst, Is.LessThanOrEqualTo(1e-4));
    }
}
