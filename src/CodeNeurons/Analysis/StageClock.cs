using System.Diagnostics;

namespace CodeNeurons.Analysis;

/// <summary>One running stage of a <see cref="StageLog"/>: its wall clock and its <see cref="StageMemory"/>.</summary>
public sealed class StageClock
{
    private readonly StageLog _log;
    private readonly Stopwatch _clock;
    private readonly StageMemory _memory;

    internal StageClock(StageLog log)
    {
        _log = log;
        _memory = StageMemory.Start();
        _clock = Stopwatch.StartNew();
    }

    /// <summary>Time since the stage started.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Ends the stage and records its seconds and peak memory in the log.</summary>
    /// <param name="stage">The stage's name.</param>
    /// <param name="seconds">Seconds to record instead of the clock's (e.g. a sum of sub-stages the work measured itself); null for the clock's.</param>
    /// <returns>The seconds recorded.</returns>
    public double Stop(string stage, double? seconds = null)
    {
        ArgumentNullException.ThrowIfNull(stage);
        _clock.Stop();
        long bytes = _memory.Stop();
        double s = seconds ?? _clock.Elapsed.TotalSeconds;
        _log.Add(stage, s, bytes, _memory.Kind);
        return s;
    }
}
