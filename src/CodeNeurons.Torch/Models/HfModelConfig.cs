using System.Text.Json;
using CodeNeurons.Formats;

namespace CodeNeurons.Torch.Models;

/// <summary>
/// The fields of a Hugging Face <c>config.json</c> that the supported architectures need, under architecture-neutral names
/// (BERT's <c>hidden_size</c>, GPT-2's <c>n_embd</c> and T5's <c>d_model</c> all become <see cref="HiddenSize"/>).
/// </summary>
/// <param name="ModelType">The <c>model_type</c>: <c>roberta</c>, <c>bert</c>, <c>gpt2</c>, <c>t5</c>, <c>llama</c>, <c>qwen2</c> or <c>starcoder2</c>.</param>
/// <param name="HiddenSize">Width of the hidden states.</param>
/// <param name="NumLayers">Number of transformer blocks (encoder blocks for T5).</param>
/// <param name="NumHeads">Number of attention heads.</param>
/// <param name="HeadSize">Width of one head (T5's <c>d_kv</c>; otherwise hidden size / heads).</param>
/// <param name="IntermediateSize">Width of the feed-forward layer.</param>
/// <param name="VocabSize">Vocabulary size.</param>
/// <param name="MaxPositionEmbeddings">Rows of the absolute position table (0 for T5).</param>
/// <param name="LayerNormEps">Epsilon of the layer norms.</param>
/// <param name="PadTokenId">The padding id (RoBERTa's positions depend on it), or null.</param>
/// <param name="TypeVocabSize">Rows of the token-type table (BERT, RoBERTa; 0 otherwise).</param>
/// <param name="Activation">The feed-forward activation: <c>gelu</c>, <c>gelu_new</c>, <c>relu</c>, … (T5: the <c>feed_forward_proj</c> activation).</param>
/// <param name="GatedFeedForward">T5 only: true for <c>gated-*</c> feed-forward layers (<c>wi_0</c>, <c>wi_1</c>).</param>
/// <param name="RelativeAttentionNumBuckets">T5 only: number of relative-position buckets.</param>
/// <param name="RelativeAttentionMaxDistance">T5 only: the largest distance the buckets resolve.</param>
public sealed record HfModelConfig(
    string ModelType,
    int HiddenSize,
    int NumLayers,
    int NumHeads,
    int HeadSize,
    int IntermediateSize,
    int VocabSize,
    int MaxPositionEmbeddings,
    double LayerNormEps,
    long? PadTokenId,
    int TypeVocabSize,
    string Activation,
    bool GatedFeedForward,
    int RelativeAttentionNumBuckets,
    int RelativeAttentionMaxDistance)
{
    /// <summary>The <c>model_type</c> values this library can load.</summary>
    public static IReadOnlyList<string> SupportedModelTypes { get; } = ["roberta", "bert", "gpt2", "t5", "llama", "qwen2", "starcoder2"];

    /// <summary>Rotary decoders (<c>llama</c>, <c>qwen2</c>, <c>starcoder2</c>) only: their extra settings; null for the other types.</summary>
    public DecoderSettings? Decoder { get; init; }

    /// <summary>Whether the model attends causally (GPT-2 and the rotary decoders), so a token's state depends on the left context only.</summary>
    public bool IsCausal => ModelType == "gpt2" || Decoder is not null;

    /// <summary>Reads <c>config.json</c>.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="NotSupportedException">The <c>model_type</c> is not one of <see cref="SupportedModelTypes"/> (the message lists them).</exception>
    /// <exception cref="InvalidDataException">The file is not JSON, or a needed key is missing or has the wrong type (the message names the key and the file).</exception>
    public static HfModelConfig Load(string path)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Model config '{path}' is not valid JSON: {ex.Message}", ex);
        }
        using (doc)
        {
            JsonStrings.Check(doc.RootElement, (what, inner) => new InvalidDataException($"Model config '{path}': {what}.", inner));
            var r = doc.RootElement;
            if (r.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"Model config '{path}' is not a JSON object.");
            string modelType = Str(r, "model_type", path);
            switch (modelType)
            {
                case "roberta":
                case "bert":
                {
                    int hidden = Pos(r, "hidden_size", path);
                    int heads = Heads(r, "num_attention_heads", hidden, "hidden_size", path);
                    // 0 blocks is a valid encoder (the embeddings alone; transformers builds it too): a compact model whose neurons are all in hidden state 0.
                    return new HfModelConfig(modelType, hidden, Int(r, "num_hidden_layers", path), heads, hidden / heads,
                        Pos(r, "intermediate_size", path), Pos(r, "vocab_size", path), Pos(r, "max_position_embeddings", path),
                        Eps(r, "layer_norm_eps", path, 1e-12), OptLong(r, "pad_token_id"), Pos(r, "type_vocab_size", path, 2),
                        Str(r, "hidden_act", path, "gelu"), false, 0, 0);
                }
                case "gpt2":
                {
                    int hidden = Pos(r, "n_embd", path);
                    int heads = Heads(r, "n_head", hidden, "n_embd", path);
                    int inner = Pos(r, "n_inner", path, 4 * hidden);
                    return new HfModelConfig(modelType, hidden, Pos(r, "n_layer", path), heads, hidden / heads, inner,
                        Pos(r, "vocab_size", path), Pos(r, "n_positions", path), Eps(r, "layer_norm_epsilon", path, 1e-5),
                        OptLong(r, "pad_token_id"), 0, Str(r, "activation_function", path, "gelu_new"), false, 0, 0);
                }
                case "t5":
                {
                    string proj = Str(r, "feed_forward_proj", path, "relu");
                    bool gated = proj.StartsWith("gated-", StringComparison.Ordinal);
                    string act = gated ? proj["gated-".Length..] : proj;
                    if (act == "gelu" && gated) act = "gelu_new"; // T5 v1.1 / CodeT5+: "gated-gelu" means the tanh approximation
                    int buckets = Pos(r, "relative_attention_num_buckets", path, 32);
                    if (buckets < 4)
                        throw new InvalidDataException($"Model config '{path}': key 'relative_attention_num_buckets' is {buckets}; it must be at least 4 (half the buckets per direction, half of those exact).");
                    int maxDistance = Pos(r, "relative_attention_max_distance", path, 128);
                    if (maxDistance <= buckets / 4)
                        throw new InvalidDataException($"Model config '{path}': key 'relative_attention_max_distance' is {maxDistance}; it must be above relative_attention_num_buckets / 4 = {buckets / 4}.");
                    return new HfModelConfig(modelType, Pos(r, "d_model", path), Pos(r, "num_layers", path), Pos(r, "num_heads", path),
                        Pos(r, "d_kv", path), Pos(r, "d_ff", path), Pos(r, "vocab_size", path), 0,
                        Eps(r, "layer_norm_epsilon", path, 1e-6), OptLong(r, "pad_token_id"), 0, act, gated, buckets, maxDistance);
                }
                case "llama" or "qwen2" or "starcoder2":
                    return DecoderSettings.Read(r, modelType, path);
                default:
                    throw new NotSupportedException(
                        $"Model config '{path}' has model_type '{modelType}', which is not supported; supported are: {string.Join(", ", SupportedModelTypes)}.");
            }
        }
    }

    private static JsonElement Get(JsonElement r, string key, string path) =>
        r.TryGetProperty(key, out var v) && v.ValueKind != JsonValueKind.Null
            ? v
            : throw new InvalidDataException($"Model config '{path}' has no key '{key}'.");

    private static string Str(JsonElement r, string key, string path, string? fallback = null)
    {
        if (fallback is not null && (!r.TryGetProperty(key, out var f) || f.ValueKind == JsonValueKind.Null)) return fallback;
        var v = Get(r, key, path);
        return v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new InvalidDataException($"Model config '{path}': key '{key}' is not a string.");
    }

    private static int Int(JsonElement r, string key, string path, int? fallback = null)
    {
        if (fallback is int d && (!r.TryGetProperty(key, out var f) || f.ValueKind == JsonValueKind.Null)) return d;
        var v = Get(r, key, path);
        return v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i) && i >= 0
            ? i
            : throw new InvalidDataException($"Model config '{path}': key '{key}' is not a non-negative integer.");
    }

    /// <summary>A size: a positive integer (0 would divide by zero or make empty weights).</summary>
    private static int Pos(JsonElement r, string key, string path, int? fallback = null)
    {
        int value = Int(r, key, path, fallback);
        return value > 0 ? value : throw new InvalidDataException($"Model config '{path}': key '{key}' is {value}; it must be a positive integer.");
    }

    /// <summary>The number of heads: positive and dividing the hidden size.</summary>
    private static int Heads(JsonElement r, string key, int hidden, string hiddenKey, string path)
    {
        int heads = Pos(r, key, path);
        return hidden % heads == 0
            ? heads
            : throw new InvalidDataException($"Model config '{path}': key '{key}' is {heads}, which does not divide {hiddenKey} = {hidden}; each head must have the same width.");
    }

    /// <summary>A layer-norm epsilon: a positive finite number.</summary>
    private static double Eps(JsonElement r, string key, string path, double fallback)
    {
        double value = Dbl(r, key, path, fallback);
        return double.IsFinite(value) && value > 0 ? value : throw new InvalidDataException($"Model config '{path}': key '{key}' is {value}; it must be a positive number.");
    }

    private static double Dbl(JsonElement r, string key, string path, double fallback)
    {
        if (!r.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null) return fallback;
        return v.ValueKind == JsonValueKind.Number ? v.GetDouble() : throw new InvalidDataException($"Model config '{path}': key '{key}' is not a number.");
    }

    private static long? OptLong(JsonElement r, string key) =>
        r.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long l) ? l : null;
}
