using CodeNeurons.Interpretation;

namespace CodeNeurons.Analysis;

/// <summary>Settings of <see cref="MinimalNeuronSet"/>.</summary>
public sealed record MinimalNeuronSetOptions
{
    /// <summary>δ_N in percent: the kept neurons may lose at most this share of the base dev accuracy (paper: 1).</summary>
    public double DeltaPercent { get; init; } = 1;

    /// <summary>The neuron ordering.</summary>
    public MinimalSetRanking Ranking { get; init; } = MinimalSetRanking.WeightMass;

    /// <summary>Fractions of the input neurons to try, strictly ascending, each in (0, 1]; default <see cref="MinimalNeuronSet.PaperGrid"/>.</summary>
    public IReadOnlyList<double> Grid { get; init; } = MinimalNeuronSet.PaperGrid;

    /// <summary>Retrain on every grid point instead of stopping at the first that reaches the threshold (the choice is the same).</summary>
    public bool EvaluateFullGrid { get; init; }

    /// <summary>Seed of the <see cref="ManagedElasticNetProbe"/> built when no probe is passed (overrides <see cref="ProbeOptions.Seed"/>).</summary>
    public int Seed { get; init; }

    /// <summary>The score every probe is judged by (dev choice and reported scores). Default accuracy.</summary>
    public ProbeMetric Metric { get; init; } = ProbeMetric.Accuracy;

    /// <summary>Options of the <see cref="ManagedElasticNetProbe"/> used when no probe is passed to the constructor.</summary>
    public ProbeOptions Probe { get; init; } = new();

    /// <summary>Checks every option.</summary>
    /// <exception cref="ArgumentOutOfRangeException">δ outside (0, 100), an unknown ranking, a bad probe option.</exception>
    /// <exception cref="ArgumentException">An empty grid, a fraction outside (0, 1], unsorted or repeated fractions.</exception>
    public void Validate()
    {
        Ccfs.CheckDelta(DeltaPercent);
        if (!Enum.IsDefined(Metric)) throw new ArgumentOutOfRangeException(nameof(Metric), Metric, "Unknown metric.");
        if (!Enum.IsDefined(Ranking)) throw new ArgumentOutOfRangeException(nameof(Ranking), Ranking, "Unknown ranking.");
        ArgumentNullException.ThrowIfNull(Grid);
        if (Grid.Count == 0) throw new ArgumentException("The grid of fractions is empty.", nameof(Grid));
        for (int i = 0; i < Grid.Count; i++)
        {
            double f = Grid[i];
            if (!(f > 0 && f <= 1)) throw new ArgumentException($"Grid fraction {f} (index {i}) is outside (0, 1].", nameof(Grid));
            if (i > 0 && f == Grid[i - 1]) throw new ArgumentException($"Grid fraction {f} is repeated (index {i}).", nameof(Grid));
            if (i > 0 && f < Grid[i - 1]) throw new ArgumentException($"Grid fractions must ascend: {f} (index {i}) follows {Grid[i - 1]}.", nameof(Grid));
        }
        ArgumentNullException.ThrowIfNull(Probe);
        Probe.Validate();
    }
}
