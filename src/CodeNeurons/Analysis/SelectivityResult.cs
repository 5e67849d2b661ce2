using CodeNeurons.Data;
using CodeNeurons.Interpretation;

namespace CodeNeurons.Analysis;

/// <summary>Task accuracy, control-task accuracy and their difference (Hewitt &amp; Liang 2019).</summary>
/// <param name="TaskAccuracy">Test accuracy of a probe trained on the real labels.</param>
/// <param name="ControlAccuracy">Test accuracy of the same probe trained on the control-task labels.</param>
public sealed record SelectivityResult(double TaskAccuracy, double ControlAccuracy)
{
    /// <summary>Selectivity = task accuracy − control accuracy (Sharma et al. report 0.54–0.72 on Java for seven models).</summary>
    public double Selectivity => TaskAccuracy - ControlAccuracy;
}
