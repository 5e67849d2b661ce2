using Spectre.Console;

namespace CodeNeurons.Cli;

/// <summary>How a multi-step command shows its progress: Spectre.Console bars on a terminal, plain lines in a log.</summary>
internal interface IStepDisplay
{
    /// <summary>Starts step <paramref name="step"/> of the command.</summary>
    void Begin(int step, string title, int? total = null);

    /// <summary>Reports progress within the current step.</summary>
    void Advance(int done, string? detail = null);

    /// <summary>Ends the current step with a one-line result.</summary>
    void End(string message);
}

/// <summary>Picks the display for where stderr goes and runs a command's steps in it.</summary>
internal static class StepDisplay
{
    /// <summary>
    /// Runs <paramref name="body"/> with progress on stderr: Spectre.Console bars when stderr is a terminal that understands ANSI
    /// codes, plain lines otherwise (a file, a pipe, a dumb terminal). Either way each step's result stays on stderr as its own
    /// line, the last being "[n/n] wrote …"; stdout is left to the command (it may be redirected on its own).
    /// </summary>
    public static T Run<T>(int steps, Func<IStepDisplay, T> body) =>
        Run(steps, body, Console.Error, Console.IsErrorRedirected);

    /// <summary><see cref="Run{T}(int, Func{IStepDisplay, T})"/> on a given writer (tests).</summary>
    internal static T Run<T>(int steps, Func<IStepDisplay, T> body, TextWriter error, bool errorRedirected)
    {
        if (!errorRedirected)
        {
            // Spectre's own detection calls a console non-interactive when any of stdin, stdout or stderr is redirected, and then
            // prints only unfinished tasks, so `codeneurons analyze > table.txt` lost every step's result. Whether stderr is a
            // terminal is what counts here.
            var console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(error),
                Interactive = InteractionSupport.Yes,
            });
            if (console.Profile.Capabilities.Ansi) return SpectreStepDisplay.Run(console, steps, body);
        }
        return body(new PlainStepDisplay(error, steps));
    }
}

/// <summary>
/// Plain progress for logs: whole lines only (no carriage returns), none longer than <see cref="PlainStepDisplay.MaxWidth"/>
/// characters. A step writes a line when it starts, at most one progress line per tenth of its total (or every
/// <see cref="PlainStepDisplay.Interval"/> when the total is unknown), and its result, word-wrapped.
/// </summary>
internal sealed class PlainStepDisplay(TextWriter writer, int steps, TimeProvider? time = null) : IStepDisplay
{
    /// <summary>The longest line written.</summary>
    public const int MaxWidth = 100;

    /// <summary>How often a step without a known total reports progress.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private string _prefix = "";
    private int? _total;
    private int _lastTenth;
    private long _lastWrite;

    public void Begin(int step, string title, int? total = null)
    {
        _prefix = $"[{step}/{steps}] {title}";
        _total = total;
        _lastTenth = 0;
        _lastWrite = _time.GetTimestamp();
        writer.WriteLine(StepText.Clip(_prefix + " ...", MaxWidth));
    }

    public void Advance(int done, string? detail = null)
    {
        if (_total is int total && total > 0)
        {
            int tenth = (int)Math.Min(10, 10L * done / total);
            if (tenth <= _lastTenth || tenth == 10) return;
            _lastTenth = tenth;
        }
        else
        {
            if (_time.GetElapsedTime(_lastWrite) < Interval) return;
        }
        _lastWrite = _time.GetTimestamp();
        writer.WriteLine(StepText.Clip($"{_prefix} {done}{(_total is int t ? $"/{t}" : "")}{(detail is null ? "" : " " + detail)}", MaxWidth));
    }

    public void End(string message)
    {
        foreach (var line in StepText.Wrap(message, MaxWidth, "      ")) writer.WriteLine(line);
    }
}

/// <summary>
/// Spectre.Console progress bars: one bar per running step, sized to the console so that nothing wraps (the description is
/// clipped, the bar and the time keep their width). A step's result is printed above the bars as a line of its own, and the
/// bar goes; when the command ends no bar is left, only the results.
/// </summary>
internal sealed class SpectreStepDisplay(IAnsiConsole console, ProgressContext context, int steps, int descriptionWidth) : IStepDisplay
{
    private ProgressTask? _task;
    private string _title = "";

    public void Begin(int step, string title, int? total = null)
    {
        _title = $"[{step}/{steps}] {title}";
        _task = context.AddTask(Describe(_title), maxValue: total ?? 1);
        _task.IsIndeterminate = total is null;
    }

    public void Advance(int done, string? detail = null)
    {
        if (_task is null) return;
        if (!_task.IsIndeterminate) _task.Value = Math.Min(done, _task.MaxValue);
        _task.Description = Describe(detail is null ? _title : $"{_title}: {detail}");
    }

    public void End(string message)
    {
        if (_task is not null)
        {
            _task.IsIndeterminate = false;
            _task.Value = _task.MaxValue;
            _task.StopTask();
            _task = null;
        }
        // Written while the bars are live, it goes above them; Text wraps at the console's width.
        console.Write(new Text(message + "\n"));
    }

    private string Describe(string text) => Markup.Escape(StepText.Clip(text, descriptionWidth));

    /// <summary>Columns after the description: bar, percentage ("100%") and elapsed time ("00:00:05"), each padded by one.</summary>
    internal static int BarWidth(int consoleWidth) => Math.Clamp(consoleWidth / 5, 10, 40);

    /// <summary>What is left of the console's width for the description.</summary>
    internal static int DescriptionWidth(int consoleWidth) => Math.Max(10, consoleWidth - (BarWidth(consoleWidth) + 1) - (4 + 1) - (8 + 1) - 1 - 2);

    /// <summary>Runs <paramref name="body"/> inside a Spectre progress display on <paramref name="console"/>.</summary>
    public static T Run<T>(IAnsiConsole console, int steps, Func<IStepDisplay, T> body)
    {
        int width = console.Profile.Width;
        T result = default!;
        console.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(
                new TaskDescriptionColumn { Alignment = Justify.Left },
                new ProgressBarColumn { Width = BarWidth(width) },
                new PercentageColumn(),
                new ElapsedTimeColumn())
            .Start(ctx => result = body(new SpectreStepDisplay(console, ctx, steps, DescriptionWidth(width))));
        return result;
    }
}

internal static class StepText
{
    /// <summary><paramref name="s"/> cut to <paramref name="width"/> characters, ending in "..." when cut.</summary>
    public static string Clip(string s, int width) => s.Length <= width ? s : s[..(width - 3)] + "...";

    /// <summary>
    /// <paramref name="s"/> word-wrapped into lines of at most <paramref name="width"/> characters, every line after the first
    /// starting with <paramref name="indent"/>; a word longer than a line is cut.
    /// </summary>
    public static IEnumerable<string> Wrap(string s, int width, string indent = "")
    {
        var line = new System.Text.StringBuilder();
        foreach (var word in s.ReplaceLineEndings(" ").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                yield return line.ToString();
                line.Clear().Append(indent);
            }
            else if (line.Length > 0)
            {
                line.Append(' ');
            }
            line.Append(word.Length <= width - line.Length ? word : Clip(word, Math.Max(4, width - line.Length)));
        }
        if (line.Length > 0) yield return line.ToString();
    }
}
