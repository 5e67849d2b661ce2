namespace CodeNeurons.Reporting;

/// <summary>How long one stage of the analysis took.</summary>
/// <param name="Stage">The stage's name (for example <c>extract</c>).</param>
/// <param name="Seconds">Wall-clock seconds.</param>
public sealed record StageTiming(string Stage, double Seconds);
