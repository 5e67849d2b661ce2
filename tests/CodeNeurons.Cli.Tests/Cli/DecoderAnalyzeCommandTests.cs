using CodeNeurons.Analysis;

namespace CodeNeurons.Tests.Cli;

/// <summary><c>codeneurons analyze</c> and <c>extract</c> with a tiny rotary decoder (Fixtures/hf-decoders) instead of the embedded MiniLM.</summary>
[NonParallelizable]
public class DecoderAnalyzeCommandTests : TempDirectoryTest
{
    // One family (~40 s): the pipeline after extraction is the same for all three, and DecoderExtractionTests covers each.
    // tiny-llama's best set is exactly layer 0, which once made the report ask for a probe layer selection never kept.
    [TestCase("tiny-llama")]
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
