using System.Text;

namespace CodeNeurons.Tests.Cli;

[NonParallelizable]
public class TasksCommandTests : TempDirectoryTest
{
    private string Sources()
    {
        var src = Path.Combine(TempDir, "src");
        Directory.CreateDirectory(src);
        for (int file = 0; file < 12; file++)
        {
            var sb = new StringBuilder();
            for (int fn = 0; fn < 3; fn++)
                sb.Append($"def f{file}_{fn}(a, b):\n    \"\"\"Return the difference number {fn}.\"\"\"\n    x = a * 2\n    y = b + {fn}\n    if not x < y:\n        return x - y\n    return y\n\n");
            File.WriteAllText(Path.Combine(src, $"m{file}.py"), sb.ToString());
        }
        return src;
    }

    [TestCase("defect", "train.jsonl")]
    [TestCase("clone", "train.txt")]
    [TestCase("search", "train.json")]
    public void MakeWritesCodexglueFilesThatCheckReads(string task, string trainFile)
    {
        var src = Sources();
        var output = Path.Combine(TempDir, "out");
        var (code, stdout, err) = CliRunner.Run("tasks", "make", "--task", task, "--from", src, "--output", output, "--seed", "3", "--max-functions", "36");
        Assert.That(code, Is.EqualTo(0), err);
        Assert.That(stdout, Does.Contain("36 of 36 candidate functions from 12 files"));
        Assert.That(File.ReadAllText(Path.Combine(output, "README.md")), Does.Contain("| seed | 3 |"));
        (code, stdout, err) = CliRunner.Run("tasks", "check", "--task", task, Path.Combine(output, trainFile));
        Assert.That(code, Is.EqualTo(0), err);
        Assert.That(stdout, Does.Match(@"\d+ examples, \S+ (\d+), \S+ \1\."));
    }

    [Test]
    public void ErrorsNameTheFileAndLine()
    {
        var bad = Path.Combine(TempDir, "bad.jsonl");
        File.WriteAllText(bad, "{\"func\": \"x\", \"target\": 3, \"idx\": 0}\n");
        var (code, _, err) = CliRunner.Run("tasks", "check", "--task", "defect", bad);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.Contain("bad.jsonl: line 1 \"target\" is 3; expected 0 or 1."));
        (code, _, err) = CliRunner.Run("tasks", "make", "--task", "nope", "--from", TempDir, "--output", TempDir);
        Assert.That(code, Is.Not.EqualTo(0));
        (code, _, err) = CliRunner.Run("tasks", "make", "--task", "clone", "--from", Path.Combine(TempDir, "missing"), "--output", TempDir);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.Contain("does not exist"));
    }
}
