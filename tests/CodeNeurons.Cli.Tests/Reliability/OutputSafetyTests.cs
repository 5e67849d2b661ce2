using CodeNeurons.Tests.Cli;

namespace CodeNeurons.Tests.Reliability;

/// <summary>No verb replaces its own input; label replaces its three files together.</summary>
[NonParallelizable]
public class OutputSafetyTests : TempDirectoryTest
{
    private string SyntheticResult()
    {
        var path = Path.Combine(TempDir, "acts.json");
        var (code, _, err) = CliRunner.Run("cluster", "--synthetic", "-t", "0.5", "-o", Path.Combine(TempDir, "seed.json"), "-q");
        Assert.That(code, Is.EqualTo(0), err);
        File.Move(Path.Combine(TempDir, "seed.json"), path);
        return path;
    }

    [TestCase("cluster", "--activations")]
    [TestCase("cka", "--activations")]
    [TestCase("probe", "--activations")]
    [TestCase("report", "--input")]
    public void AVerbRefusesToWriteOverItsInput(string verb, string inputOption)
    {
        var input = SyntheticResult();
        string before = File.ReadAllText(input);
        var (code, _, err) = CliRunner.Run(verb, inputOption, input, "--output", input, "-q");
        Assert.That(code, Is.EqualTo(1), err);
        Assert.That(err, Does.Contain("codeneurons: error: --output").And.Contain("replace the input"));
        Assert.That(File.ReadAllText(input), Is.EqualTo(before), "the input must be untouched");
    }

    [Test]
    public void LabelKeepsThePreviousSetWhenOneOfItsFilesCannotBeReplaced()
    {
        var code = Path.Combine(TempDir, "A.java");
        File.WriteAllText(code, "class A { int x = 1; }\n");
        var prefix = Path.Combine(TempDir, "a");
        File.WriteAllText(prefix + ".tokens.jsonl", "old tokens\n");
        File.WriteAllText(prefix + ".label", "old labels\n");
        Directory.CreateDirectory(prefix + ".in");   // .in cannot be replaced by a file
        var (exit, _, err) = CliRunner.Run("label", "--language", "java", "--input", code, "--output", prefix, "-q");
        Assert.That(exit, Is.EqualTo(1), err);
        Assert.That(File.ReadAllText(prefix + ".tokens.jsonl"), Is.EqualTo("old tokens\n"));
        Assert.That(File.ReadAllText(prefix + ".label"), Is.EqualTo("old labels\n"));
        Assert.That(Directory.GetFileSystemEntries(TempDir).Select(Path.GetFileName),
            Is.EquivalentTo(new[] { "A.java", "a.tokens.jsonl", "a.label", "a.in" }), "no temporary file may be left");
    }

    [Test]
    [Platform("Linux,MacOsX")]
    public void AnOutputThatIsASymbolicLinkIsWrittenThroughToItsTarget()
    {
        var target = Path.Combine(TempDir, "real.json");
        File.WriteAllText(target, "old");
        var link = Path.Combine(TempDir, "result.json");
        File.CreateSymbolicLink(link, "real.json");
        var (code, _, err) = CliRunner.Run("cluster", "--synthetic", "-t", "0.5", "-o", link, "-q");
        Assert.That(code, Is.EqualTo(0), err);
        Assert.That(new FileInfo(link).LinkTarget, Is.EqualTo("real.json"));
        Assert.That(File.ReadAllText(target), Does.StartWith("{\"neurons\""));
    }
}
