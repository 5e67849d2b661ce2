using System.CommandLine;

namespace CodeNeurons.Cli;

/// <summary>The <c>codeneurons</c> command-line tool.</summary>
public static class Program
{
    /// <summary>Entry point: parses the command line and runs the verb.</summary>
    public static int Main(string[] args) => BuildRoot().Parse(args).Invoke();

    /// <summary>The root command with every verb (exposed for tests).</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("CodeNeurons: neuron-level analysis of code language models (redundancy and concepts).");
        root.Subcommands.Add(ExtractCommand.Create());
        root.Subcommands.Add(LabelCommand.Create());
        root.Subcommands.Add(ClusterCommand.Create());
        root.Subcommands.Add(ProbeCommand.Create());
        root.Subcommands.Add(CkaCommand.Create());
        root.Subcommands.Add(CcfsCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(AnalyzeCommand.Create());
        root.Subcommands.Add(TasksCommand.Create());
        return root;
    }

    /// <summary>Runs a verb body, turning any failure into one line on stderr and a non-zero exit code.</summary>
    internal static int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("codeneurons: cancelled; no output was written.");
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
