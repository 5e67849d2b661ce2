using CodeNeurons.Formats;

namespace CodeNeurons.Analysis;

/// <summary>Per-class accuracy of a row's probe on the test split (dev when there is no test split).</summary>
/// <param name="Name">The row (the oracle or the best combination).</param>
/// <param name="Split">"test" or "dev".</param>
/// <param name="Accuracy">Accuracy per class, in class-id order (NaN for a class with no row).</param>
public sealed record CcfsPerClassAccuracy(string Name, string Split, IReadOnlyList<double> Accuracy);
