using System.Text;
using CodeNeurons.Concepts;
using CodeNeurons.Data;
using CodeNeurons.Formats;

namespace CodeNeurons.Tests.Formats;

/// <summary>Text inputs: bounded line length, strict UTF-8 with file and line, and a folder/file mix-up said as such.</summary>
[NonParallelizable]   // changes TextLimits.MaxLineBytes
public class TextInputLimitTests : TempDirectoryTest
{
    [TearDown]
    public void RestoreLimit() => TextLimits.MaxLineBytes = TextLimits.DefaultMaxLineBytes;

    [Test]
    public void ALineLongerThanTheLimitIsAnErrorNamingFileLineLimitAndSetting()
    {
        var path = Path.Combine(TempDir, "big.in");
        File.WriteAllText(path, "int x ;\n" + new string('a', 5000) + "\n");
        TextLimits.MaxLineBytes = 4096;
        foreach (var read in new Action[] { () => CorpusReader.Read(path), () => TextLines.Read(path), () => LabeledTokens.FromFiles(path, path) })
        {
            var ex = Assert.Throws<InvalidDataException>(() => read());
            Assert.That(ex!.Message, Does.Contain(path).And.Contain("line 2").And.Contain("4096").And.Contain(TextLimits.MaxLineBytesVariable));
        }
        TextLimits.MaxLineBytes = 8192;
        Assert.That(CorpusReader.Read(path), Has.Count.EqualTo(2));
    }

    [Test]
    [Platform("Linux,MacOsX")]
    public void DevZeroAsInputStopsAtTheLimitInsteadOfExhaustingMemory()
    {
        Assume.That(File.Exists("/dev/zero"));
        var ex = Assert.Throws<InvalidDataException>(() => CorpusReader.Read("/dev/zero"));
        Assert.That(ex!.Message, Does.Contain("line 1 is longer than"));
    }

    [Test]
    public void InvalidUtf8InALabelFileIsAnErrorNamingFileAndLine()
    {
        var tokens = Path.Combine(TempDir, "x.in");
        var labels = Path.Combine(TempDir, "x.label");
        File.WriteAllText(tokens, "int x\nreturn y\n");
        File.WriteAllBytes(labels, [.. Encoding.UTF8.GetBytes("KEYWORD IDENT\nKEYWORD "), 0xC3, 0x28, (byte)'\n']);
        var ex = Assert.Throws<InvalidDataException>(() => LabeledTokens.FromFiles(tokens, labels));
        Assert.That(ex!.Message, Does.Contain(labels).And.Contain("line 2").And.Contain("not valid UTF-8"));
        Assert.Throws<InvalidDataException>(() => TextLines.Read(labels));
    }

    [Test]
    public void LineBreaksAreReadAsBefore()
    {
        var path = Path.Combine(TempDir, "x.in");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. "a b\r\nc\rd\n\ne"u8]);
        var lines = TextLines.Read(path);
        Assert.That(lines.Flatten(), Is.EqualTo(new[] { "a", "b", "c", "d", "e" }));
        Assert.That(lines.Count, Is.EqualTo(5));
    }

    [Test]
    public void AFolderGivenAsAFileAndAFileGivenAsAFolderSayWhatWasFound()
    {
        var folder = Path.Combine(TempDir, "folder.in");
        Directory.CreateDirectory(folder);
        var ex = Assert.Throws<IOException>(() => CorpusReader.Read(folder));
        Assert.That(ex!.Message, Does.Contain("is a folder, but a file was expected"));
        var json = Path.Combine(TempDir, "acts.json");
        Directory.CreateDirectory(json);
        Assert.That(Assert.Catch(() => ActivationFile.Load(json))!.Message, Does.Not.Contain("does not exist"));
        var file = Path.Combine(TempDir, "rawfile");
        File.WriteAllText(file, "x");
        Assert.That(Assert.Catch(() => RawActivationFolder.ReadMeta(file))!.Message, Does.Contain("is a file, but a folder was expected"));
    }
}
