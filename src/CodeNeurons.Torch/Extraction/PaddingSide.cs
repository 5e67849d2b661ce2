
namespace CodeNeurons.Torch.Extraction;

/// <summary>Which side of a batch gets the padding.</summary>
public enum PaddingSide
{
    /// <summary>Tokens first, padding after (CodeXGLUE's scripts).</summary>
    Right,

    /// <summary>Padding first, tokens after. Exact only for models whose positions do not depend on the padding: RoBERTa (positions count non-padding tokens) and T5 (relative positions); BERT and GPT-2 number positions from the sequence start and are refused.</summary>
    Left,
}
