using System.Text.Json;
using CodeNeurons.Formats;

namespace CodeNeurons.Torch.Models;

/// <summary>
/// The fields of a Hugging Face <c>config.json</c> that the supported architectures need, under architecture-neutral names
/// (BERT's <c>hidden_size</c>, GPT-2's <c>n_embd</c> and T5's <c>d_model</c> all become <see cref="HiddenSize"/>).
/// </summary>
/// <param name="ModelType">The <c>model_type</c>: <c>roberta</c>, <c>bert</c>, <c>gpt2</c> or <c>t5</c>.</param>
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
    public static IReadOnlyList<string> SupportedModelTypes { get; } = ["roberta", "bert", "gpt2", "t5"];

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
                    int hidden = Int(r, "hidden_size", path);
                    int heads = Int(r, "num_attention_heads", path);
                    return new HfModelConfig(modelType, hidden, Int(r, "num_hidden_layers", path), heads, hidden / heads,
                        Int(r, "intermediate_size", path), Int(r, "vocab_size", path), Int(r, "max_position_embeddings", path),
                        Dbl(r, "layer_norm_eps", path, 1e-12), OptLong(r, "pad_token_id"), Int(r, "type_vocab_size", path, 2),
                        Str(r, "hidden_act", path, "gelu"), false, 0, 0);
                }
                case "gpt2":
                {
                    int hidden = Int(r, "n_embd", path);
                    int heads = Int(r, "n_head", path);
                    int inner = OptLong(r, "n_inner") is long n ? (int)n : 4 * hidden;
                    return new HfModelConfig(modelType, hidden, Int(r, "n_layer", path), heads, hidden / heads, inner,
                        Int(r, "vocab_size", path), Int(r, "n_positions", path), Dbl(r, "layer_norm_epsilon", path, 1e-5),
                        OptLong(r, "pad_token_id"), 0, Str(r, "activation_function", path, "gelu_new"), false, 0, 0);
                }
                case "t5":
                {
                    string proj = Str(r, "feed_forward_proj", path, "relu");
                    bool gated = proj.StartsWith("gated-", StringComparison.Ordinal);
                    string act = gated ? proj["gated-".Length..] : proj;
                    if (act == "gelu" && gated) act = "gelu_new"; // T5 v1.1 / CodeT5+: "gated-gelu" means the tanh approximation
                    return new HfModelConfig(modelType, Int(r, "d_model", path), Int(r, "num_layers", path), Int(r, "num_heads", path),
                        Int(r, "d_kv", path), Int(r, "d_ff", path), Int(r, "vocab_size", path), 0,
                        Dbl(r, "layer_norm_epsilon", path, 1e-6), OptLong(r, "pad_token_id"), 0, act, gated,
                        Int(r, "relative_attention_num_buckets", path, 32), Int(r, "relative_attention_max_distance", path, 128));
                }
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

    private static double Dbl(JsonElement r, string key, string path, double fallback)
    {
        if (!r.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null) return fallback;
        return v.ValueKind == JsonValueKind.Number ? v.GetDouble() : throw new InvalidDataException($"Model config '{path}': key '{key}' is not a number.");
    }

    private static long? OptLong(JsonElement r, string key) =>
        r.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long l) ? l : null;
}
