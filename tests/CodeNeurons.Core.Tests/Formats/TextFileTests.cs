using CodeNeurons.Data;
using CodeNeurons.Formats;
using static CodeNeurons.Tests.Formats.IoTestSupport;

namespace CodeNeurons.Tests.Formats;

/// <summary>NeuroX parallel text files (.in/.word, .label) and their checks against activations.</summary>
[TestFixture]
public class TextFileTests : TempDirectoryTest
{

    private string Write(string name, string content)
    {
        string path = Path.Combine(TempDir, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Test]
    public void SplitsLikePythonStripSplit()
    {
        var t = NeuroxText.ReadTokens(Write("a.in", "  def  f\t( x ) :  \r\n\nreturn\u00a0x\n"));
        Assert.That(t.Count, Is.EqualTo(3));
        Assert.That(t.Lines[0], Is.EqualTo(new[] { "def", "f", "(", "x", ")", ":" }));
        Assert.That(t.Lines[1], Is.Empty);
        Assert.That(t.Lines[2], Is.EqualTo(new[] { "return", "x" }));
    }

    [Test]
    public void FixtureTokensMatchTheFixtureActivations()
    {
        var set = NeuroxHdf5.Read(Fixture("f32.hdf5"));
        var text = NeuroxText.ReadTokens(Write("f.in", "def foo ( x ) :\nreturn x + 1\ndef foo ( x ) :\nx\ndef foo ( x ) :\n"));
        NeuroxText.CheckAgainst(set, text);
        Assert.That(text.Flatten(), Is.EqualTo(set.Tokens));
    }

    [Test]
    public void TokenCountMismatchNamesLineAndBothCounts()
    {
        var set = NeuroxHdf5.Read(Fixture("f32.hdf5"));
        string path = Write("f.in", "def foo ( x ) :\nreturn x + 1\ndef foo ( x ) :\nx y\ndef foo ( x ) :\n");
        var ex = Assert.Throws<InvalidDataException>(() => NeuroxText.CheckAgainst(set, NeuroxText.ReadTokens(path)))!;
        Assert.That(ex.Message, Does.Contain(path).And.Contain("line 4").And.Contain("2 items").And.Contain("1 rows"));
    }

    [Test]
    public void LineCountMismatch()
    {
        var set = NeuroxHdf5.Read(Fixture("f32.hdf5"));
        string path = Write("f.in", "def foo ( x ) :\nreturn x + 1\n");
        var ex = Assert.Throws<InvalidDataException>(() => NeuroxText.CheckAgainst(set, NeuroxText.ReadTokens(path)))!;
        Assert.That(ex.Message, Does.Contain("2 lines").And.Contain("5 sentences"));
    }

    [Test]
    public void LabelsAgainstTokens()
    {
        var tokens = NeuroxText.ReadTokens(Write("a.word", "a b c\nd e\n"));
        NeuroxText.CheckParallel(tokens, NeuroxText.ReadLabels(Write("ok.label", "X Y Z\nX Y\n")));
        string bad = Write("bad.label", "X Y Z\nX\n");
        var ex = Assert.Throws<InvalidDataException>(() => NeuroxText.CheckParallel(tokens, NeuroxText.ReadLabels(bad)))!;
        Assert.That(ex.Message, Is.EqualTo($"{bad} line 2: 1 labels but {tokens.FilePath} line 2 has 2 tokens."));
        string shortFile = Write("short.label", "X Y Z\n");
        var shortEx = Assert.Throws<InvalidDataException>(() => NeuroxText.CheckParallel(tokens, NeuroxText.ReadLabels(shortFile)))!;
        Assert.That(shortEx.Message, Is.EqualTo($"{shortFile} has 1 lines but {tokens.FilePath} has 2."));
    }

    [Test]
    public void SplitsOnPythonsWhitespaceSetOnly()
    {
        // Python's str.split() also splits on the separators U+001C..U+001F, not on U+001B or U+0020-adjacent controls.
        var t = NeuroxText.ReadTokens(Write("s.in", "a\u001cb\u001dc\u001ed\u001fe\u001bf\u0020g\u2003h\n"));
        Assert.That(t.Lines[0], Is.EqualTo(new[] { "a", "b", "c", "d", "e\u001bf", "g", "h" }));
        Assert.That(t.Flatten(), Is.EqualTo(t.Lines[0]));
        Assert.That(t.FilePath, Does.EndWith("s.in"));
    }

    [Test]
    public void NullArgumentsAreRejected()
    {
        var lines = NeuroxText.ReadTokens(Write("n.in", "a\n"));
        var set = NeuroxHdf5.Read(Fixture("f32.hdf5"));
        Assert.Multiple(() =>
        {
            Assert.Throws<ArgumentNullException>(() => NeuroxText.CheckParallel(null!, lines));
            Assert.Throws<ArgumentNullException>(() => NeuroxText.CheckParallel(lines, null!));
            Assert.Throws<ArgumentNullException>(() => NeuroxText.CheckAgainst(null!, lines));
            Assert.Throws<ArgumentNullException>(() => NeuroxText.CheckAgainst(set, null!));
            Assert.Throws<ArgumentNullException>(() => TextLines.Read(null!));
        });
    }

    [Test]
    public void CheckNeedsSentences()
    {
        var set = ActivationSet.Create([1f, 2f], 2, LayerLayout.Flat(1));
        Assert.That(() => NeuroxText.CheckAgainst(set, NeuroxText.ReadTokens(Write("a.in", "a b\n"))), Throws.ArgumentException
            .With.Property("ParamName").EqualTo("set")
            .And.Message.StartsWith("The activation set has no sentence indices, so its rows cannot be matched to lines."));
    }

    [Test]
    public void ALoneCarriageReturnEndsALine()
    {
        // Python's universal newlines, which NeuroX reads with: \r, \r\n and \n each end a line.
        var t = NeuroxText.ReadTokens(Write("cr.in", "a b\rc\r\nd\ne"));
        Assert.That(t.Lines, Is.EqualTo(new[] { new[] { "a", "b" }, new[] { "c" }, new[] { "d" }, new[] { "e" } }));
    }

    [Test]
    public void AMissingFileOrAFolderIsNamedAsATextFile()
    {
        string missing = Path.Combine(TempDir, "missing.in");
        Assert.That(() => NeuroxText.ReadTokens(missing), Throws.TypeOf<FileNotFoundException>()
            .With.Message.EqualTo($"Text file '{missing}' does not exist."));
        Assert.That(() => NeuroxText.ReadLabels(TempDir), Throws.TypeOf<IOException>()
            .With.Message.EqualTo($"Text file '{TempDir}' is a folder, but a file was expected."));
    }
}
