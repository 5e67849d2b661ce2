using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace CodeNeurons.Torch.Models;

/// <summary>
/// The T5 encoder (CodeT5, CodeT5+ encoders): unscaled token embeddings, pre-norm blocks with RMS layer norms and no biases,
/// unscaled attention with a bidirectional relative-position bias computed by the first block and shared by all,
/// and <c>final_layer_norm</c> applied to the last hidden state.
/// </summary>
internal sealed class T5EncoderModel : TorchHiddenStatesModel
{
    public T5EncoderModel(HfModelConfig config, IReadOnlyDictionary<string, CheckpointTensor> checkpoint, string source, Device device, ScalarType dtype)
        : base(config, AddSharedEmbedding(checkpoint), source, device, dtype)
    {
    }

    // T5EncoderModel checkpoints hold "shared.weight"; some hold only "encoder.embed_tokens.weight".
    private static IReadOnlyDictionary<string, CheckpointTensor> AddSharedEmbedding(IReadOnlyDictionary<string, CheckpointTensor> c)
    {
        if (c.ContainsKey("shared.weight") || !c.TryGetValue("encoder.embed_tokens.weight", out var e)) return c;
        var d = new Dictionary<string, CheckpointTensor>(c, StringComparer.Ordinal) { ["shared.weight"] = e };
        return d;
    }

    protected override IReadOnlyList<string> Prefixes => ["encoder."];

    private int Inner => Config.NumHeads * Config.HeadSize;

    protected override IEnumerable<(string Name, long[] Shape)> RequiredWeights()
    {
        long h = Config.HiddenSize, f = Config.IntermediateSize, inner = Inner;
        yield return ("shared.weight", [Config.VocabSize, h]);
        for (int l = 0; l < BlocksToRun; l++)
        {
            string p = $"block.{l}.layer.";
            yield return (p + "0.layer_norm.weight", [h]);
            yield return (p + "0.SelfAttention.q.weight", [inner, h]);
            yield return (p + "0.SelfAttention.k.weight", [inner, h]);
            yield return (p + "0.SelfAttention.v.weight", [inner, h]);
            yield return (p + "0.SelfAttention.o.weight", [h, inner]);
            if (l == 0) yield return (p + "0.SelfAttention.relative_attention_bias.weight", [Config.RelativeAttentionNumBuckets, Config.NumHeads]);
            yield return (p + "1.layer_norm.weight", [h]);
            if (Config.GatedFeedForward)
            {
                yield return (p + "1.DenseReluDense.wi_0.weight", [f, h]);
                yield return (p + "1.DenseReluDense.wi_1.weight", [f, h]);
            }
            else
            {
                yield return (p + "1.DenseReluDense.wi.weight", [f, h]);
            }
            yield return (p + "1.DenseReluDense.wo.weight", [h, f]);
        }
        yield return ("final_layer_norm.weight", [h]);
    }

    /// <summary>T5's layer norm: scale by the root mean square (computed in float32), no centring, no bias.</summary>
    private Tensor RmsNorm(Tensor x, string name)
    {
        using Scalar eps = Config.LayerNormEps.ToScalar();   // scalars held with `using`, never implicit (see BertFamilyModel)
        var x32 = x.to(ScalarType.Float32);
        var variance = x32.mul(x32).mean([-1], keepdim: true);
        var y = x32 * torch.rsqrt(variance.Plus(eps));
        return W(name) * y.to(DType);
    }

    /// <summary>Bidirectional relative-position buckets: half the buckets for keys after the query, exact for small
    /// distances, logarithmic up to <c>relative_attention_max_distance</c>.</summary>
    private Tensor PositionBias(long seq)
    {
        var positions = torch.arange(seq, ScalarType.Int64, Device);
        var relative = positions.unsqueeze(0).Minus(positions.unsqueeze(1)); // [query, key] = key - query
        long halfBuckets = Config.RelativeAttentionNumBuckets / 2, exact = halfBuckets / 2;
        // scalars held with `using`, never implicit (see BertFamilyModel)
        using Scalar zero = 0L.ToScalar(), half = halfBuckets.ToScalar(), maxExact = exact.ToScalar(), logRange = Math.Log((double)Config.RelativeAttentionMaxDistance / exact).ToScalar(),
            largeRange = (halfBuckets - exact).ToScalar(), lastBucket = (halfBuckets - 1).ToScalar();
        var bucket = relative.gt(zero).to(ScalarType.Int64).mul(half);
        var n = relative.abs();
        var isSmall = n.lt(maxExact);
        var large = n.to(ScalarType.Float32).div(maxExact).log().div(logRange).mul(largeRange);
        var largeBucket = large.to(ScalarType.Int64).Plus(maxExact).clamp_max(lastBucket);
        bucket = bucket.Plus(torch.where(isSmall, n, largeBucket));
        var values = Embed(bucket, W("block.0.layer.0.SelfAttention.relative_attention_bias.weight")); // [q, k, heads]
        return values.permute(2, 0, 1).unsqueeze(0);
    }

    protected override List<Tensor> Run(Tensor inputIds, Tensor attentionMask)
    {
        long seq = inputIds.shape[1];
        var x = Embed(inputIds, W("shared.weight"));
        var states = new List<Tensor>();
        x = Emit(states, x);
        var bias = PositionBias(seq).Plus(PaddingBias(attentionMask));
        int heads = Config.NumHeads, size = Config.HeadSize;
        for (int l = 0; l < BlocksToRun; l++)
        {
            using var block = NewDisposeScope(); // the block's intermediates are freed when it ends (see BertFamilyModel)
            string p = $"block.{l}.layer.";
            var normed = RmsNorm(x, p + "0.layer_norm.weight");
            var q = SplitHeads(F.linear(normed, W(p + "0.SelfAttention.q.weight")), heads, size);
            var k = SplitHeads(F.linear(normed, W(p + "0.SelfAttention.k.weight")), heads, size);
            var v = SplitHeads(F.linear(normed, W(p + "0.SelfAttention.v.weight")), heads, size);
            var scores = q.matmul(k.transpose(-1, -2)).Plus(bias);
            var weights = F.softmax(scores.to(ScalarType.Float32), -1).to(DType);
            x = x.Plus(F.linear(MergeHeads(weights.matmul(v)), W(p + "0.SelfAttention.o.weight")));
            normed = RmsNorm(x, p + "1.layer_norm.weight");
            Tensor hidden = Config.GatedFeedForward
                ? Activation(F.linear(normed, W(p + "1.DenseReluDense.wi_0.weight")), Config.Activation) * F.linear(normed, W(p + "1.DenseReluDense.wi_1.weight"))
                : Activation(F.linear(normed, W(p + "1.DenseReluDense.wi.weight")), Config.Activation);
            x = x.Plus(F.linear(hidden, W(p + "1.DenseReluDense.wo.weight")));
            x = Emit(states, l == Config.NumLayers - 1 ? RmsNorm(x, "final_layer_norm.weight") : x).MoveToOuterDisposeScope();
        }
        return states;
    }
}
