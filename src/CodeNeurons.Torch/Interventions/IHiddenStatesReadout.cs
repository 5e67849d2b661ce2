using CodeNeurons.Torch.Models;

namespace CodeNeurons.Torch.Interventions;

/// <summary>
/// A classifier that reads a batch's hidden states — for example a fine-tuned sequence-classification head — whose
/// predictions <see cref="InterventionRunner"/> compares with and without the intervention (measures
/// <c>&lt;Name&gt;.prediction_changed</c> and <c>&lt;Name&gt;.predicted_share</c> per class). Implement it to plug in a head
/// this library does not load itself.
/// </summary>
public interface IHiddenStatesReadout
{
    /// <summary>Short name used as the measures' prefix (e.g. <c>classifier</c>).</summary>
    string Name { get; }

    /// <summary>The classes the readout predicts, by index.</summary>
    IReadOnlyList<string> ClassNames { get; }

    /// <summary>Predicts one class per row (snippet) of the batch.</summary>
    /// <param name="states">All hidden states of the batch, [layers + 1, batch, seq, hidden], with its attention mask.</param>
    /// <returns>One class index in [0, <see cref="ClassNames"/>.Count) per row.</returns>
    int[] Predict(HiddenStates states);
}
