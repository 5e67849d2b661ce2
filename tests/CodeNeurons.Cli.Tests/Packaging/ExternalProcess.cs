using System.Diagnostics;
using System.Text;

namespace CodeNeurons.Tests.Packaging;

/// <summary>The outcome of <see cref="ExternalProcess.Run"/>.</summary>
internal sealed record ProcessResult(int ExitCode, string Output, string Error)
{
    /// <summary>The last characters of stdout and stderr, for failure messages.</summary>
    public string Tail(int chars = 4000)
    {
        string all = Output + "\n--- stderr ---\n" + Error;
        return all.Length <= chars ? all : "…" + all[^chars..];
    }
}

/// <summary>Runs a command line tool (dotnet) with captured output and a hard timeout.</summary>
internal static class ExternalProcess
{
    /// <summary>
    /// Runs <paramref name="file"/> and waits at most <paramref name="timeout"/>; on timeout kills the whole process tree
    /// and fails the test with the command and the output so far. Telemetry and banners are off; MSBuild nodes are not
    /// kept alive after the command.
    /// </summary>
    public static ProcessResult Run(string file, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in arguments) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        psi.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        // The test host's own MSBuild/SDK variables must not leak into the child build.
        psi.Environment.Remove("MSBuildExtensionsPath");
        psi.Environment.Remove("MSBuildSDKsPath");
        psi.Environment.Remove("MSBUILD_EXE_PATH");
        if (environment is not null)
            foreach (var (key, value) in environment) psi.Environment[key] = value;

        string command = $"{file} {string.Join(' ', psi.ArgumentList)} (in {workingDirectory})";
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        using var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(TimeSpan.FromSeconds(10));
            string partial;
            lock (stdout) lock (stderr) partial = new ProcessResult(-1, stdout.ToString(), stderr.ToString()).Tail();
            Assert.Fail($"Timed out after {timeout.TotalSeconds:F0} s and killed: {command}\n{partial}");
        }
        // The timed wait does not wait for the end of the redirected streams; a bounded wait for them (a grandchild that
        // outlives the command, such as a compiler server, may hold them open).
        Task.Run(() => process.WaitForExit()).Wait(TimeSpan.FromSeconds(10));
        lock (stdout) lock (stderr) return new ProcessResult(process.ExitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs <c>dotnet</c> and fails the test, with the output, when it exits non-zero.</summary>
    public static ProcessResult Dotnet(IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var args = arguments.ToArray();
        var result = Run("dotnet", args, workingDirectory, timeout, environment);
        Assert.That(result.ExitCode, Is.Zero, $"dotnet {string.Join(' ', args)} failed (in {workingDirectory}):\n{result.Tail()}");
        return result;
    }

    /// <summary>Parses the <c>key=value</c> lines of a program's output.</summary>
    public static Dictionary<string, string> KeyValues(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('=', 2))
            .Where(p => p.Length == 2 && p[0].Length > 0 && !p[0].Contains(' '))
            .GroupBy(p => p[0])
            .ToDictionary(g => g.Key, g => g.Last()[1]);
}
