using CodeNeurons.Formats;

namespace CodeNeurons.Tests.Formats;

/// <summary>Outputs never replace inputs; symbolic-link outputs are written through to their target; file sets are replaced together.</summary>
public class OutputGuardTests : TempDirectoryTest
{
    [Test]
    public void AnOutputEqualToAnInputIsRefusedNamingBoth()
    {
        var acts = Path.Combine(TempDir, "acts.json");
        File.WriteAllText(acts, "{}");
        var ex = Assert.Throws<ArgumentException>(() => OutputGuard.EnsureNotInput(acts, "--output", ("--labels", null), ("--activations", acts)));
        Assert.That(ex!.Message, Does.Contain("--output").And.Contain("--activations").And.Contain("acts.json").And.Contain("replace the input"));
        // the same file by another spelling of its path
        var other = Path.Combine(TempDir, "sub", "..", "acts.json");
        Directory.CreateDirectory(Path.Combine(TempDir, "sub"));
        Assert.Throws<ArgumentException>(() => OutputGuard.EnsureNotInput(other, "--output", ("--activations", acts)));
        Assert.DoesNotThrow(() => OutputGuard.EnsureNotInput(Path.Combine(TempDir, "result.json"), "--output", ("--activations", acts)));
    }

    [Test]
    [Platform("Linux,MacOsX")]
    public void AnOutputReachingAnInputThroughASymbolicLinkIsRefused()
    {
        var acts = Path.Combine(TempDir, "acts.json");
        File.WriteAllText(acts, "{}");
        var link = Path.Combine(TempDir, "link.json");
        File.CreateSymbolicLink(link, acts);
        var dirLink = Path.Combine(TempDir, "dirlink");
        Directory.CreateSymbolicLink(dirLink, TempDir);
        Assert.Throws<ArgumentException>(() => OutputGuard.EnsureNotInput(link, "--output", ("--activations", acts)));
        Assert.Throws<ArgumentException>(() => OutputGuard.EnsureNotInput(acts, "--output", ("--activations", link)));
        Assert.Throws<ArgumentException>(() => OutputGuard.EnsureNotInput(Path.Combine(dirLink, "acts.json"), "--output", ("--activations", acts)));
    }

    [Test]
    public void PathsDifferingInCaseAreTheSameFileOnlyWhereTheFileSystemIgnoresCase()
    {
        var acts = Path.Combine(TempDir, "acts.json");
        File.WriteAllText(acts, "{}");
        var upper = Path.Combine(TempDir, "ACTS.json");
        if (OperatingSystem.IsWindows() || OperatingSystem.IsMacOS())
            Assert.Throws<ArgumentException>(() => OutputGuard.EnsureNotInput(upper, "--output", ("--activations", acts)));
        else
            Assert.DoesNotThrow(() => OutputGuard.EnsureNotInput(upper, "--output", ("--activations", acts)));
    }

    [Test]
    [Platform("Linux,MacOsX")]
    public void WritingToASymbolicLinkReplacesItsTargetAndKeepsTheLink()
    {
        var target = Path.Combine(TempDir, "real.json");
        File.WriteAllText(target, "old");
        var link = Path.Combine(TempDir, "link.json");
        File.CreateSymbolicLink(link, "real.json");
        IoUtil.WriteAtomically(link, (FileStream fs) => fs.Write("new"u8));
        Assert.That(new FileInfo(link).LinkTarget, Is.EqualTo("real.json"), "the link must stay a link");
        Assert.That(File.ReadAllText(target), Is.EqualTo("new"));
        Assert.That(Directory.GetFiles(TempDir).Select(Path.GetFileName), Is.EquivalentTo(new[] { "real.json", "link.json" }));
    }

    [Test]
    public void AFileSetIsReplacedWholeOrNotAtAll()
    {
        var a = Path.Combine(TempDir, "x.in");
        var b = Path.Combine(TempDir, "x.label");
        File.WriteAllText(a, "old in");
        File.WriteAllText(b, "old label");
        Assert.Throws<IOException>(() =>
        {
            using var set = new AtomicFileSet();
            set.Write(a, fs => fs.Write("new in"u8));
            set.Write(b, _ => throw new IOException("No space left on device"));
            set.Commit();
        });
        Assert.That(File.ReadAllText(a), Is.EqualTo("old in"));
        Assert.That(File.ReadAllText(b), Is.EqualTo("old label"));
        Assert.That(Directory.GetFiles(TempDir), Has.Length.EqualTo(2), "temporary files must be deleted");

        using (var set = new AtomicFileSet())
        {
            set.Write(a, fs => fs.Write("new in"u8));
            set.Write(b, fs => fs.Write("new label"u8));
            set.Commit();
        }
        Assert.That(File.ReadAllText(a) + "|" + File.ReadAllText(b), Is.EqualTo("new in|new label"));
        Assert.That(Directory.GetFiles(TempDir), Has.Length.EqualTo(2));
    }

    [Test]
    public void ARenameThatFailsMidwayPutsBackTheFilesAlreadyReplaced()
    {
        var a = Path.Combine(TempDir, "x.in");
        var b = Path.Combine(TempDir, "x.label");
        File.WriteAllText(a, "old in");
        Directory.CreateDirectory(b);   // the second target cannot be replaced by a file
        Assert.Catch<IOException>(() =>
        {
            using var set = new AtomicFileSet();
            set.Write(a, fs => fs.Write("new in"u8));
            set.Write(b, fs => fs.Write("new label"u8));
            set.Commit();
        });
        Assert.That(File.ReadAllText(a), Is.EqualTo("old in"));
        Assert.That(Directory.GetFileSystemEntries(TempDir).Select(Path.GetFileName), Is.EquivalentTo(new[] { "x.in", "x.label" }));
    }
}
