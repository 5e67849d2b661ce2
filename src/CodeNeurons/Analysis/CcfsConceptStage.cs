using CodeNeurons.Data;
using CodeNeurons.Interpretation;

namespace CodeNeurons.Analysis;

/// <summary>Concepts: per class, the neurons with the largest positive oracle weights; per-class accuracy of the oracle and the best set.</summary>
internal static class CcfsConceptStage
{
    public static IReadOnlyList<CcfsConceptNeurons> ConceptNeurons(CcfsContext ctx, LinearProbe oracle)
    {
        var result = new List<CcfsConceptNeurons>();
        int perClass = ctx.Options.Concepts.NeuronsPerClass;
        if (perClass == 0) return result;
        var train = ctx.Data.Train.Activations;
        var classNames = ctx.Data.ClassNames;
        var w = oracle.GetWeights();
        var ids = oracle.NeuronIds;
        for (int c = 0; c < classNames.Count && c < w.GetLength(0); c++)
        {
            var top = Enumerable.Range(0, ids.Count).Where(j => w[c, j] > 0).OrderByDescending(j => w[c, j]).ThenBy(j => ids[j]).Take(perClass).ToArray();
            var neurons = top.Select(j => new CcfsNeuron(ids[j], w[c, j],
                train.Tokens is null ? [] : TopTokensAnalysis.TopWords(train, ids[j], 5).Words.Select(t => t.Token).ToArray())).ToArray();
            result.Add(new CcfsConceptNeurons(classNames[c], neurons));
        }
        return result;
    }

    public static IReadOnlyList<CcfsPerClassAccuracy> PerClass(CcfsContext ctx, IEnumerable<CcfsRow> rows)
    {
        var data = ctx.Data;
        var (evaluated, splitName) = data.Test is null ? (data.Dev, "dev") : (data.Test, "test");
        var result = new List<CcfsPerClassAccuracy>();
        foreach (var row in rows)
        {
            var probe = ctx.Evaluator.ProbeOf(ctx, NeuronSet.Of(row.KeptNeurons));
            var predicted = probe.Predict(row.Neurons == ctx.N ? evaluated.Activations : evaluated.Activations.SelectNeurons(row.KeptNeurons));
            result.Add(new CcfsPerClassAccuracy(row.Name, splitName, Metrics.PerClassAccuracy(predicted, evaluated.Labels.Ids, data.ClassNames.Count)));
        }
        return result;
    }
}
