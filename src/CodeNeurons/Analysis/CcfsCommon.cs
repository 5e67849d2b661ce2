using CodeNeurons.Data;
using CodeNeurons.Interpretation;

namespace CodeNeurons.Analysis;

/// <summary>Progress of a task-specific redundancy stage: one report per trained probe.</summary>
/// <param name="Stage">The stage, e.g. <c>"oracle"</c>, <c>"independent"</c>, <c>"incremental"</c>, <c>"grid"</c>.</param>
/// <param name="Step">Probes trained so far in this stage (1-based).</param>
/// <param name="Steps">Probes this stage trains at most (0 when not known in advance, as in <see cref="CcfsPipeline"/>'s own evaluations).</param>
/// <param name="Detail">What the probe was trained on, e.g. <c>"layers 0..2 (30 neurons)"</c>.</param>
public sealed record CcfsProgress(string Stage, int Step, int Steps, string Detail);

/// <summary>Probe scoring and δ rules shared by the task-specific stages (every choice is made on dev).</summary>
internal static class Ccfs
{
    internal static void CheckDelta(double deltaPercent)
    {
        if (!(deltaPercent > 0 && deltaPercent < 100))
            throw new ArgumentOutOfRangeException(nameof(deltaPercent), deltaPercent, "DeltaPercent (δ, in %) must lie in (0, 100).");
    }

    /// <summary>Trains <paramref name="probe"/> on the training split (dev for early stopping) and scores it on dev and, when present, test.</summary>
    internal static (ProbeResult Result, double DevScore, double? TestScore) FitAndScore(IConceptProbe probe, ProbingData data, ProbeMetric metric, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var result = probe.Fit(data.Train, data.Dev, null, cancellationToken);
        return (result, Score(result.Probe, data.Dev, metric), data.Test is null ? null : Score(result.Probe, data.Test, metric));
    }

    /// <summary>The <paramref name="metric"/> score of <paramref name="probe"/> on <paramref name="split"/>.</summary>
    internal static double Score(LinearProbe probe, LabeledActivations split, ProbeMetric metric) =>
        Metrics.Score(metric, probe.Predict(split.Activations), split.Labels.Ids);

    /// <summary>Whether <paramref name="score"/> passes <paramref name="threshold"/>: ≥, or strictly &gt; as in Dalvi et al.'s scripts.</summary>
    internal static bool Passes(double score, double threshold, bool strict) => strict ? score > threshold : score >= threshold;

    /// <summary>The score a candidate must reach: <c>base·(1 − δ/100)</c>.</summary>
    internal static double Threshold(double baseScore, double deltaPercent) => baseScore * (1.0 - deltaPercent / 100.0);
}
