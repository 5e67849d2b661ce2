namespace CodeNeurons.Analysis;

/// <summary>CC: one hierarchy of every input neuron, cut at each threshold; a probe on each cut's representatives.</summary>
internal static class CcfsClusteringStage
{
    public static IReadOnlyList<CcfsRow> Run(CcfsContext ctx)
    {
        var h = ctx.Evaluator.Hierarchy(ctx, ctx.All);
        var rows = new List<CcfsRow>();
        foreach (double t in ctx.Options.Clustering.Thresholds)
        {
            var cut = h.Cuts.First(c => c.Threshold == t);
            rows.Add(ctx.Evaluator.Evaluate(ctx, CcfsStage.Clustering, $"CC t={CcfsContext.Num(t)}", Data.NeuronSet.Of(cut.Representatives), $"{cut.ClusterCount} clusters"));
        }
        return rows;
    }
}
