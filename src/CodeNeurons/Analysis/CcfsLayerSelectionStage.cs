namespace CodeNeurons.Analysis;

/// <summary>What the LS stage found: the layer scores (trained once) and one row per δ_L.</summary>
/// <param name="Selection">The selector's result, re-applied for every δ_L without retraining.</param>
/// <param name="Rows">One row per δ_L (empty when only the combined stage needed LS).</param>
internal sealed record CcfsLayerSelectionResult(LayerSelectionResult Selection, IReadOnlyList<CcfsRow> Rows);

/// <summary>LS: incremental (and independent) layer-wise probes, then layers 0..ℓ for each δ_L.</summary>
internal static class CcfsLayerSelectionStage
{
    public static CcfsLayerSelectionResult Run(CcfsContext ctx, bool rows)
    {
        var o = ctx.Options;
        var ls = new LayerSelector(ctx.Probe, new LayerSelectorOptions { DeltaPercent = o.LayerSelection.Deltas[0], IndependentProbes = rows, Probe = o.Probe, Metric = o.Metric })
            .Select(ctx.Data, CcfsEvaluator.Prefixed(ctx, CcfsStageNames.Of(CcfsStage.LayerSelection)), ctx.CancellationToken);
        foreach (var s in ls.Layers.Where(s => s.Layer != ls.Layers[^1].Layer))
            ctx.Evaluator.RecordScores(ctx.LayerPrefix(s.Layer), s.IncrementalDevScore, s.IncrementalTestScore);
        var result = new List<CcfsRow>();
        if (rows)
        {
            foreach (double delta in o.LayerSelection.Deltas)
            {
                int layer = ls.ChooseLayer(delta);
                var score = ls.Layers.First(s => s.Layer == layer);
                result.Add(new CcfsRow(CcfsStageNames.Of(CcfsStage.LayerSelection), $"LS δ_L={CcfsContext.Num(delta)}%", score.IncrementalNeurons, ctx.N,
                    score.IncrementalDevScore, score.IncrementalTestScore, ctx.LayerPrefix(layer).Ids.ToArray(), $"layers {ls.Layers[0].Layer}..{layer}"));
            }
        }
        return new CcfsLayerSelectionResult(ls, result);
    }
}
