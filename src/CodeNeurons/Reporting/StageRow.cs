namespace CodeNeurons.Reporting;

/// <summary>One row of the stage summary table: how many neurons a stage kept and the probe accuracy on them.</summary>
public sealed record StageRow
{
    private readonly double? _reduction;

    /// <summary>The stage's name (for example <c>correlation clustering 0.3</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Neurons the stage kept.</summary>
    public int NeuronsKept { get; init; }

    /// <summary>Neurons the stage started from.</summary>
    public int NeuronsTotal { get; init; }

    /// <summary>
    /// The fraction of neurons removed, 1 − kept/total. When not set, it is computed from <see cref="NeuronsKept"/> and
    /// <see cref="NeuronsTotal"/> (null when the total is not positive).
    /// </summary>
    public double? Reduction
    {
        get => _reduction ?? (NeuronsTotal > 0 ? 1.0 - (double)NeuronsKept / NeuronsTotal : null);
        init => _reduction = value;
    }

    /// <summary>Probe accuracy on the development split, in [0, 1]; null when not measured.</summary>
    public double? DevAccuracy { get; init; }

    /// <summary>Probe accuracy on the test split, in [0, 1]; null when not measured.</summary>
    public double? TestAccuracy { get; init; }

    /// <summary>Free text shown in the last column (for example the selected layers).</summary>
    public string? Detail { get; init; }

    /// <summary>Rows of the development split; when set, the dev accuracy is shown with its 95 % Wilson interval.</summary>
    public int? DevRows { get; init; }

    /// <summary>Rows of the test split; when set, the test accuracy is shown with its 95 % Wilson interval.</summary>
    public int? TestRows { get; init; }
}
