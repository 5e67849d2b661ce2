namespace CodeNeurons.Analysis;

/// <summary>Options of <see cref="Baselines.ContextOnly(CodeNeurons.Interpretation.IConceptProbe, CodeNeurons.Data.ProbingData, CodeNeurons.Interpretation.ProbeMetric, ContextBaselineOptions?, System.Threading.CancellationToken)"/>: the one-hot features of the neighbouring tokens.</summary>
public sealed record ContextBaselineOptions
{
    /// <summary>Neighbours used on each side (1 … the data's <see cref="CodeNeurons.Data.TokenNeighbours.Radius"/>; default 2: tokens −2, −1, +1, +2).</summary>
    public int Radius { get; init; } = 2;

    /// <summary>Words kept per offset: the most frequent neighbours at that offset in train (default 500); the rest share one "other" column.</summary>
    public int MaxVocabulary { get; init; } = 500;

    /// <summary>A train neighbour needs at least this many occurrences at its offset to get its own column (default 2).</summary>
    public int MinCount { get; init; } = 2;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value below 1.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Radius, 1, nameof(Radius));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxVocabulary, 1, nameof(MaxVocabulary));
        ArgumentOutOfRangeException.ThrowIfLessThan(MinCount, 1, nameof(MinCount));
    }
}
