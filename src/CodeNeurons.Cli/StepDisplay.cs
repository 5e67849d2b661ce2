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

/// <summary>Plain progress on a text writer (stderr): one updating line per step, kept as the step's result.</summary>
internal sealed class PlainStepDisplay(TextWriter writer, int steps) : IStepDisplay
{
    private string _prefix = "";
    private int? _total;

    public void Begin(int step, string title, int? total = null)
    {
        _prefix = $"[{step}/{steps}] {title}";
        _total = total;
    }

    public void Advance(int done, string? detail = null) =>
        writer.Write($"\r{_prefix} {done}{(_total is int t ? $"/{t}" : "")}{(detail is null ? "" : " " + StepText.Clip(detail, 60).PadRight(60))}");

    public void End(string message) => writer.WriteLine($"\r{message}{new string(' ', 20)}");
}

/// <summary>Spectre.Console progress bars: one task per step, its description replaced by the result when it ends.</summary>
internal sealed class SpectreStepDisplay(ProgressContext context, int steps) : IStepDisplay
{
    private ProgressTask? _task;
    private string _title = "";

    public void Begin(int step, string title, int? total = null)
    {
        _title = $"[{step}/{steps}] {title}";
        _task = context.AddTask(Markup.Escape(_title), maxValue: total ?? 1);
        _task.IsIndeterminate = total is null;
    }

    public void Advance(int done, string? detail = null)
    {
        if (_task is null) return;
        if (!_task.IsIndeterminate) _task.Value = Math.Min(done, _task.MaxValue);
        _task.Description = Markup.Escape(detail is null ? _title : $"{_title}: {StepText.Clip(detail, 50)}");
    }

    public void End(string message)
    {
        if (_task is null) return;
        _task.IsIndeterminate = false;
        _task.Value = _task.MaxValue;
        _task.Description = Markup.Escape(message);
        _task.StopTask();
    }

    /// <summary>Runs <paramref name="body"/> inside a Spectre progress display on <paramref name="console"/>.</summary>
    public static T Run<T>(IAnsiConsole console, int steps, Func<IStepDisplay, T> body)
    {
        T result = default!;
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx => result = body(new SpectreStepDisplay(ctx, steps)));
        return result;
    }
}

internal static class StepText
{
    /// <summary><paramref name="s"/> cut to <paramref name="width"/> characters, ending in "..." when cut.</summary>
    public static string Clip(string s, int width) => s.Length <= width ? s : s[..(width - 3)] + "...";
}
