using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace CodeNeurons.Torch.Models;

/// <summary>
/// The Llama family of decoder-only models with rotary position embeddings: <c>llama</c> (Llama 2/3, CodeLlama,
/// DeepSeek-Coder), <c>qwen2</c> (Qwen2.5-Coder) and <c>starcoder2</c>. Pre-norm blocks (RMSNorm, or LayerNorm with bias for
/// StarCoder2), causal grouped-query attention with rotary embeddings (half-split pairs, <c>rotate_half</c>) and an optional
/// sliding window, a SwiGLU or plain GELU-tanh feed-forward layer, the final norm, and a tied or separate LM head.
/// </summary>
/// <remarks>
/// Hidden states follow transformers' <c>output_hidden_states</c>: index 0 is <c>embed_tokens(input_ids)</c>, index i the
/// output of decoder layer i − 1, and the last index is <c>model.norm</c> of the last layer's output (the raw output of the
/// last layer is not returned). Rotary embeddings: Su et al., <i>RoFormer</i> (arXiv 2104.09864); grouped-query attention:
/// Ainslie et al., <i>GQA</i> (arXiv 2305.13245). Weights stay in <see cref="HfModel"/>'s names (<c>model.</c> stripped).
/// </remarks>
internal sealed class RotaryDecoderModel : TorchHiddenStatesModel, ICausalLanguageModel
{
    // Every Scalar is explicit and outlives the native call that reads it. TorchSharp 0.107 converts C# numbers to temporary
    // Scalars (t.eq(0), and the alpha = 1 of t1 + t2 / t1 - t2) that a finaliser may free while libtorch still reads them:
    // that crashed extraction with "toFloat at c10/core/Scalar.h". Hence Add/Sub below instead of + and - on tensors
    // (the base class's Activation holds its Scalars the same way).
    private static readonly Scalar One = 1.ToScalar();
    private static readonly Scalar Zero = 0.ToScalar();

    private readonly DecoderSettings _d;
    private readonly float[] _inverseFrequencies;

    public RotaryDecoderModel(HfModelConfig config, IReadOnlyDictionary<string, CheckpointTensor> checkpoint, string source, Device device, ScalarType dtype)
        : base(config, checkpoint, source, device, dtype)
    {
        _d = config.Decoder ?? throw new ArgumentException($"Config of model_type '{config.ModelType}' has no decoder settings.", nameof(config));
        _inverseFrequencies = [.. _d.InverseFrequencies(config.HeadSize).Select(v => (float)v)];
    }

    protected override IReadOnlyList<string> Prefixes => ["model."];

    protected override IEnumerable<(string Name, long[] Shape)> RequiredWeights()
    {
        var d = Config.Decoder!;
        long h = Config.HiddenSize, i = Config.IntermediateSize, q = (long)Config.NumHeads * Config.HeadSize, kv = (long)d.NumKeyValueHeads * Config.HeadSize;
        bool layerNorm = d.Norm == DecoderNorm.LayerNorm;
        yield return ("embed_tokens.weight", [Config.VocabSize, h]);
        for (int l = 0; l < BlocksToRun; l++)
        {
            string p = $"layers.{l}.";
            foreach (var norm in new[] { "input_layernorm", "post_attention_layernorm" })
            {
                yield return ($"{p}{norm}.weight", [h]);
                if (layerNorm) yield return ($"{p}{norm}.bias", [h]);
            }
            foreach (var (name, rows) in new[] { ("q_proj", q), ("k_proj", kv), ("v_proj", kv) })
            {
                yield return ($"{p}self_attn.{name}.weight", [rows, h]);
                if (d.QkvBias) yield return ($"{p}self_attn.{name}.bias", [rows]);
            }
            yield return ($"{p}self_attn.o_proj.weight", [h, q]);
            if (d.OutputBias) yield return ($"{p}self_attn.o_proj.bias", [h]);
            var mlp = d.Mlp == DecoderMlp.Gated
                ? new[] { ("gate_proj", i, h), ("up_proj", i, h), ("down_proj", h, i) }
                : new[] { ("c_fc", i, h), ("c_proj", h, i) };
            foreach (var (name, rows, cols) in mlp)
            {
                yield return ($"{p}mlp.{name}.weight", [rows, cols]);
                if (d.MlpBias) yield return ($"{p}mlp.{name}.bias", [rows]);
            }
        }
        yield return ("norm.weight", [h]);
        if (layerNorm) yield return ("norm.bias", [h]);
        if (!d.TieWordEmbeddings) yield return ("lm_head.weight", [Config.VocabSize, h]);
    }

    protected override List<Tensor> Run(Tensor inputIds, Tensor attentionMask) => Decode(inputIds, attentionMask, null).States;

