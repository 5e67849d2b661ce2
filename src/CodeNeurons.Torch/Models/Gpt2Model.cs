using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace CodeNeurons.Torch.Models;

/// <summary>
/// GPT-2 decoder (CodeGPT, CodeParrot): token + absolute position embeddings, pre-norm blocks with causal self-attention
/// (Conv1D weights stored [in, out]) and a feed-forward layer; the final layer norm <c>ln_f</c> is applied to the last hidden state.
/// </summary>
internal sealed class Gpt2Model : TorchHiddenStatesModel
{
    public Gpt2Model(HfModelConfig config, IReadOnlyDictionary<string, CheckpointTensor> checkpoint, string source, Device device, ScalarType dtype)
        : base(config, checkpoint, source, device, dtype)
    {
    }

    protected override IReadOnlyList<string> Prefixes => ["transformer."];

    protected override IEnumerable<(string Name, long[] Shape)> RequiredWeights()
    {
        long h = Config.HiddenSize, i = Config.IntermediateSize;
        yield return ("wte.weight", [Config.VocabSize, h]);
        yield return ("wpe.weight", [Config.MaxPositionEmbeddings, h]);
        for (int l = 0; l < BlocksToRun; l++)
        {
            string p = $"h.{l}.";
            yield return (p + "ln_1.weight", [h]);
            yield return (p + "ln_1.bias", [h]);
            yield return (p + "attn.c_attn.weight", [h, 3 * h]);
            yield return (p + "attn.c_attn.bias", [3 * h]);
            yield return (p + "attn.c_proj.weight", [h, h]);
            yield return (p + "attn.c_proj.bias", [h]);
            yield return (p + "ln_2.weight", [h]);
            yield return (p + "ln_2.bias", [h]);
            yield return (p + "mlp.c_fc.weight", [h, i]);
            yield return (p + "mlp.c_fc.bias", [i]);
            yield return (p + "mlp.c_proj.weight", [i, h]);
            yield return (p + "mlp.c_proj.bias", [h]);
        }
        yield return ("ln_f.weight", [h]);
        yield return ("ln_f.bias", [h]);
    }

    private Tensor LayerNorm(Tensor x, string prefix) =>
        F.layer_norm(x, [Config.HiddenSize], W(prefix + ".weight"), W(prefix + ".bias"), Config.LayerNormEps);

    /// <summary>GPT-2's Conv1D: y = x·W + b with W stored [in, out].</summary>
    private Tensor Conv1D(Tensor x, string prefix) => torch.addmm(W(prefix + ".bias"), x.reshape(-1, x.shape[^1]), W(prefix + ".weight"), 1, 1)
        .view(x.shape[0], x.shape[1], -1);

    protected override List<Tensor> Run(Tensor inputIds, Tensor attentionMask)
    {
        long seq = inputIds.shape[1];
        var positions = torch.arange(seq, ScalarType.Int64, Device).unsqueeze(0);
        var x = Embed(inputIds, W("wte.weight")).Plus(Embed(positions, W("wpe.weight")));
        var states = new List<Tensor>();
        x = Emit(states, x);
        var causal = torch.ones(seq, seq, ScalarType.Bool, Device).triu(1);
        using Scalar min = torch.finfo(DType).min.ToScalar();   // scalars held with `using`, never implicit (see BertFamilyModel)
        var bias = PaddingBias(attentionMask).Plus(torch.zeros(seq, seq, DType, Device).masked_fill(causal, min)).clamp_min(min);
        int heads = Config.NumHeads, size = Config.HeadSize;
        using Scalar scale = (1.0 / Math.Sqrt(size)).ToScalar();
        for (int l = 0; l < BlocksToRun; l++)
        {
            using var block = NewDisposeScope(); // the block's intermediates are freed when it ends (see BertFamilyModel)
            string p = $"h.{l}.";
            var qkv = Conv1D(LayerNorm(x, p + "ln_1"), p + "attn.c_attn").split(Config.HiddenSize, 2);
            var q = SplitHeads(qkv[0], heads, size);
            var k = SplitHeads(qkv[1], heads, size);
            var v = SplitHeads(qkv[2], heads, size);
            var scores = q.matmul(k.transpose(-1, -2)).mul(scale).Plus(bias);
            var context = MergeHeads(F.softmax(scores, -1).matmul(v));
            x = x.Plus(Conv1D(context, p + "attn.c_proj"));
            var ff = Activation(Conv1D(LayerNorm(x, p + "ln_2"), p + "mlp.c_fc"), Config.Activation);
            x = x.Plus(Conv1D(ff, p + "mlp.c_proj"));
            x = Emit(states, l == Config.NumLayers - 1 ? LayerNorm(x, "ln_f") : x).MoveToOuterDisposeScope();
        }
        return states;
    }
}
