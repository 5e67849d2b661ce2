using System.Diagnostics;

namespace CodeNeurons.Tests.Lexing;

/// <summary>Re-lexing the paper's java-token-tagging files (Sharma et al.) reproduces their tokens and labels.</summary>
public class JavaLexerAgreementTests
{
    [TestCase("train")]
    [TestCase("valid")]
    public void FixtureAgreesWithThePaperLabels(string split)
    {
        var result = JavaAgreement.Measure(TestData.Fixture("java-token-tagging", split + ".in"),
            TestData.Fixture("java-token-tagging", split + ".label"));
        TestContext.Out.WriteLine(result.ToString());
        Assert.That(result.Rate, Is.GreaterThanOrEqualTo(0.999), result.ToString());
    }

    [TestCase("train")]
    [TestCase("valid")]
    public void FullFilesAgreeWithThePaperLabels(string split)
    {
        string dir = TestData.RequireSharedData("java-token-tagging");
        var sw = Stopwatch.StartNew();
        var result = JavaAgreement.Measure(Path.Combine(dir, split + ".in"), Path.Combine(dir, split + ".label"));
        TestContext.Out.WriteLine($"{split}: {result} ({sw.Elapsed.TotalSeconds:F2} s)");
        Assert.That(result.Rate, Is.GreaterThanOrEqualTo(0.999), result.ToString());
    }
}
