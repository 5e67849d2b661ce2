
namespace CodeNeurons.Torch.Extraction;

/// <summary>How the two vectors u (first input) and v (second input) of a pair are combined per layer when no pair head is given.</summary>
public enum PairCombination
{
    /// <summary>[u; v], width 2H (the input of CodeXGLUE's clone head).</summary>
    Concat,

    /// <summary>[u; v; u − v; u ⊙ v], width 4H (the input of CodeXGLUE's WebQuery / CoSQA search head).</summary>
    ConcatDifferenceProduct,

    /// <summary>[u; v; |u − v|; u ⊙ v], width 4H (the symmetric variant of Sentence-BERT / InferSent).</summary>
    ConcatAbsDifferenceProduct,
}
