using System.Diagnostics;
using System.Globalization;

namespace CodeNeurons.Analysis;

/// <summary>
/// The peak resident memory of one stage of work: <see cref="Start"/> at the stage's start, <see cref="Stop"/> at its end.
/// By default the figure is <see cref="Process.PeakWorkingSet64"/> at the end, the process's peak so far
/// (<see cref="PeakMemoryKind.Cumulative"/>; a stage that raised it shows as a step). With
/// <see cref="ResetPeakPerStage"/> on Linux the kernel's peak RSS (<c>VmHWM</c>) is reset at the start by writing <c>5</c> to
/// <c>/proc/self/clear_refs</c> and read from <c>/proc/self/status</c> at the end, so the figure is the stage's own peak
/// (<see cref="PeakMemoryKind.Stage"/>); where the reset is not possible (not Linux, permission denied, file missing) it
/// falls back to the peak so far.
/// </summary>
/// <remarks>
/// Resident memory is the process's, not a thread's: work on other threads during a stage counts in its peak. Stages may
/// nest or overlap (the process-wide peak is folded into every open stage before each reset), so an outer stage's peak
/// covers its inner stages. Never throws for lack of <c>/proc</c>; writes nothing to the console.
/// </remarks>
public sealed class StageMemory
{
    private const string ClearRefs = "/proc/self/clear_refs";
    private const string Status = "/proc/self/status";
    private static readonly object Gate = new();
    private static readonly List<StageMemory> Open = [];
    private static bool s_resetFailed;
    private static long s_peakSoFar;

    /// <summary>
    /// Reset the kernel's peak RSS at every stage's start, for each stage's own peak (default false). The reset is
    /// process-wide: afterwards <c>getrusage</c>, <c>/usr/bin/time -v</c>'s "Maximum resident set size" and any other
    /// reader of <c>VmHWM</c> see only the peak since the last reset, not the process's. Turn it on only where nothing
    /// else relies on them; the <c>codeneurons</c> tool turns it on when <c>CODENEURONS_STAGE_PEAKS=1</c> is set.
    /// </summary>
    public static bool ResetPeakPerStage { get; set; }

    /// <summary>Tests: behave as if the peak could not be reset (exercises the <see cref="PeakMemoryKind.Cumulative"/> fallback).</summary>
    internal static bool ResetDisabled { get; set; }

    private readonly bool _perStage;
    private long _earlierPeak;
    private long? _peak;

    private StageMemory(bool perStage) => _perStage = perStage;

    /// <summary>What <see cref="Stop"/> measures: <see cref="PeakMemoryKind.Stage"/> when the peak was reset at the start, else <see cref="PeakMemoryKind.Cumulative"/>.</summary>
    public PeakMemoryKind Kind => _perStage ? PeakMemoryKind.Stage : PeakMemoryKind.Cumulative;

    /// <summary>Starts measuring a stage (resets the kernel's peak RSS where possible).</summary>
    /// <returns>The stage's measurement; call <see cref="Stop"/> at its end.</returns>
    public static StageMemory Start()
    {
        lock (Gate)
        {
            // A reset loses the peak of every stage still open: fold it into them first.
            if (Open.Count > 0 && ReadPeak() is { } now)
                foreach (var open in Open) open._earlierPeak = Math.Max(open._earlierPeak, now);
            var stage = new StageMemory(TryReset());
            Open.Add(stage);
            return stage;
        }
    }

    /// <summary>Ends the stage (once; later calls return the same figure).</summary>
    /// <returns>Peak resident bytes (see <see cref="Kind"/>); 0 when the platform reports none.</returns>
    public long Stop()
    {
        lock (Gate)
        {
            if (_peak is { } known) return known;
            Open.Remove(this);
            long peak = (_perStage ? ReadPeak() : null) ?? ProcessPeak();
            // The kernel folds the current RSS into its peak lazily, so two readings can fall by a few pages: a peak so
            // far is kept monotone here.
            if (!_perStage) peak = s_peakSoFar = Math.Max(s_peakSoFar, peak);
            _peak = Math.Max(_earlierPeak, peak);
            return _peak.Value;
        }
    }

    /// <summary>Writes 5 to clear_refs (resets VmHWM to the current RSS); false, and never tried again, when that fails.</summary>
    private static bool TryReset()
    {
        if (!ResetPeakPerStage || s_resetFailed || ResetDisabled || !OperatingSystem.IsLinux()) return false;
        try
        {
            File.WriteAllText(ClearRefs, "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            s_resetFailed = true;
            return false;
        }
    }

    /// <summary>VmHWM of /proc/self/status in bytes, or null when it cannot be read.</summary>
    internal static long? ReadPeak()
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            foreach (var line in File.ReadLines(Status))
            {
                if (!line.StartsWith("VmHWM:", StringComparison.Ordinal)) continue;
                var parts = line.AsSpan(6).Trim();
                int space = parts.IndexOf(' ');
                var number = space < 0 ? parts : parts[..space];
                return long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out long kb) ? kb * 1024 : null;
            }
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            return null;
        }
    }

    private static long ProcessPeak()
    {
        try
        {
            using var process = Process.GetCurrentProcess();
            return process.PeakWorkingSet64;
        }
        catch (Exception ex) when (ex is InvalidOperationException or PlatformNotSupportedException or NotSupportedException)
        {
            return 0;
        }
    }
}
