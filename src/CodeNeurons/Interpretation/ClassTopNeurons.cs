
namespace CodeNeurons.Interpretation;

/// <summary>The neurons one class selected, and the share of that class's |w| mass they carry.</summary>
/// <param name="ClassName">The class.</param>
/// <param name="NeuronIds">Selected global ids, in selection order (|w| descending for top, ascending for bottom; ties by id ascending).</param>
/// <param name="MassReached">Sum of the selected |w| divided by the class's total |w| mass (0 when the total is 0).</param>
public sealed record ClassTopNeurons(string ClassName, IReadOnlyList<int> NeuronIds, double MassReached);
