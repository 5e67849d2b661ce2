using System.CommandLine;
using System.Runtime.InteropServices;

namespace CodeNeurons.Cli;

/// <summary>The <c>codeneurons</c> command-line tool.</summary>
public static class Program
{
    private static volatile string? s_signal;

    /// <summary>
    /// Entry point: parses the command line and runs the verb. SIGINT (Ctrl+C), SIGTERM and SIGHUP cancel the verb's
    /// <see cref="CancellationToken"/> instead of killing the process, so the verb stops at its next check, removes its
    /// temporary files and exits with 130 and the message "cancelled". A second signal while the verb is stopping
    /// terminates the process at once (the default action).
    /// </summary>
    public static int Main(string[] args)
    {
        // Each stage's own peak RSS in ccfs / analyze reports (resets the process's peak, so /usr/bin/time's maximum is lost).
        CodeNeurons.Analysis.StageMemory.ResetPeakPerStage = Environment.GetEnvironmentVariable("CODENEURONS_STAGE_PEAKS") == "1";
        using var cancellation = new CancellationTokenSource();
        var registrations = new List<PosixSignalRegistration>();
        try
        {
            foreach (var signal in (PosixSignal[])[PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP])
            {
                try
                {
                    registrations.Add(PosixSignalRegistration.Create(signal, context =>
                    {
                        if (s_signal is not null) return;            // a second signal: let the default action end the process
                        s_signal = context.Signal.ToString();
                        context.Cancel = true;
                        cancellation.Cancel();
                    }));
                }
                catch (PlatformNotSupportedException)
                {
                    // SIGHUP is not available everywhere; the other signals still cancel.
                }
            }
            // ProcessTerminationTimeout = null: System.CommandLine's own handler would end the process after 2 s,
            // before the verb has removed its temporary files.
            return BuildRoot().Parse(args)
                .InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, cancellation.Token)
                .GetAwaiter().GetResult();
        }
        finally
        {
            foreach (var registration in registrations) registration.Dispose();
        }
    }

    /// <summary>The name of the tool's command, shown in usage lines and help (the package's ToolCommandName).</summary>
    public const string CommandName = "codeneurons";

    /// <summary>The root command with every verb (exposed for tests).</summary>
    /// <remarks>
    /// A <see cref="Command"/> named <see cref="CommandName"/> with the help and version options that <see cref="RootCommand"/> adds:
    /// a RootCommand takes its name from the executable (CodeNeurons.Cli.dll, whether run by `dotnet run` or as an installed tool),
    /// and System.CommandLine 2.0 cannot rename it.
    /// </remarks>
    public static Command BuildRoot()
    {
        var root = new Command(CommandName, "CodeNeurons: neuron-level analysis of code language models (redundancy and concepts).")
        {
            new System.CommandLine.Help.HelpOption(),
            new VersionOption(),
        };
        root.Subcommands.Add(ExtractCommand.Create());
        root.Subcommands.Add(LabelCommand.Create());
        root.Subcommands.Add(ClusterCommand.Create());
        root.Subcommands.Add(ProbeCommand.Create());
        root.Subcommands.Add(CkaCommand.Create());
        root.Subcommands.Add(CcfsCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(AnalyzeCommand.Create());
        root.Subcommands.Add(TasksCommand.Create());
        root.Subcommands.Add(InterveneCommand.Create());
        root.Subcommands.Add(FinetuneCommand.Create());
        root.Subcommands.Add(CompactCommand.Create());
        root.Subcommands.Add(PredictCommand.Create());
        return root;
    }

    /// <summary>Runs a verb body, turning any failure into one line on stderr and a non-zero exit code.</summary>
    internal static int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception ex) when (ex is OperationCanceledException || s_signal is not null)
        {
            // After a signal, any failure (an I/O error from a stream closed mid-write, say) is the cancellation.
            Console.Error.WriteLine(s_signal is null
                ? "codeneurons: cancelled; no output was written."
                : $"codeneurons: cancelled ({s_signal}); no output was written.");
            return 130;
        }
        catch (Exception ex)
        {
            var message = ex.Message.ReplaceLineEndings(" ").Trim();
            if (ex is not (ArgumentException or InvalidDataException or IOException or UnauthorizedAccessException or FormatException or InvalidOperationException or NotSupportedException))
                message = $"{ex.GetType().Name}: {message}";
            Console.Error.WriteLine($"codeneurons: error: {message}");
            return 1;
        }
    }
}
