using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using CodeNeurons.Data;
using CodeNeurons.Formats;
using CodeNeurons.Tests.Extraction;

namespace CodeNeurons.Tests.Reliability;

/// <summary>
/// Real signals sent to the built <c>codeneurons</c> tool in a child process (<c>dotnet CodeNeurons.Cli.dll …</c>):
/// the verb must stop, print the "cancelled" line, exit with 130, leave no temporary file and keep the previous output.
/// The signal is sent once the verb has printed progress, so it is known to be mid-run (no fixed sleeps).
/// </summary>
[TestFixture]
[Platform("Linux,MacOsX")]
[NonParallelizable]
public class SignalTests : TempDirectoryTest
{
    private const int SIGHUP = 1, SIGINT = 2, SIGTERM = 15;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);   // a hang guard only, never an expectation

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    private static string CliDll => Path.Combine(TestContext.CurrentContext.TestDirectory, "CodeNeurons.Cli.dll");

    [TestCase(SIGINT, "out.json")]
    [TestCase(SIGTERM, "out.hdf5")]
    [TestCase(SIGHUP, "rawout")]
    public void ExtractStopsOnASignalWith130AndLeavesThePreviousOutput(int signal, string outputName)
    {
        var input = Path.Combine(TempDir, "big.in");
        var rng = new Random(7);
        string[] words = ["int", "x", "=", "1", ";", "return", "foo", "(", ")", "String", "s", "if", "else"];
        File.WriteAllLines(input, Enumerable.Range(0, 20000).Select(_ => string.Join(' ', Enumerable.Range(0, 12).Select(_ => words[rng.Next(words.Length)]))));
        var output = Path.Combine(TempDir, outputName);
        string previous = Previous(output);

        var run = RunUntil(signal, "snippets", "extract", "--model", ExtractionTestUtil.ModelFolder("tiny-roberta"), "--input", input, "--output", output, "--batch-size", "4");

        AssertCancelled(run, signal);
        Assert.That(Snapshot(output), Is.EqualTo(previous), "the previous output must be intact");
        AssertNoTemporaryFiles(input, output);
    }

    [TestCase(SIGINT)]
    [TestCase(SIGTERM)]
    public void ClusterStopsOnASignalWith130AndLeavesThePreviousOutput(int signal)
    {
        // 16,384 rows × 1,024 neurons read 256 rows a chunk: 64 chunks, a progress line after each.
        const int rows = 16384, layers = 4, perLayer = 256;
        var values = new float[(long)rows * layers * perLayer];
        var rng = new Random(3);
        for (int i = 0; i < values.Length; i++) values[i] = (float)rng.NextDouble();
        var raw = Path.Combine(TempDir, "acts");
        ActivationFile.Save(ActivationSet.Create(values, rows, LayerLayout.Create(layers, perLayer)), raw);
        var output = Path.Combine(TempDir, "result.json");
        string previous = Previous(output);

        var run = RunUntil(signal, "correlation:", "cluster", "--activations", raw, "--output", output, "--chunk-rows", "256", "--kernel", "managed");

        AssertCancelled(run, signal);
        Assert.That(File.ReadAllText(output), Is.EqualTo(previous), "the previous output must be intact");
        AssertNoTemporaryFiles(raw, output);
    }

    private static string Previous(string output)
    {
        if (output.EndsWith("rawout", StringComparison.Ordinal))
        {
            Directory.CreateDirectory(output);
            File.WriteAllText(Path.Combine(output, "X.f32"), "previous values");
            File.WriteAllText(Path.Combine(output, "meta.json"), "{\"previous\": true}");
        }
        else
        {
            File.WriteAllText(output, "previous output");
        }
        return Snapshot(output);
    }

    private static string Snapshot(string output) => Directory.Exists(output)
        ? string.Join("|", Directory.EnumerateFileSystemEntries(output).Order(StringComparer.Ordinal).Select(f => Path.GetFileName(f) + "=" + File.ReadAllText(f)))
        : File.ReadAllText(output);

    private void AssertNoTemporaryFiles(params string[] expected)
    {
        // every temporary file of the tool is hidden (".NAME.ID.tmp", HDF5 scratch ".NAME.rows.ID.tmp")
        var hidden = Directory.EnumerateFileSystemEntries(TempDir, "*", SearchOption.AllDirectories).Where(f => Path.GetFileName(f).StartsWith('.')).ToList();
        Assert.That(hidden, Is.Empty, "temporary files were left behind");
        Assert.That(Directory.EnumerateFileSystemEntries(TempDir).Select(Path.GetFileName), Is.EquivalentTo(expected.Select(Path.GetFileName)));
    }

    private static void AssertCancelled((int Code, string Err) run, int signal)
    {
        Assert.That(run.Code, Is.EqualTo(130), run.Err);
        string name = signal switch { SIGINT => "SIGINT", SIGTERM => "SIGTERM", _ => "SIGHUP" };
        Assert.That(run.Err, Does.Contain($"codeneurons: cancelled ({name}); no output was written."));
    }

    /// <summary>Starts the tool, waits until <paramref name="marker"/> appears on its stderr, sends the signal, waits for the exit.</summary>
    private (int Code, string Err) RunUntil(int signal, string marker, params string[] args)
    {
        Assume.That(File.Exists(CliDll), $"{CliDll} was not built next to the tests.");
        // `env --default-signal` undoes an inherited "ignore" of the three signals (background jobs of non-interactive
        // shells start with SIGINT ignored, `nohup` ignores SIGHUP, and .NET then leaves them ignored, as Unix programs
        // should): a test run started under nohup otherwise saw SIGHUP ignored and the verb run to its end.
        var psi = new ProcessStartInfo(File.Exists("/usr/bin/env") ? "/usr/bin/env" : "env")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = TempDir,
        };
        foreach (var a in (string[])["--default-signal=INT,HUP,TERM", "dotnet", CliDll, .. args]) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var err = new StringBuilder();
        var seen = new ManualResetEventSlim();
        var reader = Task.Run(() =>
        {
            var buffer = new char[4096];
            int n;
            while ((n = process.StandardError.Read(buffer, 0, buffer.Length)) > 0)
            {
                lock (err)
                {
                    err.Append(buffer, 0, n);
                    if (err.ToString().Contains(marker, StringComparison.Ordinal)) seen.Set();
                }
            }
            seen.Set();
        });
        var stdout = process.StandardOutput.ReadToEndAsync();
        try
        {
            Assert.That(seen.Wait(Patience), Is.True, "no progress line in time");
            Assert.That(process.HasExited, Is.False, $"the verb ended before the signal could be sent: {err}");
            Assert.That(kill(process.Id, signal), Is.EqualTo(0), "kill failed");
            Assert.That(process.WaitForExit(Patience), Is.True, "the verb did not stop after the signal");
            reader.Wait(Patience);
            stdout.Wait(Patience);
            lock (err) return (process.ExitCode, err.ToString());
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }
}
