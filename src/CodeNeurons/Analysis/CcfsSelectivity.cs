using CodeNeurons.Formats;

namespace CodeNeurons.Analysis;

/// <summary>Selectivity of a neuron set: task accuracy minus the accuracy of the same probe on a control task (test split).</summary>
/// <param name="Name">The neuron set (the oracle or the best combination).</param>
/// <param name="Neurons">Neurons used.</param>
/// <param name="TaskAccuracy">Accuracy on the real labels.</param>
/// <param name="ControlAccuracy">Accuracy on the control task's labels.</param>
public sealed record CcfsSelectivity(string Name, int Neurons, double TaskAccuracy, double ControlAccuracy)
{
    /// <summary>TaskAccuracy − ControlAccuracy.</summary>
    public double Selectivity => TaskAccuracy - ControlAccuracy;
}
