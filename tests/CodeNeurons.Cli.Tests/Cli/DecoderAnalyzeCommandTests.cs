using CodeNeurons.Analysis;

namespace CodeNeurons.Tests.Cli;

/// <summary><c>codeneurons analyze</c> and <c>extract</c> with a tiny rotary decoder (Fixtures/hf-decoders) instead of the embedded MiniLM.</summary>
[NonParallelizable]
public class DecoderAnalyzeCommandTests : TempDirectoryTest
{
    [TestCase("tiny-llama")]
    [TestCase("tiny-qwen2")]
    [TestCase("tiny-starcoder2")]
    public void Analyze_WithATinyDecoder_RunsEndToEndOnTheBuiltInCorpus(string model)
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
}
