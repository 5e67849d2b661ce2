using CodeNeurons.Data;
using CodeNeurons.Torch.Models;

namespace CodeNeurons.Torch.Extraction;

/// <summary>
/// How a <see cref="TransformerActivationSource"/> turns a model's hidden states into rows. See <c>docs/extraction.md</c>.
/// </summary>
public sealed record TransformerExtractionOptions
{
    /// <summary>How the subwords of one code token become one row (default <see cref="TokenAggregation.Last"/>, as NeuroX).</summary>
    public TokenAggregation Aggregation { get; init; } = TokenAggregation.Last;

    /// <summary>
    /// Also write rows for the special tokens the tokenizer adds (<c>[CLS]</c>/<c>[SEP]</c>, <c>&lt;s&gt;</c>/<c>&lt;/s&gt;</c>):
    /// the leading ones before the snippet's rows and the trailing ones after them. Ignored when <see cref="Pooling"/> is set.
    /// </summary>
    public bool IncludeSpecialTokens { get; init; }

    /// <summary>
    /// <see cref="SentencePooling.None"/> (default) for token-level rows; otherwise one row per snippet: the first position, the last
    /// real position, or the mean over all real positions (special tokens included in all three).
    /// </summary>
    public SentencePooling Pooling { get; init; } = SentencePooling.None;

    /// <summary>
    /// Which hidden states to keep, by index (0 = embeddings, i = block i), in the order given (the output's layer k is
    /// <c>Layers[k]</c>); null (default) for all L+1 in order. Indices must be distinct and in [0, L].
    /// </summary>
    public IReadOnlyList<int>? Layers { get; init; }

    /// <summary>Sequences (windows) per forward pass (default 16).</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>
    /// Most padded positions per forward pass: a batch holds at most <see cref="BatchSize"/> sequences and at most this many
    /// positions counted as sequences × the longest sequence's length (special tokens included); a single longer sequence runs
    /// alone. Default 4,096 (e.g. 8 windows of 512, or 32 lines of 128), so that one long window (a docstring) does not pad a
    /// whole batch of short lines to its length, and a batch's hidden states and attention scores stay bounded (states:
    /// positions × layers × hidden × 4 bytes, e.g. 44 MB for MiniLM's 7 × 384). Null for no limit (batches of
    /// <see cref="BatchSize"/> sequences, whatever their length). Batching changes rows only by float rounding.
    /// </summary>
    public int? MaxBatchPositions { get; init; } = 4096;

    /// <summary>
    /// How many batches of snippets are read ahead and sorted by subword length to reduce padding (default 8). Rows are
    /// still written in corpus order; memory holds at most <c>LookAheadBatches × BatchSize</c> snippets' rows, and of each
    /// snippet only the subwords an output row reads (with <see cref="TokenAggregation.Last"/> or <see cref="TokenAggregation.First"/>,
    /// one per code token however many subwords it has).
    /// </summary>
    public int LookAheadBatches { get; init; } = 8;

    /// <summary>
    /// Most subwords of the text per sequence, special tokens not counted; null (default) for what the model allows:
    /// its position table (RoBERTa: <c>max_position_embeddings − pad_token_id − 1</c>, e.g. 514 → 512; T5: 512) minus the
    /// special tokens the tokenizer adds (e.g. 2 → 510).
    /// </summary>
    public int? MaxLength { get; init; }

    /// <summary>
    /// Subwords shared by consecutive windows when a text is longer than <see cref="MaxLength"/>; null (default) for
    /// <c>min(64, MaxLength / 2)</c>. Must be smaller than <see cref="MaxLength"/>.
    /// </summary>
    public int? WindowOverlap { get; init; }

    /// <summary>
    /// Instead of sliding windows, keep only the first <see cref="MaxLength"/> subwords of a long text; the code tokens that
    /// do not fit are dropped, logged as a warning and counted (<see cref="TransformerActivationSource.LastStatistics"/>,
    /// <see cref="ExtractionProgress.TokensDropped"/>).
    /// </summary>
    public bool Truncate { get; init; }

    /// <summary>Device for <see cref="TransformerActivationSource.Load"/> (<c>"cpu"</c>, <c>"cuda"</c>, <c>"cuda:N"</c>, <c>"auto"</c>).</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>Compute type for <see cref="TransformerActivationSource.Load"/>; rows are float32 in any case.</summary>
    public ModelDType DType { get; init; } = ModelDType.Float32;

    /// <summary>
    /// For <see cref="TransformerActivationSource.Load"/>: stream the model's weights block by block
    /// (<see cref="ModelLoadOptions.StreamLayers"/>; llama, qwen2 and starcoder2 safetensors checkpoints), so that memory is one
    /// block's weights plus one batch's states. Default false.
    /// </summary>
    public bool StreamLayers { get; init; }
}