    public CausalLmOutput Forward(long[,] inputIds, long[,] attentionMask, long[,]? positionIds, bool computeLogits = true)
    {
        ArgumentNullException.ThrowIfNull(inputIds);
        ArgumentNullException.ThrowIfNull(attentionMask);
        int batch = inputIds.GetLength(0), seq = inputIds.GetLength(1);
        if (positionIds is not null && (positionIds.GetLength(0) != batch || positionIds.GetLength(1) != seq))
            throw new ArgumentException($"positionIds is [{positionIds.GetLength(0)}, {positionIds.GetLength(1)}] but inputIds is [{batch}, {seq}].", nameof(positionIds));
        if (!computeLogits && positionIds is null) return new CausalLmOutput(Forward(inputIds, attentionMask), null);

        // Validation as in Forward(ids, mask), then one pass that also keeps the LM head's input.
        var states = Forward(inputIds, attentionMask, positionIds, computeLogits, out var logits);
        return new CausalLmOutput(states, logits);
    }

    private HiddenStates Forward(long[,] inputIds, long[,] attentionMask, long[,]? positionIds, bool computeLogits, out float[,,]? logits)
    {
        int batch = inputIds.GetLength(0), seq = inputIds.GetLength(1);
        if (attentionMask.GetLength(0) != batch || attentionMask.GetLength(1) != seq)
            throw new ArgumentException($"attentionMask is [{attentionMask.GetLength(0)}, {attentionMask.GetLength(1)}] but inputIds is [{batch}, {seq}].", nameof(attentionMask));
        if (batch == 0 || seq == 0) throw new ArgumentException("The batch is empty.", nameof(inputIds));
        if (Config.MaxPositionEmbeddings > 0 && seq > Config.MaxPositionEmbeddings)
            throw new ArgumentException($"Sequence length {seq} exceeds max_position_embeddings {Config.MaxPositionEmbeddings} of this {Config.ModelType} model.", nameof(inputIds));
        foreach (var id in inputIds)
            if (id < 0 || id >= Config.VocabSize) throw new ArgumentOutOfRangeException(nameof(inputIds), $"Token id {id} is outside the vocabulary [0, {Config.VocabSize}).");

        var values = new float[BlocksToRun + 1, batch, seq, Config.HiddenSize];
        if (computeLogits && BlocksToRun < Config.NumLayers)
            throw new InvalidOperationException($"Logits need all {Config.NumLayers} blocks, but a block limit of {BlocksToRun} is set.");
        logits = computeLogits ? new float[batch, seq, Config.VocabSize] : null;
        using (torch.no_grad())
        using (var scope = NewDisposeScope())
        {
            var ids = torch.tensor(Flat(inputIds), [batch, seq], ScalarType.Int64).to(Device);
            var mask = torch.tensor(Flat(attentionMask), [batch, seq], ScalarType.Int64).to(Device);
            var positions = positionIds is null ? null : torch.tensor(Flat(positionIds), [batch, seq], ScalarType.Int64).to(Device);
            var (states, last) = Decode(ids, mask, positions);
            var stacked = torch.stack(states).to(ScalarType.Float32).contiguous().reshape(-1);
            using (var target = torch.frombuffer(values, ScalarType.Float32)) target.copy_(stacked);
            if (logits is not null)
            {
                var head = _d.TieWordEmbeddings ? W("embed_tokens.weight") : W("lm_head.weight");
                var flat = F.linear(last, head).to(ScalarType.Float32).contiguous().reshape(-1);
                using var target = torch.frombuffer(logits, ScalarType.Float32);
                target.copy_(flat);
            }
        }
        return new HiddenStates(values, (long[,])attentionMask.Clone());
    }

    private static long[] Flat(long[,] a)
    {
        var r = new long[a.Length];
        int cols = a.GetLength(1), k = 0;
        for (int i = 0; i < a.GetLength(0); i++)
            for (int j = 0; j < cols; j++) r[k++] = a[i, j];
        return r;
    }

    /// <summary>The decoder stack: hidden states (embeddings first, final norm last) and the LM head's input (= the last state).</summary>
    private (List<Tensor> States, Tensor Last) Decode(Tensor inputIds, Tensor attentionMask, Tensor? positionIds)
    {
        long batch = inputIds.shape[0], seq = inputIds.shape[1];
        int heads = Config.NumHeads, kvHeads = _d.NumKeyValueHeads, size = Config.HeadSize;
        positionIds ??= DefaultPositions(attentionMask);
        var (cos, sin) = Rotary(positionIds);

        var states = new List<Tensor>();
        var x = Emit(states, Embed(inputIds, W("embed_tokens.weight")));
        using var scale = (1.0 / Math.Sqrt(size)).ToScalar();
        for (int l = 0; l < BlocksToRun; l++)
        {
            string p = $"layers.{l}.";
            var visible = VisibleKeys(attentionMask, seq, _d.SlidingWindows[l]);
            var hn = Norm(x, p + "input_layernorm");
            var q = SplitHeads(Linear(hn, p + "self_attn.q_proj"), heads, size);
            var k = SplitHeads(Linear(hn, p + "self_attn.k_proj"), kvHeads, size);
            var v = SplitHeads(Linear(hn, p + "self_attn.v_proj"), kvHeads, size);
            q = Add(q * cos, RotateHalf(q) * sin);
            k = Add(k * cos, RotateHalf(k) * sin);
            if (kvHeads != heads)
            {
                // Query head h reads KV head h / (heads / kvHeads), as transformers' repeat_kv.
                long groups = heads / kvHeads;
                k = k.unsqueeze(2).expand(batch, kvHeads, groups, seq, size).reshape(batch, heads, seq, size);
                v = v.unsqueeze(2).expand(batch, kvHeads, groups, seq, size).reshape(batch, heads, seq, size);
            }
            var scores = q.matmul(k.transpose(-1, -2)).mul(scale);
            using var min = torch.finfo(scores.dtype).min.ToScalar();
            scores = scores.masked_fill(visible.logical_not(), min);
            var weights = F.softmax(scores, -1, ScalarType.Float32).to(q.dtype);
            var context = MergeHeads(weights.matmul(v));
            x = Add(x, Linear(context, p + "self_attn.o_proj"));

            var hm = Norm(x, p + "post_attention_layernorm");
            var ff = _d.Mlp == DecoderMlp.Gated
                ? Linear(Activation(Linear(hm, p + "mlp.gate_proj"), Config.Activation) * Linear(hm, p + "mlp.up_proj"), p + "mlp.down_proj")
                : Linear(Activation(Linear(hm, p + "mlp.c_fc"), Config.Activation), p + "mlp.c_proj");
            x = Add(x, ff);
            if (l < Config.NumLayers - 1) x = Emit(states, x);
        }
        // The final norm belongs to the last block; a block limit stops before it (and before the LM head).
        var last = BlocksToRun == Config.NumLayers ? Emit(states, Norm(x, "norm")) : x;
        return (states, last);
    }

