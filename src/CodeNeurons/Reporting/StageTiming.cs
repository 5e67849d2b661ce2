using System.Text.Json.Serialization;
using CodeNeurons.Analysis;

namespace CodeNeurons.Reporting;

/// <summary>How long one stage of the analysis took, and optionally its peak resident memory.</summary>
/// <param name="Stage">The stage's name (for example <c>extract</c>).</param>
/// <param name="Seconds">Wall-clock seconds.</param>
public sealed record StageTiming(string Stage, double Seconds)
{
    /// <summary>Peak resident memory of the stage in bytes (see <see cref="PeakMemoryKind"/>); null when not measured.</summary>
    public long? PeakMemoryBytes { get; init; }

    /// <summary>What <see cref="PeakMemoryBytes"/> measures (the stage's own peak, or the process's peak so far); null when not measured.</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<PeakMemoryKind>))]
    public PeakMemoryKind? PeakMemoryKind { get; init; }
}
