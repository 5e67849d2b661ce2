namespace CodeNeurons.Analysis;

/// <summary>
/// Wall time and peak resident memory (<see cref="StageMemory"/>) of named stages, in the order they ended: what fills
/// <see cref="CcfsReport.TimingsSeconds"/>, <see cref="CcfsReport.PeakMemoryBytes"/> and <see cref="CcfsReport.PeakMemoryKind"/>.
/// Not thread-safe: one log per run.
/// </summary>
public sealed class StageLog
{
    private readonly List<KeyValuePair<string, double>> _timings = [];
    private readonly List<KeyValuePair<string, long>> _memory = [];

    /// <summary>Seconds per stage, in the order the stages ended.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> TimingsSeconds => _timings;

    /// <summary>Peak resident bytes per stage, the same stages in the same order as <see cref="TimingsSeconds"/>.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> PeakMemoryBytes => _memory;

    /// <summary>What <see cref="PeakMemoryBytes"/> measures (<see cref="PeakMemoryKind.Cumulative"/> when any stage could not reset the peak).</summary>
    public PeakMemoryKind PeakMemoryKind { get; private set; }

    /// <summary>Starts a stage: its clock and its memory measurement.</summary>
    /// <returns>The running stage; <see cref="StageClock.Stop"/> records it here.</returns>
    public StageClock Start() => new(this);

    internal void Add(string stage, double seconds, long bytes, PeakMemoryKind kind)
    {
        _timings.Add(new(stage, seconds));
        _memory.Add(new(stage, bytes));
        PeakMemoryKind = Combine(PeakMemoryKind, kind);
    }

    /// <summary>The report with this log's stages before its own (timings and peak memory).</summary>
    /// <param name="report">A report, e.g. from <see cref="CcfsPipeline.Run"/>.</param>
    /// <returns>The report with the stages prepended and the memory kinds combined.</returns>
    public CcfsReport PrependTo(CcfsReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report with
        {
            TimingsSeconds = [.. _timings, .. report.TimingsSeconds],
            PeakMemoryBytes = [.. _memory, .. report.PeakMemoryBytes],
            PeakMemoryKind = Combine(PeakMemoryKind, report.PeakMemoryKind),
        };
    }

    /// <summary>Cumulative wins over per-stage, per-stage over none.</summary>
    private static PeakMemoryKind Combine(PeakMemoryKind a, PeakMemoryKind b) => (PeakMemoryKind)Math.Max((int)a, (int)b);
}
