using System.Text;
using CodeNeurons.Lexing;
using CodeNeurons.Tasks;

namespace CodeNeurons.Tests.Tasks;

public sealed class TaskGeneratorTests : TempDirectoryTest
{
    private const string Sample = """
        import os

        class Box:
            def area(self, width, height=2):
                '''Return the area of the box with the given sides.'''
                # product of the sides
                total = width * height
                scale = 3
                if not total > 0 and width != 1:
                    return scale - width
                return total / scale

        def count_lines(path, limit):
            '''Count the lines of a file up to a limit.

            Longer text here.
            '''
            n = 0
            with open(path) as handle:
                for line in handle:
                    if n >= limit:
                        break
                    n += 1
            return n

        def one(): return 1
        """;

    private static List<string> CodeTexts(string code) =>
        new PythonLexer().Tokenize(code).Tokens.Where(t => t.Label is not ("NEWLINE" or "NL" or "INDENT" or "DEDENT" or "ENDMARKER" or "COMMENT")).Select(t => t.Text).ToList();

    /// <summary>The edit between two token sequences if it is one token edit: a substitution, a deletion, or a transposition of the two operands of one binary operator.</summary>
    private static string? OneEdit(List<string> a, List<string> b)
    {
        if (a.Count == b.Count)
        {
            var diff = Enumerable.Range(0, a.Count).Where(i => a[i] != b[i]).ToList();
            if (diff.Count == 1) return "substitution";
            if (diff.Count == 2 && diff[1] == diff[0] + 2 && a[diff[0]] == b[diff[1]] && a[diff[1]] == b[diff[0]]) return "transposition";
            return null;
        }
        if (a.Count == b.Count + 1)
            for (int i = 0; i < a.Count; i++)
                if (i == b.Count || a[i] != b[i])
                    return a.Take(i).Concat(a.Skip(i + 1)).SequenceEqual(b) ? "deletion" : null;
        return null;
    }

    [Test]
    public void FunctionsAreFoundWithTheLexerAndDedented()
    {
        var found = PythonCode.Find("m.py", Sample);
        Assert.That(found.Select(f => f.Name).ToArray(), Is.EqualTo(new[] { "area", "count_lines" }), "one-line def skipped");
        Assert.That(found[0].Code, Does.StartWith("def area(self, width, height=2):\n    '''Return"));
        Assert.That(found[0].Line, Is.EqualTo(4));
        Assert.That(found[1].Code, Does.EndWith("    return n\n"));
    }

    [Test]
    public void DocstringIsSplitOffAsCodesearchnetDoes()
    {
        var f = PythonCode.Find("m.py", Sample);
        var (doc, code) = PythonRewrites.SplitDocstring(f[1].Code)!.Value;
        Assert.That(doc, Is.EqualTo("Count the lines of a file up to a limit."));
        Assert.That(code, Does.Not.Contain("Count the lines"));
        Assert.That(code, Does.StartWith("def count_lines(path, limit):\n    n = 0\n"));
        Assert.That(new PythonLexer().Tokenize(code).Diagnostics, Is.Empty);
        Assert.That(PythonRewrites.SplitDocstring("def f(x):\n    return x\n"), Is.Null, "no docstring");
        Assert.That(PythonRewrites.SplitDocstring("def f(x):\n    '''Only a docstring here.'''\n"), Is.Null, "nothing left");
        Assert.That(PythonRewrites.SplitDocstring("def f(x):\n    '''Short.'''\n    return x\n"), Is.Null, "fewer than 3 words");
    }

