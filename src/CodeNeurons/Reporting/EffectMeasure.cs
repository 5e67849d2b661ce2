namespace CodeNeurons.Reporting;

/// <summary>
/// One measured effect of an intervention, with its random control: the same intervention on as many random neurons of
/// the same layers, repeated (see <see cref="InterventionEffect"/>).
/// </summary>
/// <param name="Measure">What is measured, e.g. <c>lm.top1_accuracy</c> (see <c>docs/interventions.md</c> for the list).</param>
/// <param name="Class">The concept class the rows belong to, or null for all rows.</param>
/// <param name="Rows">Rows (token positions or code tokens) measured.</param>
/// <param name="Clean">The measure without intervention.</param>
/// <param name="Intervened">The measure with the intervention on the chosen neurons.</param>
/// <param name="Effect"><paramref name="Intervened"/> − <paramref name="Clean"/> (for <c>*.changed</c> measures: the share of rows whose prediction changed).</param>
/// <param name="ControlMean">Mean effect of the random controls (NaN without controls).</param>
/// <param name="ControlSd">Sample standard deviation of the controls' effects (NaN with fewer than two).</param>
/// <param name="ControlEffects">Each control's effect, in seed order.</param>
public sealed record EffectMeasure(string Measure, string? Class, int Rows, double Clean, double Intervened, double Effect,
    double ControlMean, double ControlSd, IReadOnlyList<double> ControlEffects);
