using CodeNeurons.Data;

namespace CodeNeurons.Analysis;

/// <summary>A minimal-set row and the grid search behind it.</summary>
/// <param name="Row">The row (a probe retrained on the chosen neurons).</param>
/// <param name="Grid">The grid search, for accuracy-vs-neurons plots.</param>
internal sealed record CcfsMinimalSetResult(CcfsRow Row, CcfsGridSearch Grid);

/// <summary>LCA (weight-mass ranking) or probeless: the smallest top-k of a ranking within δ_N of the input's own probe, on dev.</summary>
internal static class CcfsMinimalSetStage
{
    public static CcfsMinimalSetResult Run(CcfsContext ctx, CcfsStage stage, string name, NeuronSet input, double deltaN, MinimalSetRanking ranking)
    {
        var result = ctx.Evaluator.MinimalSet(ctx, stage, input, deltaN, ranking);
        var grid = new CcfsGridSearch(name, result.BaseDevScore, result.Threshold, result.Found, result.Points);
        return new CcfsMinimalSetResult(ctx.Evaluator.Evaluate(ctx, stage, name, NeuronSet.Of(result.KeptNeurons), Detail(result, input.Count, ranking)), grid);
    }

    /// <summary>What a search chose, e.g. <c>top 12 of 300 (WeightMass, fraction 0.04)</c>.</summary>
    internal static string Detail(MinimalNeuronSetResult result, int inputCount, MinimalSetRanking ranking) => result.Found
        ? $"top {result.SelectedK} of {inputCount} ({ranking}, fraction {CcfsContext.Num(result.SelectedFraction!.Value)})"
        : $"no grid point reached the threshold; all {inputCount} kept";
}
