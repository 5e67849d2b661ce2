using System.Globalization;
using System.Text.Json;

namespace CodeNeurons.Torch.Models;

/// <summary>
/// The decoder-only fields of a Llama-family <c>config.json</c> (<c>llama</c>, <c>qwen2</c>, <c>starcoder2</c>): rotary
/// embeddings, grouped-query attention, norm and feed-forward kinds, biases, sliding windows and the LM head.
/// </summary>
/// <param name="NumKeyValueHeads">Key/value heads (grouped-query attention; query head h reads KV head <c>h / (heads / kv)</c>).</param>
/// <param name="Norm">RMSNorm or LayerNorm.</param>
/// <param name="Mlp">Gated (SwiGLU) or plain feed-forward.</param>
/// <param name="QkvBias">Whether q/k/v projections have biases.</param>
/// <param name="OutputBias">Whether the attention output projection has a bias.</param>
/// <param name="MlpBias">Whether the feed-forward projections have biases.</param>
/// <param name="TieWordEmbeddings">Whether the LM head is the embedding matrix.</param>
/// <param name="RopeTheta">The rotary base θ.</param>
/// <param name="Rope">The frequency rule.</param>
/// <param name="RopeFactor">The scaling factor (1 for <see cref="RopeKind.Default"/>).</param>
/// <param name="RopeLowFreqFactor">Llama 3 only.</param>
/// <param name="RopeHighFreqFactor">Llama 3 only.</param>
/// <param name="RopeOriginalMaxPositions">Llama 3 only: the pre-training context.</param>
/// <param name="SlidingWindows">Per layer: the attention window (a key k is visible to query q when q − k &lt; window), or null for full causal attention.</param>
public sealed record DecoderSettings(
    int NumKeyValueHeads,
    DecoderNorm Norm,
    DecoderMlp Mlp,
    bool QkvBias,
    bool OutputBias,
    bool MlpBias,
    bool TieWordEmbeddings,
    double RopeTheta,
    RopeKind Rope,
    double RopeFactor,
    double RopeLowFreqFactor,
    double RopeHighFreqFactor,
    int RopeOriginalMaxPositions,
    IReadOnlyList<int?> SlidingWindows)
{
    /// <summary>The rotary decoder <c>model_type</c>s.</summary>
    public static IReadOnlyList<string> ModelTypes { get; } = ["llama", "qwen2", "starcoder2"];

    /// <summary>Reads a <c>llama</c>, <c>qwen2</c> or <c>starcoder2</c> config (transformers 4 and 5 spellings).</summary>
    internal static HfModelConfig Read(JsonElement r, string modelType, string path)
    {
        int hidden = Int(r, "hidden_size", path);
        int heads = Int(r, "num_attention_heads", path);
        int layers = Int(r, "num_hidden_layers", path);
        int kv = OptInt(r, "num_key_value_heads", path) ?? heads;
        if (heads == 0 || kv == 0 || heads % kv != 0)
            throw new InvalidDataException($"Model config '{path}': num_attention_heads {heads} is not a multiple of num_key_value_heads {kv}.");
        int headDim = OptInt(r, "head_dim", path) ?? hidden / heads;
        bool starcoder = modelType == "starcoder2";
        double eps = starcoder ? Dbl(r, "norm_epsilon", path, 1e-5) : Dbl(r, "rms_norm_eps", path, 1e-6);
        string act = Str(r, "hidden_act", path, starcoder ? "gelu_pytorch_tanh" : "silu");
        // transformers' defaults: LlamaConfig / Qwen2Config tie_word_embeddings=False, Starcoder2Config True.
        bool tie = Bool(r, "tie_word_embeddings", path, starcoder);
        bool qkvBias, oBias, mlpBias;
        switch (modelType)
        {
            case "llama":
                qkvBias = oBias = Bool(r, "attention_bias", path, false);
                mlpBias = Bool(r, "mlp_bias", path, false);
                break;
            case "qwen2":
                qkvBias = true;
                oBias = mlpBias = false;
                break;
            default:
                qkvBias = oBias = mlpBias = Bool(r, "use_bias", path, true);
                break;
        }

        var windows = new int?[layers];
        int? window = OptInt(r, "sliding_window", path);
        if (modelType == "qwen2")
        {
            // Qwen2 uses the window only when use_sliding_window is set, and then from layer max_window_layers on.
            if (Bool(r, "use_sliding_window", path, false) && window is int w)
            {
                int from = OptInt(r, "max_window_layers", path) ?? 28;
                for (int l = from; l < layers; l++) windows[l] = w;
            }
        }
        else if (starcoder && window is int w)
        {
            for (int l = 0; l < layers; l++) windows[l] = w;
        }

        // transformers 4: rope_theta + rope_scaling {type|rope_type, factor, …}; transformers 5: rope_parameters {rope_theta, rope_type, …}.
        JsonElement? rope = null;
        if (r.TryGetProperty("rope_parameters", out var rp) && rp.ValueKind == JsonValueKind.Object) rope = rp;
        else if (r.TryGetProperty("rope_scaling", out var rs) && rs.ValueKind == JsonValueKind.Object) rope = rs;
        double theta = rope is { } rpe && rpe.TryGetProperty("rope_theta", out var th) && th.ValueKind == JsonValueKind.Number
            ? th.GetDouble()
            : Dbl(r, "rope_theta", path, 10000.0);
        var kind = RopeKind.Default;
        double factor = 1, low = 1, high = 4;
        int original = 8192;
        if (rope is { } re)
        {
            string type = re.TryGetProperty("rope_type", out var t1) && t1.ValueKind == JsonValueKind.String ? t1.GetString()!
                : re.TryGetProperty("type", out var t2) && t2.ValueKind == JsonValueKind.String ? t2.GetString()!
                : "default";
            kind = type switch
            {
                "default" => RopeKind.Default,
                "linear" => RopeKind.Linear,
                "llama3" => RopeKind.Llama3,
                _ => throw new NotSupportedException(
                    $"Model config '{path}': rope scaling type '{type}' is not supported; supported are default, linear (DeepSeek-Coder) and llama3. " +
                    "(Qwen2.5-Coder's optional 'yarn' only matters beyond 32,768 tokens: remove rope_scaling to run shorter inputs.)"),
            };
            if (kind != RopeKind.Default)
            {
                factor = Dbl(re, "factor", path, double.NaN);
                if (!(factor > 0)) throw new InvalidDataException($"Model config '{path}': rope scaling '{type}' needs a positive 'factor'.");
            }
            if (kind == RopeKind.Llama3)
            {
                low = Dbl(re, "low_freq_factor", path, double.NaN);
                high = Dbl(re, "high_freq_factor", path, double.NaN);
                original = Int(re, "original_max_position_embeddings", path);
                if (!(low > 0) || !(high > low)) throw new InvalidDataException($"Model config '{path}': llama3 rope scaling needs 0 < low_freq_factor < high_freq_factor.");
            }
        }
        if (!(theta > 0)) throw new InvalidDataException($"Model config '{path}': rope_theta must be positive.");
        if (headDim % 2 != 0) throw new InvalidDataException($"Model config '{path}': head_dim {headDim} must be even for rotary embeddings.");

        var settings = new DecoderSettings(kv, starcoder ? DecoderNorm.LayerNorm : DecoderNorm.RmsNorm, starcoder ? DecoderMlp.Plain : DecoderMlp.Gated,
            qkvBias, oBias, mlpBias, tie, theta, kind, factor, low, high, original, windows);
        return new HfModelConfig(modelType, hidden, layers, heads, headDim, Int(r, "intermediate_size", path), Int(r, "vocab_size", path),
            Int(r, "max_position_embeddings", path), eps, OptLong(r, "pad_token_id"), 0, act, false, 0, 0)
        {
            Decoder = settings,
        };
    }

    private static JsonElement Get(JsonElement r, string key, string path) =>
        r.TryGetProperty(key, out var v) && v.ValueKind != JsonValueKind.Null
            ? v
            : throw new InvalidDataException($"Model config '{path}' has no key '{key}'.");

    private static int Int(JsonElement r, string key, string path)
    {
        var v = Get(r, key, path);
        return v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i) && i >= 0
            ? i
            : throw new InvalidDataException($"Model config '{path}': key '{key}' is not a non-negative integer.");
    }

    private static int? OptInt(JsonElement r, string key, string path) =>
        r.TryGetProperty(key, out var v) && v.ValueKind != JsonValueKind.Null ? Int(r, key, path) : null;

    private static double Dbl(JsonElement r, string key, string path, double fallback)
    {
        if (!r.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null) return fallback;
        return v.ValueKind == JsonValueKind.Number ? v.GetDouble() : throw new InvalidDataException($"Model config '{path}': key '{key}' is not a number.");
    }

    private static bool Bool(JsonElement r, string key, string path, bool fallback)
    {
        if (!r.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null) return fallback;
        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new InvalidDataException($"Model config '{path}': key '{key}' is not a boolean."),
        };
    }

    private static string Str(JsonElement r, string key, string path, string fallback)
    {
        if (!r.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null) return fallback;
        return v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new InvalidDataException($"Model config '{path}': key '{key}' is not a string.");
    }

    private static long? OptLong(JsonElement r, string key) =>
        r.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long l) ? l : null;

    /// <summary>The rotary inverse frequencies (d/2 of them) for head width <paramref name="headDim"/>, as transformers' rope init functions compute them.</summary>
    internal double[] InverseFrequencies(int headDim)
    {
        int half = headDim / 2;
        var inv = new double[half];
        for (int i = 0; i < half; i++)
        {
            // transformers: 1 / θ^(arange(0, d, 2) / d), in float32.
            float exponent = (float)(2 * i) / headDim;
            inv[i] = (float)(1.0 / (float)Math.Pow(RopeTheta, exponent));
        }
        switch (Rope)
        {
            case RopeKind.Linear:
                for (int i = 0; i < half; i++) inv[i] = (float)(inv[i] / RopeFactor);
                break;
            case RopeKind.Llama3:
            {
                double lowWavelen = RopeOriginalMaxPositions / RopeLowFreqFactor;
                double highWavelen = RopeOriginalMaxPositions / RopeHighFreqFactor;
                for (int i = 0; i < half; i++)
                {
                    double wavelen = 2 * Math.PI / inv[i];
                    if (wavelen > lowWavelen) inv[i] /= RopeFactor;
                    else if (wavelen >= highWavelen)
                    {
                        double smooth = (RopeOriginalMaxPositions / wavelen - RopeLowFreqFactor) / (RopeHighFreqFactor - RopeLowFreqFactor);
                        inv[i] = (1 - smooth) * inv[i] / RopeFactor + smooth * inv[i];
                    }
                    inv[i] = (float)inv[i];
                }
                break;
            }
        }
        return inv;
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"DecoderSettings {{ KV heads = {NumKeyValueHeads}, {Norm}, {Mlp}, θ = {RopeTheta}, rope {Rope} ×{RopeFactor}, tied = {TieWordEmbeddings} }}");
}