    /// <summary>
    /// Positions when none are given: <c>arange(seq)</c> shifted left by the row's leading padding, so real tokens are numbered
    /// 0, 1, … whichever side is padded (leading pads get 0). Equals transformers' forward for right padding and
    /// <c>generate()</c>'s mask-derived positions for left padding at every real token.
    /// </summary>
    private Tensor DefaultPositions(Tensor attentionMask)
    {
        long seq = attentionMask.shape[1];
        var leading = attentionMask.cumsum(1, ScalarType.Int64).eq(Zero).sum([1], keepdim: true, type: ScalarType.Int64);
        return Sub(torch.arange(seq, ScalarType.Int64, Device).unsqueeze(0), leading).clamp_min(Zero);
    }

    /// <summary>cos and sin [batch, 1, seq, head_dim] of the rotary angles <c>position · inv_freq</c>, duplicated over both halves.</summary>
    private (Tensor Cos, Tensor Sin) Rotary(Tensor positionIds)
    {
        var inv = torch.tensor(_inverseFrequencies, [_inverseFrequencies.Length], ScalarType.Float32).to(Device);
        var freqs = positionIds.to(ScalarType.Float32).unsqueeze(-1) * inv; // [batch, seq, half]
        var emb = torch.cat([freqs, freqs], -1).unsqueeze(1);            // [batch, 1, seq, head_dim]
        return (emb.cos().to(DType), emb.sin().to(DType));
    }

    /// <summary>[..., d] → [−x₂, x₁] with x₁, x₂ the two halves (transformers' <c>rotate_half</c>).</summary>
    private static Tensor RotateHalf(Tensor x)
    {
        var halves = x.chunk(2, -1);
        return torch.cat([halves[1].neg(), halves[0]], -1);
    }

    /// <summary>[batch, 1, seq, seq]: key k visible to query q when k ≤ q, the key is a real token, and (with a window) q − k &lt; window.</summary>
    private Tensor VisibleKeys(Tensor attentionMask, long seq, int? window)
    {
        var qi = torch.arange(seq, ScalarType.Int64, Device).unsqueeze(1);
        var ki = torch.arange(seq, ScalarType.Int64, Device).unsqueeze(0);
        var allowed = ki.le(qi);
        if (window is int w)
        {
            using Scalar width = w.ToScalar();
            allowed = allowed.logical_and(Sub(qi, ki).lt(width));
        }
        return allowed.unsqueeze(0).unsqueeze(0).logical_and(attentionMask.ne(Zero).unsqueeze(1).unsqueeze(1));
    }

    private static Tensor Add(Tensor a, Tensor b) => a.add(b, One);

    private static Tensor Sub(Tensor a, Tensor b) => a.add(b.neg(), One);

    private Tensor Linear(Tensor x, string prefix) =>
        F.linear(x, W(prefix + ".weight"), HasWeight(prefix + ".bias") ? W(prefix + ".bias") : null);

    private Tensor Norm(Tensor x, string prefix)
    {
        if (_d.Norm == DecoderNorm.LayerNorm)
            return F.layer_norm(x, [Config.HiddenSize], W(prefix + ".weight"), W(prefix + ".bias"), Config.LayerNormEps);
        // RMSNorm in float32, then back to the compute type, then the weight (transformers' LlamaRMSNorm).
        using var eps = Config.LayerNormEps.ToScalar();
        var xf = x.to(ScalarType.Float32);
        var variance = xf.square().mean([-1], keepdim: true);
        return W(prefix + ".weight") * (xf * torch.rsqrt(variance.add(eps))).to(DType);
    }
}
