namespace CodeNeurons.Reporting;

/// <summary>How far an intervention's change reaches: the change of one hidden state, over the real token positions.</summary>
/// <param name="Layer">Hidden-state index (0 = embeddings).</param>
/// <param name="MeanDifferenceNorm">Mean over positions of ‖h_intervened − h_clean‖₂.</param>
/// <param name="MeanRelativeDifference">Mean over positions of ‖h_intervened − h_clean‖₂ / ‖h_clean‖₂.</param>
/// <param name="ControlMean">Mean of <paramref name="MeanDifferenceNorm"/> over the random controls (NaN without controls).</param>
/// <param name="ControlSd">Its sample standard deviation (NaN with fewer than two controls).</param>
public sealed record LayerPropagation(int Layer, double MeanDifferenceNorm, double MeanRelativeDifference, double ControlMean, double ControlSd);
