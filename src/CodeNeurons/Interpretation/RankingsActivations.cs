using CodeNeurons.Data;

namespace CodeNeurons.Interpretation;

internal static class RankingsInputChecks
{
    public static void Check(ActivationSet activations, IReadOnlyList<int> labels)
    {
        ArgumentNullException.ThrowIfNull(activations);
        ArgumentNullException.ThrowIfNull(labels);
        if (activations.Rows == 0) throw new ArgumentException("The activation set has no rows.", nameof(activations));
        if (labels.Count != activations.Rows)
            throw new ArgumentException($"labels has {labels.Count} entries but the activation set has {activations.Rows} rows.", nameof(labels));
        for (int r = 0; r < labels.Count; r++)
            if (labels[r] < 0) throw new ArgumentException($"labels[{r}] = {labels[r]}; class indices must be ≥ 0.", nameof(labels));
    }
}
