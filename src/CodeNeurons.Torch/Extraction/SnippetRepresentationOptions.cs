using CodeNeurons.Data;

namespace CodeNeurons.Torch.Extraction;

/// <summary>Options of <see cref="SnippetRepresentations"/>.</summary>
public sealed record SnippetRepresentationOptions
{
    /// <summary>
    /// Per-layer pooling: <see cref="SentencePooling.First"/> (the first token, [CLS] / &lt;s&gt;), <see cref="SentencePooling.Last"/>
    /// (the last non-padding token) or <see cref="SentencePooling.Mean"/> (mean over non-padding tokens, special tokens
    /// included); null (default) for the model's natural choice: <c>Last</c> for GPT-2 (causal: only the last token has seen the
    /// whole snippet), <c>First</c> for encoders.
    /// </summary>
    public SentencePooling? Pooling { get; init; }

    /// <summary>
    /// Most text subwords per input, special tokens not counted; longer inputs are cut (CodeXGLUE: <c>block_size − 2</c>, 398 for
    /// defect and clone detection, 198 for code search). With <see cref="PairInput.Joint"/> instead the most tokens per input,
    /// special tokens included — <see cref="Training.FineTuningOptions.MaxLength"/>'s meaning, so the fine-tuning's value
    /// rebuilds its inputs — a pair cut by shortening the longer text first. Null (default) for what the model allows.
    /// </summary>
    public int? MaxLength { get; init; }

    /// <summary>Collapse every whitespace run to one space before tokenizing, as CodeXGLUE's defect and clone scripts do (<c>' '.join(code.split())</c>). Default false.</summary>
    public bool CollapseWhitespace { get; init; }

    /// <summary>Padding side (default <see cref="PaddingSide.Right"/>).</summary>
    public PaddingSide Padding { get; init; } = PaddingSide.Right;

    /// <summary>Inputs per forward pass (default 16).</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>Hidden-state indices kept (0 = embeddings), in output order; null (default) for all L + 1.</summary>
    public IReadOnlyList<int>? Layers { get; init; }

    /// <summary>Pair combination when no <see cref="PairHead"/> is given (default <see cref="PairCombination.Concat"/>).</summary>
    public PairCombination PairCombination { get; init; } = PairCombination.Concat;

    /// <summary>
    /// How a pair becomes a row: <see cref="PairInput.Separate"/> (default) encodes each text alone and combines the two vectors
    /// (<see cref="PairCombination"/> or a <see cref="PairHead"/>); <see cref="PairInput.Joint"/> encodes the pair as one input,
    /// exactly as <c>codeneurons finetune</c> builds it for a <c>*ForSequenceClassification</c> cross-encoder (BERT, RoBERTa, GPT-2
    /// only), pooled like a snippet — H values per layer, and no pair head. Joint inputs are cut at <see cref="MaxLength"/> tokens,
    /// special tokens included; snippets too.
    /// </summary>
    public PairInput PairInput { get; init; } = PairInput.Separate;
}
