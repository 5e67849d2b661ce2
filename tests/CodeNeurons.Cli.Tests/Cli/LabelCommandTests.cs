using System.Text.Json;
using CodeNeurons.Formats;

namespace CodeNeurons.Tests.Cli;

[NonParallelizable]
public class LabelCommandTests : TempDirectoryTest
{
    private string Source(string name, string text)
    {
        var path = Path.Combine(TempDir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Test]
    public void JavaLinesGiveThePaperLabelsInNeuroxFiles()
    {
        var input = Source("a.java", "protected final void run ( int count ) {\nString s = \"a b\" ;\n\nreturn count + 0x1F ;\n");
        var prefix = Path.Combine(TempDir, "out");
        var (code, stdout, err) = CliRunner.Run("label", "--language", "java", "--input", input, "--output", prefix);
        Assert.That(code, Is.EqualTo(0), err);
        var inLines = File.ReadAllLines(prefix + ".in");
        var labels = File.ReadAllLines(prefix + ".label");
        Assert.That(inLines, Has.Length.EqualTo(4), "one line per input line");
        Assert.That(inLines[0], Is.EqualTo("protected final void run ( int count ) {"));
        Assert.That(labels[0], Is.EqualTo("MODIFIER MODIFIER KEYWORD IDENT LPAR TYPE IDENT RPAR LBRACE"));
        Assert.That(inLines[1], Is.EqualTo("String s = \"a▁b\" ;"), "whitespace inside a token is made visible");
        Assert.That(labels[1].Split(' ')[3], Is.EqualTo("STRING"));
        Assert.That(inLines[2], Is.Empty);
        Assert.That(labels[3].Split(' ')[3], Is.EqualTo("UNKNOWN"), "hex literals are UNKNOWN in the paper's scheme");
        foreach (var (a, b) in inLines.Zip(labels))
            Assert.That(a.Length == 0 ? 0 : a.Split(' ').Length, Is.EqualTo(b.Length == 0 ? 0 : b.Split(' ').Length));
        var tokens = File.ReadAllLines(prefix + ".tokens.jsonl").Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var str = tokens.Single(t => t.GetProperty("label").GetString() == "STRING");
        Assert.That(str.GetProperty("text").GetString(), Is.EqualTo("\"a b\""));
        Assert.That((str.GetProperty("line").GetInt32(), str.GetProperty("col").GetInt32(), str.GetProperty("end_col").GetInt32()), Is.EqualTo((2, 11, 16)));
        Assert.That(stdout, Does.Contain("tokens written"));

        var (c2, _, e2) = CliRunner.Run("label", "-l", "java", "--scheme", "clean", "-i", input, "-o", prefix + "-clean", "--skip-empty-lines", "-q");
        Assert.That(c2, Is.EqualTo(0), e2);
        Assert.That(File.ReadAllLines(prefix + "-clean.in"), Has.Length.EqualTo(3));
        Assert.That(File.ReadAllLines(prefix + "-clean.label")[2].Split(' ')[3], Is.Not.EqualTo("UNKNOWN"));
    }

    [Test]
    public void PythonFileGivesTokenizeLabelsPerLine()
    {
        var input = Source("a.py", "def f(x):\n    # comment\n    return x + 1_000  # done\n\nname = f\"v {x}\"\n");
        var prefix = Path.Combine(TempDir, "py");
        var (code, _, err) = CliRunner.Run("label", "-l", "python", "-i", input, "-o", prefix, "-q");
        Assert.That(code, Is.EqualTo(0), err);
        var inLines = File.ReadAllLines(prefix + ".in");
        var labels = File.ReadAllLines(prefix + ".label");
        Assert.That(inLines, Has.Length.EqualTo(5));
        Assert.That(inLines[0], Is.EqualTo("def f ( x ) :"));
        Assert.That(labels[0], Is.EqualTo("KEYWORD NAME OP NAME OP OP"));
        Assert.That(inLines[1], Is.Empty, "comments and layout tokens stay out of .in");
        Assert.That(labels[2], Is.EqualTo("KEYWORD NAME OP NUMBER"));
        Assert.That(labels[4], Is.EqualTo("NAME OP STRING"));
        var kinds = File.ReadAllLines(prefix + ".tokens.jsonl").Select(l => JsonDocument.Parse(l).RootElement.GetProperty("label").GetString()).ToList();
        Assert.That(kinds, Does.Contain("COMMENT").And.Contain("INDENT").And.Contain("DEDENT").And.Contain("ENDMARKER"));
    }

    [Test]
    public void LabelledFilesFeedExtractionAndNeuroxChecks()
    {
        var input = Source("b.java", "int x = 42 ;\nreturn x ;\n");
        var prefix = Path.Combine(TempDir, "b");
        Assert.That(CliRunner.Run("label", "-l", "java", "-i", input, "-o", prefix, "-q").Code, Is.EqualTo(0));
        var tokens = NeuroxText.ReadTokens(prefix + ".in");
        var labels = NeuroxText.ReadLabels(prefix + ".label");
        Assert.DoesNotThrow(() => NeuroxText.CheckParallel(tokens, labels));
    }

    [Test]
    public void BadArgumentsAreNamed()
    {
        var input = Source("c.py", "x = 1\n");
        var (code, _, err) = CliRunner.Run("label", "-l", "python", "--scheme", "clean", "-i", input, "-o", Path.Combine(TempDir, "c"));
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.Contain("--scheme clean"));
        (code, _, err) = CliRunner.Run("label", "-l", "java", "-i", Path.Combine(TempDir, "none.java"), "-o", Path.Combine(TempDir, "c"));
        Assert.That(err, Does.Contain("none.java"));
        var bin = Path.Combine(TempDir, "bad.java");
        File.WriteAllBytes(bin, [0x69, 0x6E, 0x74, 0x20, 0xFF, 0x0A]);
        (code, _, err) = CliRunner.Run("label", "-l", "java", "-i", bin, "-o", Path.Combine(TempDir, "d"));
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.Contain("UTF-8"));
        Assert.That(File.Exists(Path.Combine(TempDir, "d.in")), Is.False);
    }

    [Test]
    public void BrokenCodeIsLabelledNotRejected()
    {
        var input = Source("e.java", "String s = \"unterminated ;\nint # y = 1 ;\n");
        var prefix = Path.Combine(TempDir, "e");
        var (code, _, err) = CliRunner.Run("label", "-l", "java", "-i", input, "-o", prefix);
        Assert.That(code, Is.EqualTo(0));
        Assert.That(err, Does.Contain("e.java:1:").And.Contain("e.java:2:"));
        Assert.That(File.ReadAllText(prefix + ".label"), Does.Contain("UNKNOWN"));
    }
}
