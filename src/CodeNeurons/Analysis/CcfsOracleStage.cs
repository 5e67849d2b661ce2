namespace CodeNeurons.Analysis;

/// <summary>Oracle: a probe on every input neuron; every other stage is measured against its dev score.</summary>
internal static class CcfsOracleStage
{
    public static CcfsRow Run(CcfsContext ctx)
    {
        var b = Baselines.Oracle(ctx.Probe, ctx.Data, ctx.Options.Metric, ctx.CancellationToken);
        ctx.Evaluator.RecordScores(ctx.All, b.DevScore, b.TestScore);
        ctx.Evaluator.RecordProbe(ctx.All, b.Probe!.Probe);
        ctx.Evaluator.Report(ctx, CcfsStageNames.Of(CcfsStage.Oracle), $"all {ctx.N} neurons");
        return new CcfsRow(CcfsStageNames.Of(CcfsStage.Oracle), "Oracle", ctx.N, ctx.N, b.DevScore, b.TestScore, ctx.All.Ids.ToArray(), "a probe on all neurons");
    }
}

/// <summary>None: the majority class of the training split, no neuron at all.</summary>
internal static class CcfsNoneStage
{
    public static CcfsRow Run(CcfsContext ctx)
    {
        var b = Baselines.None(ctx.Data, ctx.Options.Metric);
        return new CcfsRow(CcfsStageNames.Of(CcfsStage.None), "None", 0, ctx.N, b.DevScore, b.TestScore, [], $"majority class {ctx.Data.ClassNames[b.MajorityClass!.Value]}");
    }
}
