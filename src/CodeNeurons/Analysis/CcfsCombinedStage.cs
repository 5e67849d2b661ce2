using CodeNeurons.Data;

namespace CodeNeurons.Analysis;

/// <summary>The combined stage's rows, the best one chosen on dev, and their grid searches.</summary>
/// <param name="Rows">One row per (δ_L, δ_N, threshold).</param>
/// <param name="Best">The dev-chosen row.</param>
/// <param name="Grids">The grid searches behind the rows, in row order.</param>
/// <param name="Notes">Remarks, e.g. that no combination reached the selection threshold.</param>
internal sealed record CcfsCombinedResult(IReadOnlyList<CcfsRow> Rows, CcfsRow? Best, IReadOnlyList<CcfsGridSearch> Grids, IReadOnlyList<string> Notes);

/// <summary>LS → CC → LCA for every (δ_L, δ_N) pair and threshold, then the best combination on dev.</summary>
internal static class CcfsCombinedStage
{
    public static CcfsCombinedResult Run(CcfsContext ctx, LayerSelectionResult ls, double oracleDev)
    {
        var o = ctx.Options.Combined;
        var rows = new List<CcfsRow>();
        var grids = new List<CcfsGridSearch>();
        foreach (var pair in o.Pairs)
        {
            int layer = ls.ChooseLayer(pair.LayerDeltaPercent);
            foreach (double? t in o.Thresholds)
            {
                var input = ctx.LayerPrefix(layer);
                string name = RowName(pair, t);
                string detail = $"layers {ls.Layers[0].Layer}..{layer} ({input.Count} neurons)";
                var steps = new List<CcfsStepCount> { new("LS", input.Count, ctx.N) };
                if (t is not null)
                {
                    var cut = ctx.Evaluator.Hierarchy(ctx, input).Cuts.First(c => c.Threshold == t.Value);
                    input = NeuronSet.Of(cut.Representatives);
                    detail += $", {cut.ClusterCount} clusters";
                    steps.Add(new("CC", input.Count, ctx.N));
                }
                var (row, grid) = CcfsMinimalSetStage.Run(ctx, CcfsStage.Combined, name, input, pair.NeuronDeltaPercent, MinimalSetRanking.WeightMass);
                grids.Add(grid);
                steps.Add(new("LCA", row.Neurons, ctx.N));
                rows.Add(row with { Detail = $"{detail}, {row.Detail}", Steps = steps });
            }
        }
        var notes = new List<string>();
        return new CcfsCombinedResult(rows, ChooseBest(ctx.Options, rows, oracleDev, notes), grids, notes);
    }

    /// <summary>The row label of a combination, e.g. <c>LS+CC+LCA (3,1) t=0.3</c>.</summary>
    internal static string RowName(DeltaPair pair, double? t) =>
        $"LS+{(t is null ? "" : "CC+")}LCA ({CcfsContext.Num(pair.LayerDeltaPercent)},{CcfsContext.Num(pair.NeuronDeltaPercent)}){(t is null ? "" : $" t={CcfsContext.Num(t.Value)}")}";

    /// <summary>The fewest neurons among rows within the selection δ of the oracle's dev score; else the best dev score.</summary>
    internal static CcfsRow? ChooseBest(CcfsOptions options, List<CcfsRow> rows, double oracleDev, List<string> notes)
    {
        if (rows.Count == 0) return null;
        double delta = options.Combined.SelectionDeltaPercent;
        double threshold = Ccfs.Threshold(oracleDev, delta);
        var qualifying = rows.Where(r => Ccfs.Passes(r.DevScore, threshold, options.Combined.Comparison)).ToList();
        if (qualifying.Count > 0) return qualifying.OrderBy(r => r.Neurons).ThenByDescending(r => r.DevScore).First();
        notes.Add($"ccfs: no combination reached {CcfsContext.Num(100 - delta)}% of the oracle's dev accuracy; the best is the one with the highest dev accuracy.");
        return rows.OrderByDescending(r => r.DevScore).ThenBy(r => r.Neurons).First();
    }
}
