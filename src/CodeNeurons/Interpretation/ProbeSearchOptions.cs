namespace CodeNeurons.Interpretation;

/// <summary>Settings of <see cref="ProbeSearch"/>: the λ grid, the restarts, the dev metric and the probe trained at each point.</summary>
public sealed record ProbeSearchOptions
{
    /// <summary>The seed paper's grid for λ1 and for λ2: 0, 1e-5, 1e-4, 1e-3, 1e-2, 0.1 (its <c>utils.py</c>, <c>l1</c> and <c>l2</c>).</summary>
    public static IReadOnlyList<double> PaperLambdas { get; } = [0, 1e-5, 1e-4, 1e-3, 1e-2, 0.1];

    /// <summary>λ1 values tried (each finite, ≥ 0, not repeated). Default <see cref="PaperLambdas"/>.</summary>
    public IReadOnlyList<double> L1 { get; init; } = PaperLambdas;

    /// <summary>λ2 values tried (each finite, ≥ 0, not repeated). Default <see cref="PaperLambdas"/>.</summary>
    public IReadOnlyList<double> L2 { get; init; } = PaperLambdas;

    /// <summary>How many times the whole grid is trained, each time with other seeds (≥ 1). The seed paper: 15.</summary>
    public int Restarts { get; init; } = 1;

    /// <summary>The dev score that picks the winner (strictly better only; ties keep the earlier candidate).</summary>
    public ProbeMetric Metric { get; init; } = ProbeMetric.Accuracy;

    /// <summary>The probe trained at every grid point; its λ1, λ2 and seed are replaced by the search's.</summary>
    public ProbeOptions Probe { get; init; } = new();

    /// <summary>Checks every option.</summary>
    /// <exception cref="ArgumentException">An empty, repeated or negative λ list, fewer than one restart, a bad probe option.</exception>
    public void Validate()
    {
        Check(L1, nameof(L1));
        Check(L2, nameof(L2));
        if (Restarts < 1) throw new ArgumentOutOfRangeException(nameof(Restarts), Restarts, "Restarts must be ≥ 1.");
        if (!Enum.IsDefined(Metric)) throw new ArgumentOutOfRangeException(nameof(Metric), Metric, "Unknown metric.");
        ArgumentNullException.ThrowIfNull(Probe);
        Probe.Validate();
    }

    private static void Check(IReadOnlyList<double> values, string name)
    {
        ArgumentNullException.ThrowIfNull(values, name);
        if (values.Count == 0) throw new ArgumentException($"{name} is empty; give at least one λ.", name);
        for (int i = 0; i < values.Count; i++)
            if (!(values[i] >= 0) || !double.IsFinite(values[i])) throw new ArgumentException($"{name}[{i}] = {values[i]}; λ must be finite and ≥ 0.", name);
        if (values.Distinct().Count() != values.Count) throw new ArgumentException($"{name} repeats a value.", name);
    }
}
