using CodeNeurons.Formats;

namespace CodeNeurons.Tests.Formats;

/// <summary>Outputs never replace inputs; symbolic-link outputs are written through to their target; file sets are replaced together.</summary>
public class OutputGuardTests : TempDirectoryTest
{
    [Test]
    public void AFolderOutputThatContainsAnInputIsRefused()
    {
        var model = Path.Combine(TempDir, "models", "minilm");
        Directory.CreateDirectory(model);
        var ex = Assert.Throws<ArgumentException>(() => OutputGuard.EnsureNotInput(Path.Combine(TempDir, "models"), "--output", ("--model", model)));
        Assert.That(ex!.Message, Does.Contain("--output").And.Contain("contains the input --model").And.Contain("minilm"));
        Assert.Throws<ArgumentException>(() => OutputGuard.EnsureNotInput(TempDir + Path.DirectorySeparatorChar, "--output", ("--model", model)));
        // a sibling whose name merely starts with the output's name is not inside it
        Assert.DoesNotThrow(() => OutputGuard.EnsureNotInput(Path.Combine(TempDir, "models", "mini"), "--output", ("--model", model)));
        Assert.DoesNotThrow(() => OutputGuard.EnsureNotInput(Path.Combine(model, "compact"), "--output", ("--model", model)));
    }

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
        // through a chain of links: the final target is replaced, every link stays a link
        var outer = Path.Combine(TempDir, "outer.json");
        File.CreateSymbolicLink(outer, "link.json");
        Assert.That(OutputGuard.ResolveOutput(outer), Is.EqualTo(OutputGuard.Canonical(target)));
        IoUtil.WriteAtomically(outer, (FileStream fs) => fs.Write("newer"u8));
        Assert.That(new FileInfo(outer).LinkTarget, Is.EqualTo("link.json"));
        Assert.That(new FileInfo(link).LinkTarget, Is.EqualTo("real.json"), "the middle link must stay a link");
        Assert.That(File.ReadAllText(target), Is.EqualTo("newer"));
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

    [TestCase(true)]
    [TestCase(false)]
    public void ARenameThatFailsMidwayPutsBackTheFilesAlreadyReplaced(bool firstTargetExisted)
    {
        var a = Path.Combine(TempDir, "x.in");
        var b = Path.Combine(TempDir, "x.label");
        if (firstTargetExisted) File.WriteAllText(a, "old in");
        Directory.CreateDirectory(b);   // the second target cannot be replaced by a file
        Assert.Catch<IOException>(() =>
        {
            using var set = new AtomicFileSet();
            set.Write(a, fs => fs.Write("new in"u8));
            set.Write(b, fs => fs.Write("new label"u8));
            set.Commit();
        });
        if (firstTargetExisted) Assert.That(File.ReadAllText(a), Is.EqualTo("old in"));
        else Assert.That(File.Exists(a), Is.False, "a target that did not exist is deleted again");
        Assert.That(Directory.GetFileSystemEntries(TempDir).Select(Path.GetFileName),
            Is.EquivalentTo(firstTargetExisted ? new[] { "x.in", "x.label" } : new[] { "x.label" }));
    }

    [Test]
    public void TheRefusalSaysWhetherThePathsAreEqualOrMeetThroughALink()
    {
        var acts = Path.Combine(TempDir, "acts.json");
        File.WriteAllText(acts, "{}");
        var ex = Assert.Throws<ArgumentException>(() => OutputGuard.EnsureNotInput(acts, "--output", ("--activations", acts)));
        Assert.That(ex!.Message, Is.EqualTo($"--output '{acts}' is the input --activations '{acts}'; writing it would replace the input. Choose another output path."));
        Assert.That(() => OutputGuard.EnsureNotInput(null!, "--output", ("--activations", acts)),
            Throws.ArgumentNullException.With.Property("ParamName").EqualTo("output"));
        if (OperatingSystem.IsWindows()) return;   // symbolic links need privileges there
        var link = Path.Combine(TempDir, "link.json");
        File.CreateSymbolicLink(link, acts);
        ex = Assert.Throws<ArgumentException>(() => OutputGuard.EnsureNotInput(link, "--output", ("--activations", acts)));
        Assert.That(ex!.Message, Is.EqualTo($"--output '{link}' and the input --activations '{acts}' are the same file ({OutputGuard.Canonical(acts)}, "
            + "after resolving symbolic links); writing it would replace the input. Choose another output path."));
    }

