using CodeNeurons.Data;
using CodeNeurons.Interpretation;

namespace CodeNeurons.Analysis;

/// <summary>
/// The input baselines (run with the none stage): the surface-form rule when the rows carry tokens, and the context-only
/// probe when they carry neighbouring tokens; what cannot run is said in a note.
/// </summary>
internal static class CcfsInputBaselineStage
{
    public static (IReadOnlyList<CcfsRow> Rows, IReadOnlyList<string> Notes) Run(CcfsContext ctx)
    {
        var data = ctx.Data;
        var rows = new List<CcfsRow>();
        var notes = new List<string>();
        string stage = CcfsStageNames.Of(CcfsStage.None);
        if (ctx.Options.Metric == ProbeMetric.F1)
        {
            // F1 of class 1 gives the majority class (none) 0 when class 0 is the majority; the constant that calls every
            // row positive scores 2p / (1 + p) (p: the positive share; 66.7 % on balanced data) — the floor a probe must beat.
            static double AllPositive(LabeledActivations split) => Metrics.BinaryF1(Enumerable.Repeat(1, split.Rows).ToArray(), split.Labels.Ids);
            rows.Add(new CcfsRow(stage, AllPositiveName, 0, ctx.N, AllPositive(data.Dev), data.Test is null ? null : AllPositive(data.Test), [],
                $"every row predicted {data.ClassNames[1]} (class 1): the constant with the best F1 of class 1"));
        }
        bool tokens = data.Train.Activations.Tokens is not null && data.Dev.Activations.Tokens is not null && (data.Test is null || data.Test.Activations.Tokens is not null);
        if (tokens)
        {
            var s = Baselines.SurfaceForm(data, metric: ctx.Options.Metric);
            rows.Add(new CcfsRow(stage, SurfaceName, 0, ctx.N, s.DevScore, s.TestScore, [],
                $"quotes → STRING, leading digit → NUMBER, else {data.ClassNames[s.MajorityClass!.Value]} (the open class with the most training words)"));
        }
        else notes.Add("The surface-rule baseline was not run: the rows carry no tokens.");
        bool neighbours = data.Train.Neighbours is not null && data.Dev.Neighbours is not null && (data.Test is null || data.Test.Neighbours is not null);
        if (neighbours)
        {
            var options = new ContextBaselineOptions { Radius = Math.Min(2, data.Train.Neighbours!.Radius) };
            var c = Baselines.ContextOnly(ctx.Probe, data, ctx.Options.Metric, options, ctx.CancellationToken);
            ctx.Evaluator.Report(ctx, stage, $"context-only probe: {c.Neurons} one-hot features");
            rows.Add(new CcfsRow(stage, ContextName, 0, ctx.N, c.DevScore, c.TestScore, [],
                $"a probe on {c.Neurons} one-hot features of the tokens at ±1…±{options.Radius} (≤ {options.MaxVocabulary} training words per offset), no neuron"));
        }
        else notes.Add("The context-only baseline was not run: the rows carry no neighbouring tokens (build the data with ProbingDataset.WithNeighbours, as a corpus config and analyze do).");
        return (rows, notes);
    }

    /// <summary>The constant all-positive predictor's row name (F1 tasks).</summary>
    public const string AllPositiveName = "All positive";

    /// <summary>The surface rule's row name.</summary>
    public const string SurfaceName = "Surface rule";

    /// <summary>The context-only probe's row name.</summary>
    public const string ContextName = "Context only";
}
