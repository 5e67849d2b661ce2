using CodeNeurons.Data;
using CodeNeurons.Torch.Extraction;

namespace CodeNeurons.Torch.Compact;

/// <summary>
/// How the analysis' rows were made from the model's hidden states, so that a <see cref="CompactModel"/> makes the same rows:
/// the same settings as the extraction (<see cref="TransformerExtractionOptions"/> for tokens, <see cref="SnippetRepresentationOptions"/>
/// for snippets and pairs). A CCFS report does not record them; give the values the activations were extracted with.
/// </summary>
public sealed record CompactRepresentation
{
    /// <summary>Tokens (default), snippets or pairs.</summary>
    public CompactInput Input { get; init; } = CompactInput.Tokens;

    /// <summary>
    /// The hidden state behind each layer of the analysis' layout (layer k of the report is hidden state <c>HiddenStates[k]</c>,
    /// 0 = embeddings): the extraction's <c>Layers</c>. Null (default) for all L + 1 hidden states in order.
    /// </summary>
    public IReadOnlyList<int>? HiddenStates { get; init; }

    /// <summary>Tokens: how a code token's subwords become one row (default <see cref="TokenAggregation.Last"/>, as extraction).</summary>
    public TokenAggregation Aggregation { get; init; } = TokenAggregation.Last;

    /// <summary>
    /// Text subwords per sequence, special tokens not counted; null (default) for the model's limit. With
    /// <see cref="PairInput"/> <see cref="Data.PairInput.Joint"/> (and for snippets read that way) the most tokens per input,
    /// special tokens included, as <see cref="SnippetRepresentationOptions.MaxLength"/> means it there.
    /// </summary>
    public int? MaxLength { get; init; }

    /// <summary>Tokens: drop what does not fit in <see cref="MaxLength"/> instead of sliding windows (as <see cref="TransformerExtractionOptions.Truncate"/>).</summary>
    public bool Truncate { get; init; }

    /// <summary>Snippets and pairs: the pooling; null (default) for the model's natural choice (see <see cref="SnippetRepresentationOptions.Pooling"/>).</summary>
    public SentencePooling? Pooling { get; init; }

    /// <summary>Snippets and pairs: collapse whitespace runs before tokenizing (CodeXGLUE's defect and clone scripts).</summary>
    public bool CollapseWhitespace { get; init; }

    /// <summary>Pairs: how the two vectors of a pair are combined per layer (default <see cref="PairCombination.Concat"/>).</summary>
    public PairCombination PairCombination { get; init; } = PairCombination.Concat;

    /// <summary>
    /// Pairs: how a pair became a row, as <see cref="SnippetRepresentationOptions.PairInput"/>: <see cref="Data.PairInput.Separate"/>
    /// (default; each text encoded alone, the two vectors combined by <see cref="PairCombination"/>, 2H or 4H per layer) or
    /// <see cref="Data.PairInput.Joint"/> (the pair as one input built as the fine-tuning builds it, H per layer), the way
    /// <c>codeneurons analyze --pair-input joint</c> reads a model fine-tuned on pairs.
    /// </summary>
    public PairInput PairInput { get; init; } = PairInput.Separate;

    /// <summary>Sequences per forward pass (default 16); does not change the values beyond float rounding.</summary>
    public int BatchSize { get; init; } = 16;
}