    [Test]
    [Platform("Linux,MacOsX")]
    public void ARelativeLinkReachedThroughALinkedFolderIsFollowedAsTheSystemDoes()
    {
        // link.json → sub/d/inner.json, where sub/d is a link to other/, and other/inner.json → ../real.json. The system
        // opens other/../real.json = real.json; joining the targets as text would give sub/real.json instead.
        var target = Path.Combine(TempDir, "real.json");
        File.WriteAllText(target, "old");
        Directory.CreateDirectory(Path.Combine(TempDir, "other"));
        Directory.CreateDirectory(Path.Combine(TempDir, "sub"));
        Directory.CreateSymbolicLink(Path.Combine(TempDir, "sub", "d"), Path.Combine(TempDir, "other"));
        File.CreateSymbolicLink(Path.Combine(TempDir, "other", "inner.json"), "../real.json");
        var link = Path.Combine(TempDir, "link.json");
        File.CreateSymbolicLink(link, "sub/d/inner.json");
        Assert.That(File.ReadAllText(link), Is.EqualTo("old"), "the system reads real.json through the link");

        Assert.That(OutputGuard.Canonical(link), Is.EqualTo(OutputGuard.Canonical(target)));
        Assert.That(OutputGuard.SamePath(link, target), Is.True);
        Assert.Throws<ArgumentException>(() => OutputGuard.EnsureNotInput(link, "--output", ("--activations", target)));
        IoUtil.WriteAtomically(link, (FileStream fs) => fs.Write("new"u8));
        Assert.That(File.ReadAllText(target), Is.EqualTo("new"));
        Assert.That(File.Exists(Path.Combine(TempDir, "sub", "real.json")), Is.False);
        Assert.That(new FileInfo(link).LinkTarget, Is.EqualTo("sub/d/inner.json"), "the link stays a link");
    }

    [Test]
    [Platform("Linux,MacOsX")]
    public void ASymbolicLinkLoopIsARefusedOutputAndAComparableInput()
    {
        var a = Path.Combine(TempDir, "a.json");
        var b = Path.Combine(TempDir, "b.json");
        File.CreateSymbolicLink(a, "b.json");
        File.CreateSymbolicLink(b, "a.json");
        Assert.That(() => OutputGuard.ResolveOutput(a), Throws.InstanceOf<IOException>()
            .With.Message.StartsWith($"The output '{a}' is a symbolic link that cannot be resolved ("));
        // Canonical follows a loop a bounded number of times and compares what it reached; below a loop it does not throw.
        Assert.That(OutputGuard.SamePath(a, a), Is.True);
        Assert.That(OutputGuard.Canonical(a), Is.EqualTo(a).Or.EqualTo(b));
        var under = Path.Combine(a, "x.json");
        Assert.That(OutputGuard.Canonical(under), Is.EqualTo(Path.Combine(a, "x.json")).Or.EqualTo(Path.Combine(b, "x.json")));
        var acts = Path.Combine(TempDir, "acts.json");
        File.WriteAllText(acts, "{}");
        Assert.DoesNotThrow(() => OutputGuard.EnsureNotInput(acts, "--output", ("--activations", under), ("--labels", a)));
    }

    [Test]
    public void AFileSetIsCommittedOnce()
    {
        var a = Path.Combine(TempDir, "x.in");
        var set = new AtomicFileSet();
        set.Write(a, fs => fs.Write("new in"u8));
        set.Commit();
        Assert.That(() => set.Write(Path.Combine(TempDir, "y.in"), fs => fs.Write("late"u8)), Throws.TypeOf<ObjectDisposedException>());
        Assert.That(() => set.Commit(), Throws.TypeOf<ObjectDisposedException>());
        set.Dispose();
        Assert.That(File.ReadAllText(a), Is.EqualTo("new in"), "disposing after a commit keeps the outputs");
        Assert.That(Directory.GetFiles(TempDir).Select(Path.GetFileName), Is.EquivalentTo(new[] { "x.in" }));
    }

    [Test]
    public void AFileSetRefusesOneTargetTwice()
    {
        var a = Path.Combine(TempDir, "x.in");
        using var set = new AtomicFileSet();
        set.Write(a, fs => fs.Write("one"u8));
        var again = Path.Combine(TempDir, ".", "x.in");
        Assert.That(() => set.Write(again, fs => fs.Write("two"u8)),
            Throws.ArgumentException.With.Message.StartsWith($"'{again}' is written twice in one set of outputs."));
    }

    [Test]
    public void AFileSetWritesHiddenTmpFilesBesideTheirTargets()
    {
        // docs/reliability-guarantees.md: a temporary file is `.NAME.ID.tmp` in the target's folder (the rename stays on
        // one file system, and one left behind by a signal is hidden and never taken for an output).
        var a = Path.Combine(TempDir, "x.in");
        string? temp = null;
        using (var set = new AtomicFileSet())
        {
            set.Write(a, fs => temp = fs.Name);
            Assert.That(File.Exists(temp), Is.True);
        }
        Assert.That(Path.GetDirectoryName(temp), Is.EqualTo(TempDir));
        Assert.That(Path.GetFileName(temp), Does.Match(@"^\.x\.in\.[0-9a-f]{12}\.tmp$"));
        Assert.That(File.Exists(temp), Is.False, "disposed without a commit: the temporary file is deleted");
    }
}
