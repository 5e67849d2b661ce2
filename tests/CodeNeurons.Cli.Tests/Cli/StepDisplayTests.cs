using System.Diagnostics;
using System.Text.RegularExpressions;
using CodeNeurons.Cli;
using Spectre.Console.Testing;

namespace CodeNeurons.Tests.Cli;

public class StepDisplayTests
{
    private const string LongResult =
        "[1/2] extracted 7742 tokens × 2688 neurons (7 layers × 384) with the embedded all-MiniLM-L6-v2 in 4.3 s, and then some more words to pass 80 columns.";

    [Test]
    public void SpectreBarsShowEachStepsResultAndReturnTheBodysValue()
    {
        var console = new TestConsole().Interactive();
        console.Profile.Width = 120;
        int result = SpectreStepDisplay.Run(console, 2, d =>
        {
            d.Begin(1, "extracting", 10);
            d.Advance(5, "lines");
            d.End("[1/2] extracted 10 lines");
            d.Begin(2, "pipeline [with brackets]");
            d.Advance(3, "probe 3");
            d.End("[2/2] pipeline done");
            return 42;
        });
        Assert.That(result, Is.EqualTo(42));
        Assert.That(console.Output, Does.Contain("[1/2] extracted 10 lines").And.Contain("[2/2] pipeline done"));
    }

    [Test]
    public void SpectreBarsAt80ColumnsNeverWrapAndKeepTheBarAndTheTimeWhole()
    {
        var console = new TestConsole().Interactive();
        console.Profile.Width = 80;
        SpectreStepDisplay.Run(console, 2, d =>
        {
            d.Begin(1, "extracting a very long step title that on its own would fill most of an 80-column terminal", 100);
            for (int i = 0; i <= 100; i += 10)
            {
                d.Advance(i, "lines of a corpus whose description is much too long for the bar to keep its width");
                Thread.Sleep(30);
            }
            d.End(LongResult);
            d.Begin(2, "CCFS pipeline");
            d.Advance(7, "lca/grid: top 210 of 2688 neurons (fraction 0.078) and a long tail of detail text");
            Thread.Sleep(150);
            d.End("[2/2] wrote report.html in 8.1 s.");
            return 0;
        });
        // TestConsole drops the cursor movements of the live display, so successive frames run together on a line; what each
        // frame and each printed result puts on a line is what is left between runs of blank padding.
        var lines = console.Lines.SelectMany(l => Regex.Split(l, " {3,}(?=\\[)")).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(lines.Where(l => l.Length > 80), Is.Empty, "a line wider than the console wraps");
            var barLines = lines.Where(l => l.Contains('%')).ToArray();
            Assert.That(barLines, Is.Not.Empty, "the bars were drawn");
            foreach (var line in barLines)
            {
                Assert.That(line, Does.Match(@"\d+%\s+\d\d:\d\d:\d\d\s*$"), "percentage and elapsed time whole at the end of the line");
                Assert.That(Regex.Match(line, "[━─╸╺]+").Length, Is.GreaterThanOrEqualTo(SpectreStepDisplay.BarWidth(80) - 1), $"the bar keeps its width: {line}");
            }
            // Every result is printed in full (wrapped at word boundaries), the last one included.
            string text = string.Join(" ", lines);
            foreach (var word in LongResult.Split(' ')) Assert.That(text, Does.Contain(word));
            Assert.That(lines, Does.Contain("[2/2] wrote report.html in 8.1 s."));
        });
    }

    [Test]
    public void PlainLinesAreWholeShortLinesWithoutCarriageReturns()
    {
        var writer = new StringWriter();
        var d = new PlainStepDisplay(writer, 2);
        d.Begin(1, "extracting", 1000);
        for (int i = 1; i <= 1000; i++) d.Advance(i, "lines " + new string('x', 200));
        d.End(LongResult);
        d.Begin(2, "writing");
        d.End("[2/2] wrote report.html in 8.1 s.");
        var text = writer.ToString();
        var lines = text.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Not.Contain('\r').Or.Contain("\r\n"), "no carriage return that overwrites a line");
            Assert.That(lines.Where(l => l.Length > PlainStepDisplay.MaxWidth), Is.Empty);
            Assert.That(lines.Count(l => l.StartsWith("[1/2] extracting ", StringComparison.Ordinal) && l.Contains('/')), Is.InRange(9, 10),
                "one progress line per tenth, not one per item");
            Assert.That(lines[0], Is.EqualTo("[1/2] extracting ..."));
            Assert.That(string.Join(" ", lines.Select(l => l.Trim())), Does.Contain(LongResult));
            Assert.That(lines[^1], Is.EqualTo("[2/2] wrote report.html in 8.1 s."));
            Assert.That(text, Does.EndWith(Environment.NewLine));
        });
    }

    [Test]
    public void PlainLinesWithoutATotalReportAtMostEveryInterval()
    {
        var time = new ManualTime();
        var writer = new StringWriter();
        var d = new PlainStepDisplay(writer, 1, time);
        d.Begin(1, "CCFS pipeline");
        for (int i = 1; i <= 100; i++)
        {
            time.Advance(TimeSpan.FromSeconds(0.5));
            d.Advance(i, $"probe {i}");
        }
        var progress = writer.ToString().Split(Environment.NewLine).Where(l => l.StartsWith("[1/1] CCFS pipeline ", StringComparison.Ordinal) && !l.EndsWith("...", StringComparison.Ordinal)).ToArray();
        Assert.That(progress, Has.Length.EqualTo(10), "50 s of progress, one line per 5 s");
        Assert.That(progress[0], Is.EqualTo("[1/1] CCFS pipeline 10 probe 10"));
    }

    [Test]
    public void RunWithStderrRedirectedWritesPlainLinesAndTheLastResult()
    {
        var writer = new StringWriter();
        int result = StepDisplay.Run(1, d =>
        {
            d.Begin(1, "writing");
            d.End("[1/1] wrote report.html in 1.0 s.");
            return 7;
        }, writer, errorRedirected: true);
        Assert.That(result, Is.EqualTo(7));
        Assert.That(writer.ToString(), Is.EqualTo($"[1/1] writing ...{Environment.NewLine}[1/1] wrote report.html in 1.0 s.{Environment.NewLine}"));
    }

    [Test]
    public void ExceptionsInTheBodyPropagate()
    {
        var console = new TestConsole();
        Assert.Throws<InvalidOperationException>(() => SpectreStepDisplay.Run<int>(console, 1, _ => throw new InvalidOperationException("boom")));
    }

    [Test]
    public void WrapKeepsEveryWordWithinTheWidth()
    {
        var lines = StepText.Wrap(LongResult, 40, "  ").ToArray();
        Assert.That(lines.Where(l => l.Length > 40), Is.Empty);
        Assert.That(string.Join(" ", lines.Select(l => l.Trim())), Is.EqualTo(LongResult));
    }

    private sealed class ManualTime : TimeProvider
    {
        private long _ticks;
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
        public override long GetTimestamp() => _ticks;
        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}

