namespace CodeNeurons.Concepts;

/// <summary>Options of <see cref="ControlTask.Create(IReadOnlyList{string}, IReadOnlyList{string}, ControlTaskOptions?)"/>.</summary>
public sealed record ControlTaskOptions
{
    /// <summary>The distribution labels are drawn from (default: empirical).</summary>
    public ControlDistribution Distribution { get; init; } = ControlDistribution.Empirical;

    /// <summary>Seed; with the same seed and distribution every word type gets the same label.</summary>
    public int Seed { get; init; }
}
