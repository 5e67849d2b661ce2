using CodeNeurons.Concepts;

namespace CodeNeurons.Analysis;

/// <summary>Selectivity of the oracle and of the best combination, and the notes on what was skipped.</summary>
internal sealed record CcfsSelectivityResult(IReadOnlyList<CcfsSelectivity> Rows, IReadOnlyList<string> Notes);

/// <summary>Selectivity: the same probe on a control task (Hewitt &amp; Liang 2019), on test (dev without test).</summary>
internal static class CcfsSelectivityStage
{
    public static CcfsSelectivityResult Run(CcfsContext ctx, IEnumerable<CcfsRow> rows)
    {
        var data = ctx.Data;
        var scored = data.Test ?? data.Dev;
        var notes = new List<string>();
        var result = new List<CcfsSelectivity>();
        if (data.Train.Activations.Tokens is null || scored.Activations.Tokens is null)
        {
            notes.Add("selectivity: skipped, the activations carry no tokens (control tasks assign labels per word type).");
            return new CcfsSelectivityResult(result, notes);
        }
        if (data.Test is null) notes.Add("selectivity: no test set, measured on dev.");
        ctx.Evaluator.Timed(ctx, CcfsStage.Selectivity, () =>
        {
            var control = new ControlTaskOptions { Distribution = ctx.Options.Selectivity.ControlDistribution, Seed = ctx.Options.Seed };
            foreach (var row in rows)
            {
                var r = SelectivityAnalysis.Measure(ctx.Probe, data.Train.SelectNeurons(row.KeptNeurons), scored.SelectNeurons(row.KeptNeurons), control, ctx.CancellationToken);
                result.Add(new CcfsSelectivity(row.Name, row.Neurons, r.TaskAccuracy, r.ControlAccuracy));
                ctx.Evaluator.Report(ctx, CcfsStageNames.Of(CcfsStage.Selectivity), row.Name);
            }
            return 0;
        });
        return new CcfsSelectivityResult(result, notes);
    }
}
