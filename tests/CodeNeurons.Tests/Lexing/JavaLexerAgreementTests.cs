using System.Diagnostics;
using CodeNeurons.Lexing;

namespace CodeNeurons.Tests.Lexing;

/// <summary>Re-lexing the paper's java-token-tagging files (Sharma et al.) reproduces their tokens and labels.</summary>
public class JavaLexerAgreementTests
{
    private static string FullDataDirectory()
    {
        // The repository root is found from the test assembly's folder; the data sits beside it in ../shared/.
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Directory.Build.props")))
            dir = dir.Parent;
        string root = dir?.FullName ?? TestContext.CurrentContext.TestDirectory;
        return Path.GetFullPath(Path.Combine(root, "..", "shared", "data", "java-token-tagging"));
    }

    [TestCase("train")]
    [TestCase("valid")]
    public void Fixture_agrees_with_the_paper_labels(string split)
    {
        var result = JavaAgreement.Measure(TestData.Fixture("java-token-tagging", split + ".in"),
            TestData.Fixture("java-token-tagging", split + ".label"));
        TestContext.Out.WriteLine(result.ToString());
        Assert.That(result.Rate, Is.GreaterThanOrEqualTo(0.999), result.ToString());
    }

    [TestCase("train")]
    [TestCase("valid")]
    public void Full_files_agree_with_the_paper_labels(string split)
    {
        string dir = FullDataDirectory();
        Assume.That(Directory.Exists(dir), $"data not present at {dir}");
        var sw = Stopwatch.StartNew();
        var result = JavaAgreement.Measure(Path.Combine(dir, split + ".in"), Path.Combine(dir, split + ".label"));
        TestContext.Out.WriteLine($"{split}: {result} ({sw.Elapsed.TotalSeconds:F2} s)");
        Assert.That(result.Rate, Is.GreaterThanOrEqualTo(0.999), result.ToString());
        Assert.That(sw.Elapsed.TotalSeconds, Is.LessThan(30));
    }
}
