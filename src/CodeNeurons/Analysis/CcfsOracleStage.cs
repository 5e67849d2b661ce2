using CodeNeurons.Interpretation;

namespace CodeNeurons.Analysis;

/// <summary>Oracle: a probe on every input neuron; every other stage is measured against its dev score.</summary>
internal static class CcfsOracleStage
{
    public static CcfsRow Run(CcfsContext ctx) => Run(ctx, out _);

    /// <summary>The oracle row; with a <see cref="ProbeSearch"/>, also the search (for the optimistic column and the oracle-only scope).</summary>
    public static CcfsRow Run(CcfsContext ctx, out ProbeSearchResult? search)
    {
        search = null;
        BaselineScore b;
        if (ctx.Probe is ProbeSearch s)
        {
            ctx.Data.RequireEveryClassInDev();
            search = s.Search(ctx.Data.Train, ctx.Data.Dev, ctx.CancellationToken);
            var best = search.Best.Result;
            b = new BaselineScore("oracle", search.Best.DevScore, ctx.Data.Test is null ? null : Ccfs.Score(best.Probe, ctx.Data.Test, ctx.Options.Metric), ctx.N, best);
        }
        else b = Baselines.Oracle(ctx.Probe, ctx.Data, ctx.Options.Metric, ctx.CancellationToken);
        ctx.Evaluator.RecordScores(ctx.All, b.DevScore, b.TestScore);
        ctx.Evaluator.RecordProbe(ctx.All, b.Probe!.Probe);
        ctx.Evaluator.Report(ctx, CcfsStageNames.Of(CcfsStage.Oracle), $"all {ctx.N} neurons");
        return new CcfsRow(CcfsStageNames.Of(CcfsStage.Oracle), "Oracle", ctx.N, ctx.N, b.DevScore, b.TestScore, ctx.All.Ids.ToArray(), "a probe on all neurons");
    }
}

/// <summary>The seed paper's choice among the oracle's searched probes: the best <b>test</b> score (optimistic, reported only).</summary>
internal static class CcfsOptimisticOracle
{
    public static CcfsRow? Run(CcfsContext ctx, ProbeSearchResult? search)
    {
        if (!ctx.Options.OptimisticOracle || search is null || ctx.Data.Test is not { } test) return null;
        var scored = search.Candidates.Select(c => (c, Test: Ccfs.Score(c.Result.Probe, test, ctx.Options.Metric))).ToArray();
        var best = scored[0];
        foreach (var x in scored) if (x.Test > best.Test) best = x; // the seed's argsort(...)[-1] keeps the last of equal maxima; first here
        return new CcfsRow("oracle", "Oracle, selected on TEST (optimistic)", ctx.N, ctx.N, best.c.DevScore, best.Test, ctx.All.Ids.ToArray(),
            $"best test score of {scored.Length} searched probes (λ1={best.c.L1}, λ2={best.c.L2}, restart {best.c.Restart}); the seed paper's choice, never used here");
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
