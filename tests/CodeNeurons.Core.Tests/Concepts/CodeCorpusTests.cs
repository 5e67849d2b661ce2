using CodeNeurons.Concepts;
using CodeNeurons.Lexing;

namespace CodeNeurons.Tests.Concepts;

public class CodeCorpusTests : TempDirectoryTest
{
    [Test]
    public void BuiltInHasTheJavaAndPythonFilesInOrdinalOrder()
    {
        var corpus = CodeCorpus.BuiltIn();
        Assert.That(corpus.IsBuiltIn, Is.True);
        Assert.That(corpus.Files.Select(f => f.Name), Is.EqualTo(new[] { "Geometry.java", "Inventory.java", "TextStats.java", "geometry.py", "inventory.py", "text_stats.py" }));
        Assert.That(corpus.Files.Select(f => f.Language), Is.EqualTo(new[] { CodeLanguage.Java, CodeLanguage.Java, CodeLanguage.Java, CodeLanguage.Python, CodeLanguage.Python, CodeLanguage.Python }));
        Assert.That(corpus.Files.All(f => f.Text.Length > 1000 && f.Text[0] != '\uFEFF'), Is.True);
        Assert.That(corpus.Description, Does.Contain("built-in"));
    }

    [Test]
    public void SampleSnippetsAreThirtySpaceSeparatedLines()
    {
        var snippets = CodeCorpus.SampleSnippets();
        Assert.That(snippets, Has.Count.EqualTo(30));
        Assert.That(snippets.Sum(s => s.ResolveTokens().Count), Is.EqualTo(453), "the 453 tokens docs/cli.md gives for the sample");
    }

    [Test]
    public void FromFilesPicksTheLanguageByExtensionAndStripsTheBom()
    {
        var java = Path.Combine(TempDir, "A.JAVA");
        var py = Path.Combine(TempDir, "b.py");
        File.WriteAllText(java, "class A {}\n", new System.Text.UTF8Encoding(true));
        File.WriteAllText(py, "x = 1\n");
        var corpus = CodeCorpus.FromFiles([java, py]);
        Assert.That(corpus.Files.Select(f => f.Language), Is.EqualTo(new[] { CodeLanguage.Java, CodeLanguage.Python }));
        Assert.That(corpus.Files[0].Text, Is.EqualTo("class A {}\n"));
        Assert.That(corpus.Description, Is.EqualTo("A.JAVA, b.py"));
        Assert.That(corpus.IsBuiltIn, Is.False);
    }

    [Test]
    public void FromFilesBadInputsNameTheFile()
    {
        var txt = Path.Combine(TempDir, "notes.txt");
        File.WriteAllText(txt, "hello");
        Assert.That(() => CodeCorpus.FromFiles([txt]), Throws.ArgumentException.With.Message.Contains("notes.txt").And.Message.Contains("only .java and .py"));
        var missing = Path.Combine(TempDir, "missing.py");
        Assert.That(() => CodeCorpus.FromFiles([missing]), Throws.TypeOf<FileNotFoundException>().With.Message.Contains("missing.py"));
        var latin1 = Path.Combine(TempDir, "Latin.java");
        File.WriteAllBytes(latin1, [(byte)'c', (byte)'l', 0xE9, (byte)'\n']);
        Assert.That(() => CodeCorpus.FromFiles([latin1]), Throws.TypeOf<InvalidDataException>().With.Message.Contains("Latin.java").And.Message.Contains("UTF-8").And.Message.Contains("byte 2"));
        var binary = Path.Combine(TempDir, "blob.py");
        File.WriteAllBytes(binary, [(byte)'x', 0, 1, 2]);
        Assert.That(() => CodeCorpus.FromFiles([binary]), Throws.TypeOf<InvalidDataException>().With.Message.Contains("blob.py").And.Message.Contains("binary"));
        Assert.That(() => CodeCorpus.FromFiles([]), Throws.ArgumentException);
    }

    [Test]
    public void CodeLanguagesDispatchByExtension()
    {
        Assert.That(CodeLanguages.FromPath("x/Y.java"), Is.EqualTo(CodeLanguage.Java));
        Assert.That(CodeLanguages.FromPath("z.PY"), Is.EqualTo(CodeLanguage.Python));
        Assert.That(CodeLanguages.TryFromPath("z.kt", out _), Is.False);
        Assert.That(() => CodeLanguages.FromPath("z.kt"), Throws.ArgumentException.With.Message.Contains("z.kt"));
        Assert.That(CodeLanguages.CreateLexer(CodeLanguage.Python), Is.TypeOf<PythonLexer>());
        Assert.That(((JavaLexer)CodeLanguages.CreateLexer(CodeLanguage.Java, JavaLabelScheme.Clean)).Options.Scheme, Is.EqualTo(JavaLabelScheme.Clean));
    }
}
