namespace CodeNeurons.Analysis;

/// <summary>What a peak-memory figure of <see cref="StageMemory"/> (and <see cref="CcfsReport.PeakMemoryBytes"/>) measures.</summary>
public enum PeakMemoryKind
{
    /// <summary>Nothing was measured (e.g. a report written before peak memory was recorded).</summary>
    None = 0,

    /// <summary>
    /// The stage's own peak resident set: Linux's peak RSS (<c>VmHWM</c> of <c>/proc/self/status</c>) after resetting it
    /// at the stage's start by writing <c>5</c> to <c>/proc/self/clear_refs</c> (Linux 4.0 and later).
    /// </summary>
    Stage = 1,

    /// <summary>
    /// The process's peak resident set so far at the stage's end (<see cref="System.Diagnostics.Process.PeakWorkingSet64"/>),
    /// used where the peak cannot be reset (not Linux, or <c>/proc/self/clear_refs</c> not writable): an upper bound of the stage's own peak.
    /// </summary>
    Cumulative = 2,
}