    [Test]
    public void RewriteRenamesConsistentlyAndKeepsAttributesKeywordsAndSelf()
    {
        var code = "def f(self, a, b=1):\n    x = a + b  # sum\n    y = x + 2\n    self.a = g(a=x, b=y)\n    return x.a + y\n";
        var r = PythonRewrites.Rewrite(code, 1)!;
        Assert.That(r, Is.Not.Null);
        var before = CodeTexts(code);
        var after = CodeTexts(r);
        Assert.That(after, Has.Count.EqualTo(before.Count));
        var map = new Dictionary<string, string>();
        for (int i = 0; i < before.Count; i++)
            if (before[i] != after[i])
            {
                if (map.TryGetValue(before[i], out var m)) Assert.That(after[i], Is.EqualTo(m), "consistent");
                else map[before[i]] = after[i];
            }
        Assert.That(map.Keys, Is.SubsetOf(new[] { "a", "b", "x", "y" }));
        Assert.That(r, Does.Contain("self."), "self kept");
        Assert.That(r, Does.Contain("g(a="), "keyword-argument name kept");
        Assert.That(r, Does.Contain(".a + "), "attribute kept");
        Assert.That(r, Does.Contain("\n  "), "reindented");
        Assert.That(r, Does.Not.Contain("# sum").Or.Contain("# sum"), "inline comment may stay");
        Assert.That(PythonRewrites.Rewrite(code, 1), Is.EqualTo(r), "deterministic");
    }

    [Test]
    public void RewriteSwapsIndependentAssignmentsOnly()
    {
        var code = "def f(p):\n    a = 1\n    b = 2\n    c = a + b\n    return c\n";
        bool swapped = false;
        for (int seed = 0; seed < 20; seed++)
        {
            var r = PythonRewrites.Rewrite(code, seed)!;
            var lines = r.Split('\n').Select(l => l.Trim()).ToList();
            // the dependent line (c = a + b) never moves above its inputs
            int ia = lines.FindIndex(l => l.EndsWith("= 1")), ib = lines.FindIndex(l => l.EndsWith("= 2")), ic = lines.FindIndex(l => l.Contains(" + "));
            Assert.That(ic, Is.GreaterThan(Math.Max(ia, ib)));
            swapped |= ib < ia;
        }
        Assert.That(swapped, Is.True);
        Assert.That(PythonRewrites.Rewrite("def f():\n    return locals()\n", 0), Is.Null, "nothing to rename or swap");
    }

    [Test]
    public void EveryMutantIsOneTokenEditAndLexes()
    {
        var f = PythonCode.Find("m.py", Sample);
        var kinds = new HashSet<MutationKind>();
        foreach (var fn in f)
            for (int seed = 0; seed < 60; seed++)
            {
                var m = PythonRewrites.Mutate(fn.Code, seed)!;
                Assert.That(m, Is.Not.Null);
                Assert.That(new PythonLexer().Tokenize(m.Code).Diagnostics, Is.Empty);
                var edit = OneEdit(CodeTexts(fn.Code), CodeTexts(m.Code));
                Assert.That(edit, Is.EqualTo(m.Kind switch
                {
                    MutationKind.DroppedNegation => "deletion",
                    MutationKind.SwappedOperands => "transposition",
                    _ => "substitution",
                }), $"{m.Kind} {m.Before} → {m.After}");
                kinds.Add(m.Kind);
            }
        Assert.That(kinds, Is.EquivalentTo(Enum.GetValues<MutationKind>()), "every kind occurs");
    }

    [Test]
    public void StdlibFunctionsRewriteAndMutateCleanly()
    {
        const string stdlib = "/usr/lib/python3.11";
        if (!File.Exists(Path.Combine(stdlib, "os.py"))) Assert.Ignore($"{stdlib} is not installed.");
        var files = new[] { "argparse.py", "textwrap.py", "shlex.py", "fractions.py", "heapq.py", "bisect.py" };
        int checkedFunctions = 0;
        foreach (var name in files)
        {
            var path = Path.Combine(stdlib, name);
            if (!File.Exists(path)) continue;
            foreach (var fn in PythonCode.Find(name, File.ReadAllText(path)))
            {
                Assert.That(new PythonLexer().Tokenize(fn.Code).Diagnostics, Is.Empty, $"{name}:{fn.Line}");
                if (PythonRewrites.Rewrite(fn.Code, fn.Line) is { } r)
                {
                    Assert.That(new PythonLexer().Tokenize(r).Diagnostics, Is.Empty, $"rewrite of {name}:{fn.Line}");
                    Assert.That(CodeTexts(r), Has.Count.EqualTo(CodeTexts(fn.Code).Count));
                }
                if (PythonRewrites.Mutate(fn.Code, fn.Line) is { } m)
                    Assert.That(OneEdit(CodeTexts(fn.Code), CodeTexts(m.Code)), Is.Not.Null, $"mutant of {name}:{fn.Line}: {m.Kind} {m.Before} → {m.After}");
                checkedFunctions++;
            }
        }
        Assert.That(checkedFunctions, Is.GreaterThan(100));
    }

