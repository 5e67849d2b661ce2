using CodeNeurons.Data;
using CodeNeurons.Redundancy;

namespace CodeNeurons.Analysis;

/// <summary>The outcome of <see cref="LayerSelector"/>: every probe's dev score and the chosen layer.</summary>
public sealed record LayerSelectionResult
{
    internal LayerSelectionResult(double oracleDevScore, double deltaPercent, IReadOnlyList<LayerScore> layers, IReadOnlyList<int> inputNeurons, LayerLayout layout,
        ThresholdComparison comparison = ThresholdComparison.AtLeast)
    {
        Comparison = comparison;
        OracleDevScore = oracleDevScore;
        Layers = layers;
        InputNeurons = inputNeurons;
        _layout = layout;
        DeltaPercent = deltaPercent;
        Threshold = Ccfs.Threshold(oracleDevScore, deltaPercent);
        SelectedLayer = ChooseLayer(deltaPercent);
        KeptNeurons = inputNeurons.Where(id => layout.LayerOf(id) <= SelectedLayer).ToArray();
    }

    private readonly LayerLayout _layout;

    /// <summary>Dev accuracy of the probe on all input neurons (the oracle).</summary>
    public double OracleDevScore { get; }

    /// <summary>How incremental dev scores were compared with the threshold (also by <see cref="ChooseLayer"/>).</summary>
    public ThresholdComparison Comparison { get; }

    /// <summary>δ_L in percent.</summary>
    public double DeltaPercent { get; }

    /// <summary>Test accuracy of the oracle probe (null when no test set was given); reported only.</summary>
    public double? OracleTestScore { get; init; }

    /// <summary>The dev accuracy an incremental probe had to reach: oracle·(1 − δ_L/100).</summary>
    public double Threshold { get; }

    /// <summary>One entry per layer present in the input, ascending.</summary>
    public IReadOnlyList<LayerScore> Layers { get; }

    /// <summary>The input's neuron ids.</summary>
    public IReadOnlyList<int> InputNeurons { get; }

    /// <summary>ℓ: the smallest layer whose incremental dev score reaches <see cref="Threshold"/>.</summary>
    public int SelectedLayer { get; }

    /// <summary>The input's neurons of layers 0..<see cref="SelectedLayer"/>, ascending.</summary>
    public IReadOnlyList<int> KeptNeurons { get; }

    /// <summary>The smallest layer whose incremental dev score reaches oracle·(1 − δ/100), for another δ without retraining.</summary>
    /// <param name="deltaPercent">δ_L in percent, in (0, 100).</param>
    /// <returns>The layer index.</returns>
    /// <exception cref="ArgumentOutOfRangeException">δ outside (0, 100).</exception>
    public int ChooseLayer(double deltaPercent)
    {
        Ccfs.CheckDelta(deltaPercent);
        double threshold = Ccfs.Threshold(OracleDevScore, deltaPercent);
        foreach (var l in Layers)
            if (Ccfs.Passes(l.IncrementalDevScore, threshold, Comparison)) return l.Layer;
        return Layers[^1].Layer; // the last incremental probe is the oracle (with >, reached only when the oracle scores 0)
    }
}
