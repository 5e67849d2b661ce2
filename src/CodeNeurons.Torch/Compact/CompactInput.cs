namespace CodeNeurons.Torch.Compact;

/// <summary>What a <see cref="CompactModel"/> labels: the unit its analysis' rows were made of.</summary>
public enum CompactInput
{
    /// <summary>Token tagging: one label per code token (subwords aggregated as in <see cref="Extraction.TransformerActivationSource"/>).</summary>
    Tokens,

    /// <summary>One label per snippet (pooled as in <see cref="Extraction.SnippetRepresentations.Encode"/>).</summary>
    Snippets,

    /// <summary>One label per pair of snippets (combined as in <see cref="Extraction.SnippetRepresentations.EncodePairs"/>, without a pair head).</summary>
    Pairs,
}