    private string MakeSources()
    {
        var src = Path.Combine(TempDir, "src");
        for (int file = 0; file < 12; file++)
        {
            var sb = new StringBuilder();
            for (int fn = 0; fn < 3; fn++)
            {
                sb.Append($"def func_{file}_{fn}(alpha, beta, gamma={fn}):\n");
                sb.Append($"    \"\"\"Compute the weighted value number {fn} of file {file}.\"\"\"\n");
                sb.Append("    total = alpha * beta\n    limit = gamma + 1\n");
                sb.Append($"    if not total < limit and alpha != {file}:\n        return total - limit\n");
                sb.Append("    return total / limit\n\n");
            }
            Directory.CreateDirectory(Path.Combine(src, file % 2 == 0 ? "" : "pkg"));
            File.WriteAllText(Path.Combine(src, file % 2 == 0 ? "" : "pkg", $"mod{file}.py"), sb.ToString());
        }
        Directory.CreateDirectory(Path.Combine(src, "test"));
        File.WriteAllText(Path.Combine(src, "test", "skipped.py"), "def t(a):\n    return a\n");
        return src;
    }

    private static Dictionary<string, byte[]> Snapshot(string folder) =>
        Directory.GetFiles(folder).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);

    [TestCase(CodeTask.DefectDetection)]
    [TestCase(CodeTask.CloneDetection)]
    [TestCase(CodeTask.CodeSearch)]
    public void GeneratorIsDeterministicForASeedAndItsFilesReadBack(CodeTask task)
    {
        var src = MakeSources();
        var options = new TaskGenerationOptions { Seed = 11, MinCodeTokens = 5, MaxFunctionsPerFile = 3, SourceLabel = "hand-made test sources" };
        var a = new TaskGenerator(options).Generate(task, src, Path.Combine(TempDir, "a"));
        var b = new TaskGenerator(options).Generate(task, src, Path.Combine(TempDir, "b"));
        new TaskGenerator(options with { Seed = 12 }).Generate(task, src, Path.Combine(TempDir, "c"));
        Assert.That(a, Is.EqualTo(b).Using<GeneratedTaskData>((x, y) => x.Train == y.Train && x.Valid == y.Valid && x.Test == y.Test && x.Files.SequenceEqual(y.Files)));
        var sa = Snapshot(Path.Combine(TempDir, "a"));
        var sb = Snapshot(Path.Combine(TempDir, "b"));
        Assert.That(sa.Keys, Is.EquivalentTo(sb.Keys));
        foreach (var k in sa.Keys) Assert.That(sa[k], Is.EqualTo(sb[k]), k);
        var sc = Snapshot(Path.Combine(TempDir, "c"));
        Assert.That(sa.Keys.Where(k => k != "README.md").Any(k => !sa[k].SequenceEqual(sc[k])), Is.True, "another seed gives other data");
        Assert.That(a.SourceFiles, Is.EqualTo(12), "test/ folder skipped");
        Assert.That(a.Functions, Is.EqualTo(36));
        Assert.That(File.ReadAllText(Path.Combine(TempDir, "a", "README.md")), Does.Contain("| seed | 11 |").And.Contain("hand-made test sources"));

        string dir = Path.Combine(TempDir, "a");
        int[] counts = [a.Train, a.Valid, a.Test];
        string[] splits = ["train", "valid", "test"];
        for (int s = 0; s < 3; s++)
        {
            CodeNeurons.Data.ClassLabels labels = task switch
            {
                CodeTask.DefectDetection => CodeXGlueReader.ReadDefectDetection(Path.Combine(dir, splits[s] + ".jsonl")).ToClassLabels(),
                CodeTask.CloneDetection => CodeXGlueReader.ReadCloneDetection(Path.Combine(dir, splits[s] + ".txt")).ToClassLabels(task),
                _ => CodeXGlueReader.ReadCodeSearch(Path.Combine(dir, splits[s] + ".json")).ToClassLabels(task),
            };
            Assert.That(labels.Count, Is.EqualTo(counts[s]));
            Assert.That(labels.Counts(), Is.EqualTo(new[] { counts[s] / 2, counts[s] / 2 }), "balanced");
        }
    }

    [Test]
    public void GeneratedDefectAndClonePartnersKeepTheirPromises()
    {
        var src = MakeSources();
        var options = new TaskGenerationOptions { Seed = 5, MinCodeTokens = 5, MaxFunctionsPerFile = 3 };
        new TaskGenerator(options).Generate(CodeTask.DefectDetection, src, Path.Combine(TempDir, "d"));
        var rows = CodeXGlueReader.ReadDefectDetection(Path.Combine(TempDir, "d", "train.jsonl"));
        for (int i = 0; i < rows.Count; i += 2)
        {
            Assert.That(rows[i].Label, Is.EqualTo(0));
            Assert.That(rows[i + 1].Label, Is.EqualTo(1));
            Assert.That(OneEdit(CodeTexts(rows[i].Code), CodeTexts(rows[i + 1].Code)), Is.Not.Null, rows[i + 1].CommitId);
        }
        new TaskGenerator(options).Generate(CodeTask.CloneDetection, src, Path.Combine(TempDir, "k"));
        foreach (var p in CodeXGlueReader.ReadCloneDetection(Path.Combine(TempDir, "k", "train.txt")).Where(p => p.Label == 1))
        {
            Assert.That(new PythonLexer().Tokenize(p.Second).Diagnostics, Is.Empty);
            Assert.That(CodeTexts(p.Second), Has.Count.EqualTo(CodeTexts(p.First).Count));
            Assert.That(p.Second, Is.Not.EqualTo(p.First));
        }
    }

    [Test]
    public void GeneratorRefusesBadOptionsAndFolders()
    {
        Assert.That(() => new TaskGenerator(new TaskGenerationOptions { MaxFunctions = 3 }), Throws.ArgumentException);
        Assert.That(() => new TaskGenerator(new TaskGenerationOptions { TrainFraction = 0.95, ValidFraction = 0.1 }), Throws.ArgumentException);
        Assert.That(() => new TaskGenerator().Generate(CodeTask.CodeSearch, Path.Combine(TempDir, "none"), TempDir), Throws.TypeOf<DirectoryNotFoundException>());
        Directory.CreateDirectory(Path.Combine(TempDir, "few"));
        File.WriteAllText(Path.Combine(TempDir, "few", "a.py"), "def f(x):\n    return x < 1\n");
        Assert.That(() => new TaskGenerator().Generate(CodeTask.DefectDetection, Path.Combine(TempDir, "few"), Path.Combine(TempDir, "out")),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("at least 10"));
    }

    [Test]
    public void ShippedDataReadsBackWithTheReaders()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "data", "tasks"))) dir = dir.Parent;
        if (dir is null) Assert.Ignore("data/tasks not found above the test folder.");
        var root = Path.Combine(dir!.FullName, "data", "tasks");
        foreach (var s in new[] { "train", "valid", "test" })
        {
            var d = CodeXGlueReader.ReadDefectDetection(Path.Combine(root, "defect", s + ".jsonl"));
            var c = CodeXGlueReader.ReadCloneDetection(Path.Combine(root, "clone", s + ".txt"));
            var q = CodeXGlueReader.ReadCodeSearch(Path.Combine(root, "search", s + ".json"));
            foreach (var labels in new[] { d.ToClassLabels(), c.ToClassLabels(CodeTask.CloneDetection), q.ToClassLabels(CodeTask.CodeSearch) })
                Assert.That(labels.Counts()[0], Is.EqualTo(labels.Counts()[1]), "balanced");
            for (int i = 0; i < d.Count; i += 2)
                Assert.That(OneEdit(CodeTexts(d[i].Code), CodeTexts(d[i + 1].Code)), Is.Not.Null, d[i + 1].CommitId);
        }
    }
}