/// <summary>
/// The built CLI run as a child process with its streams really redirected, as in a CI log: `analyze` over two small files.
/// </summary>
[NonParallelizable]
public class StepDisplayRedirectionTests : TempDirectoryTest
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(8);

    [Test]
    public void StderrToAFileGetsShortWholeLinesEndingWithTheWrittenReport()
    {
        WriteInputs();
        var run = Shell($"dotnet \"{CliDll()}\" analyze --input A.java b.py --per-class 8 --output report.html > out.txt 2> err.txt");
        string err = File.ReadAllText(Path.Combine(TempDir, "err.txt"));
        string output = File.ReadAllText(Path.Combine(TempDir, "out.txt"));
        Assert.That(run.ExitCode, Is.Zero, err + output);
        var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(err, Does.Not.Contain('\r'));
            Assert.That(lines.Where(l => l.Length > PlainStepDisplay.MaxWidth), Is.Empty);
            Assert.That(lines, Has.Length.LessThan(60));
            Assert.That(lines[^1], Does.StartWith("[4/4] wrote report.html"));
            Assert.That(output, Does.Contain("best on dev"), "the table on stdout");
            Assert.That(File.Exists(Path.Combine(TempDir, "report.html")));
        });
    }

    [Test]
    public void OnlyStdoutRedirectedTheResultsStayOnTheTerminal()
    {
        // `script` gives the command a terminal (a pseudo-terminal) for stderr; stdout goes to a file.
        Assume.That(File.Exists("/usr/bin/script"), "needs util-linux's script");
        WriteInputs();
        var run = Shell($"script -qec 'dotnet \"{CliDll()}\" analyze --input A.java b.py --per-class 8 --output report.html > out.txt' /dev/null",
            new() { ["COLUMNS"] = "80", ["TERM"] = "xterm" });
        string terminal = Regex.Replace(run.Output, @"\x1b\[[0-9;?]*[A-Za-z]", "");
        string output = File.ReadAllText(Path.Combine(TempDir, "out.txt"));
        Assert.That(run.ExitCode, Is.Zero, terminal + output);
        Assert.Multiple(() =>
        {
            Assert.That(terminal, Does.Contain("[4/4] wrote report.html"), "the last step's result on the terminal (stderr)");
            Assert.That(terminal, Does.Contain("[1/4] labelled"));
            Assert.That(output, Does.Contain("best on dev").And.Not.Contain("[4/4]"), "stdout holds the table only");
        });
    }

    private void WriteInputs()
    {
        // Enough distinct keywords, numbers, strings and names for a lexically disjoint split with every class on dev and test.
        string[] javaKeywords = ["if", "while", "for", "return", "new", "final", "static", "public", "private", "void", "throw", "else", "do", "switch", "case", "break"];
        string[] pythonKeywords = ["if", "while", "for", "return", "lambda", "not", "and", "or", "in", "is", "pass", "yield", "del", "assert", "global", "else"];
        var java = Enumerable.Range(0, 60).Select(i =>
            $"{javaKeywords[i % 16]} {javaKeywords[(i + 5) % 16]} name{i} = \"text{i}\" + {i * 7 + 3} + other{i} ;");
        var python = Enumerable.Range(0, 60).Select(i =>
            $"{pythonKeywords[i % 16]} {pythonKeywords[(i + 7) % 16]} var{i} = 'word{i}' + {i * 11 + 5} + thing{i}");
        File.WriteAllText(Path.Combine(TempDir, "A.java"), string.Join("\n", java));
        File.WriteAllText(Path.Combine(TempDir, "b.py"), string.Join("\n", python));
    }

    /// <summary>The CLI built beside this test assembly by the project reference (same configuration).</summary>
    private static string CliDll()
    {
        string dll = Path.Combine(TestContext.CurrentContext.TestDirectory, "CodeNeurons.Cli.dll");
        Assert.That(File.Exists(dll), Is.True, dll);
        Assume.That(File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json")), "the CLI's runtimeconfig is not beside the tests");
        return dll;
    }

    private (int ExitCode, string Output) Shell(string command, Dictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo("bash", ["-c", command])
        {
            WorkingDirectory = TempDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (k, v) in environment ?? []) psi.Environment[k] = v;
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"timed out: {command}");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
