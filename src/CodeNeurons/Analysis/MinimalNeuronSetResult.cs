using CodeNeurons.Interpretation;

namespace CodeNeurons.Analysis;

/// <summary>The outcome of <see cref="MinimalNeuronSet.Select"/>.</summary>
/// <param name="Ranking">The neuron ordering (on the training set).</param>
/// <param name="BaseDevScore">Dev accuracy of the probe on all input neurons.</param>
/// <param name="DeltaPercent">δ_N in percent.</param>
/// <param name="Threshold">base·(1 − δ_N/100).</param>
/// <param name="Points">Every grid point in grid order; fractions that round to the same k share one probe.</param>
/// <param name="Found">Whether some grid point reached <paramref name="Threshold"/>; if not, all input neurons are kept.</param>
/// <param name="SelectedK">Neurons kept (the smallest qualifying k, or N when none qualified).</param>
/// <param name="SelectedFraction">The grid fraction of the choice (null when none qualified).</param>
/// <param name="KeptNeurons">The top <paramref name="SelectedK"/> neurons of the ranking, ascending ids.</param>
/// <param name="InputNeurons">Neurons of the input.</param>
public sealed record MinimalNeuronSetResult(NeuronRanking Ranking, double BaseDevScore, double DeltaPercent, double Threshold, IReadOnlyList<GridPoint> Points,
    bool Found, int SelectedK, double? SelectedFraction, IReadOnlyList<int> KeptNeurons, int InputNeurons);
