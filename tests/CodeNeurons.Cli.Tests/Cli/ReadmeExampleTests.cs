using System.Reflection;

namespace CodeNeurons.Tests.Cli;

/// <summary>The README's "Using the library" example is samples/ReadmeExample, and it runs.</summary>
[NonParallelizable]
public class ReadmeExampleTests : TempDirectoryTest
{
    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CodeNeurons.sln"))) dir = dir.Parent;
        Assert.That(dir, Is.Not.Null, "the repository root (CodeNeurons.sln) above the test binaries");
        return dir!.FullName;
    }

    private static string[] CodeLines(IEnumerable<string> lines) => lines.Where(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith("//", StringComparison.Ordinal)).ToArray();

    [Test]
    public void TheReadmeExampleIsTheSampleProgram()
    {
        var root = RepoRoot();
        var readme = File.ReadAllLines(Path.Combine(root, "README.md"));
        int heading = Array.IndexOf(readme, "## Using the library");
        Assert.That(heading, Is.GreaterThan(0));
        int start = Array.IndexOf(readme, "```csharp", heading) + 1;
        int end = Array.IndexOf(readme, "```", start);
        Assert.That(start, Is.GreaterThan(heading));
        var program = File.ReadAllLines(Path.Combine(root, "samples", "ReadmeExample", "Program.cs"));
        Assert.That(CodeLines(readme[start..end]), Is.EqualTo(CodeLines(program)));
        Assert.That(CodeLines(program).Where(l => l.StartsWith("using CodeNeurons", StringComparison.Ordinal)), Is.Not.Empty, "the example shows its using lines");
    }

    [Test]
    public void TheSampleProgramRunsOnTheBuiltInCorpus()
    {
        // The sample's own entry point (referenced by this project), in a fresh working directory: exactly the printed code.
        var entry = Assembly.Load("ReadmeExample").EntryPoint!;
        var stdout = new StringWriter();
        var (oldOut, oldDir) = (Console.Out, Environment.CurrentDirectory);
        Console.SetOut(stdout);
        Environment.CurrentDirectory = TempDir;
        try
        {
            entry.Invoke(null, entry.GetParameters().Length == 0 ? null : [Array.Empty<string>()]);
        }
        finally
        {
            Console.SetOut(oldOut);
            Environment.CurrentDirectory = oldDir;
        }
        var printed = stdout.ToString();
        Assert.That(printed, Does.Contain("best on dev:").And.Contain("Oracle"));
        var html = Path.Combine(TempDir, "report.html");
        Assert.That(File.Exists(html), Is.True);
        Assert.That(File.ReadAllText(html), Does.Contain("Layer similarity (linear CKA").And.Contain("top NUMBER neuron"));
    }
}
