using CodeNeurons.Data;

namespace CodeNeurons.Tests.Extraction;

public class CorpusReaderTests : TempDirectoryTest
{
    private string Write(string name, string content)
    {
        var path = Path.Combine(TempDir, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Test]
    public void InLinesBecomeTokenSpansOfTheJoinedText()
    {
        var snippets = CorpusReader.Read(Write("a.in", "public int x = 42 ;\nreturn\tx ;\n"));
        Assert.That(snippets, Has.Count.EqualTo(2));
        Assert.That(snippets[0].Text, Is.EqualTo("public int x = 42 ;"));
        Assert.That(snippets[0].Tokens!.Select(t => snippets[0].Text.Substring(t.Start, t.Length)), Is.EqualTo(new[] { "public", "int", "x", "=", "42", ";" }));
        Assert.That(snippets[1].Tokens!.Select(t => snippets[1].Text.Substring(t.Start, t.Length)), Is.EqualTo(new[] { "return", "x", ";" }));
    }

    [Test]
    public void JsonlTextIsKeptWholeWithNewlines()
    {
        var snippets = CorpusReader.Read(Write("a.jsonl", "{\"text\": \"def f(x):\\n    return x\\n\"}\n\n{\"text\": \"y = 1\"}\n"));
        Assert.That(snippets.Select(s => s.Text), Is.EqualTo(new[] { "def f(x):\n    return x\n", "y = 1" }));
        Assert.That(snippets[0].ResolveTokens().Select(t => snippets[0].Text.Substring(t.Start, t.Length)), Is.EqualTo(new[] { "def", "f(x):", "return", "x" }));
    }

    [Test]
    public void BadInputNamesFileAndLine()
    {
        var ex = Assert.Throws<InvalidDataException>(() => CorpusReader.Read(Write("e.in", "a b\n\nc\n")));
        Assert.That(ex!.Message, Does.Contain("e.in").And.Contain("line 2").And.Contain("empty"));
        ex = Assert.Throws<InvalidDataException>(() => CorpusReader.Read(Write("j.jsonl", "{\"text\": \"a\"}\n{\"code\": 1}\n")));
        Assert.That(ex!.Message, Does.Contain("line 2").And.Contain("\"text\""));
        ex = Assert.Throws<InvalidDataException>(() => CorpusReader.Read(Write("k.jsonl", "{\"text\": \"a\"\n")));
        Assert.That(ex!.Message, Does.Contain("line 1").And.Contain("JSON"));
        var bin = Path.Combine(TempDir, "u.in");
        File.WriteAllBytes(bin, [0x61, 0x20, 0x62, 0x0A, 0xC3, 0x28, 0x0A]);
        ex = Assert.Throws<InvalidDataException>(() => CorpusReader.Read(bin));
        Assert.That(ex!.Message, Does.Contain("line 2").And.Contain("UTF-8"));
        Assert.Throws<InvalidDataException>(() => CorpusReader.Read(Write("z.in", "")));
        Assert.Throws<FileNotFoundException>(() => CorpusReader.Read(Path.Combine(TempDir, "none.in")));
    }
}
