using CodeNeurons.Torch.Compact;

namespace CodeNeurons.Tests.Compact;

/// <summary>The input files of <c>codeneurons predict</c>: lexed source lines, snippets and pairs; malformed files are named with the line.</summary>
public sealed class CompactInputFileTests : TempDirectoryTest
{
    private string Write(string name, string text)
    {
        var path = Path.Combine(TempDir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Test]
    public void JavaLinesBecomeSentencesOfTheirTokensJoinedBySpaces()
    {
        var code = CompactInputFile.ReadCode(Write("A.java", "class A {\n\n  String s = \"a b\";\n}\n"));
        Assert.That(code.Select(s => s.Text), Is.EqualTo(new[] { "class A {", "String s = \"a b\" ;", "}" }));
        var tokens = code[1].ResolveTokens().Select(t => code[1].Text.Substring(t.Start, t.Length));
        Assert.That(tokens, Is.EqualTo(new[] { "String", "s", "=", "\"a b\"", ";" }), "a string literal with a space stays one code token");
    }

    [Test]
    public void InFilesAreReadAsExtractReadsThem()
    {
        var code = CompactInputFile.ReadCode(Write("x.in", "int x = 1 ;\nreturn x ;\n"));
        Assert.That(code.Select(s => s.ResolveTokens().Count), Is.EqualTo(new[] { 5, 3 }));
    }

    [Test]
    public void SnippetsAndPairs()
    {
        Assert.That(CompactInputFile.ReadSnippets(Write("f.py", "def f():\n    return 1\n")), Is.EqualTo(new[] { "def f():\n    return 1\n" }));
        Assert.That(CompactInputFile.ReadSnippets(Write("s.jsonl", "{\"text\": \"a\"}\n{\"text\": \"b c\"}\n")), Is.EqualTo(new[] { "a", "b c" }));
        Assert.That(CompactInputFile.ReadPairs(Write("p.jsonl", "{\"first\": \"q\", \"second\": \"code\"}\n")), Is.EqualTo(new[] { ("q", "code") }));
    }

    [Test]
    public void MalformedPairsAreNamedWithTheLine()
    {
        var path = Write("p.jsonl", "{\"first\": \"q\", \"second\": \"c\"}\n{\"first\": \"q\"}\n");
        Assert.That(() => CompactInputFile.ReadPairs(path), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("line 2").And.Message.Contains("\"second\""));
        Assert.That(() => CompactInputFile.ReadPairs(Write("p.txt", "x")), Throws.InstanceOf<InvalidDataException>().With.Message.Contains(".jsonl"));
        Assert.That(() => CompactInputFile.ReadSnippets(Write("empty.py", " \n")), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("empty"));
    }
}
