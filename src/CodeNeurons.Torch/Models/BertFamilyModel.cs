using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace CodeNeurons.Torch.Models;

/// <summary>
/// BERT and RoBERTa encoders (CodeBERT, GraphCodeBERT, UniXcoder are RoBERTa): word + position + token-type (all zero)
/// embeddings and a layer norm, then post-norm blocks of self-attention and a feed-forward layer.
/// RoBERTa numbers positions from <c>pad_token_id + 1</c>, counting only non-padding tokens; BERT numbers them 0, 1, ….
/// </summary>
internal sealed class BertFamilyModel : TorchHiddenStatesModel
{
    public BertFamilyModel(HfModelConfig config, IReadOnlyDictionary<string, CheckpointTensor> checkpoint, string source, Device device, ScalarType dtype)
        : base(config, checkpoint, source, device, dtype)
    {
    }

    private bool IsRoberta => Config.ModelType == "roberta";

    protected override IReadOnlyList<string> Prefixes => IsRoberta ? ["roberta."] : ["bert."];

    protected override IEnumerable<(string Name, long[] Shape)> RequiredWeights()
    {
        long h = Config.HiddenSize, i = Config.IntermediateSize;
        yield return ("embeddings.word_embeddings.weight", [Config.VocabSize, h]);
        yield return ("embeddings.position_embeddings.weight", [Config.MaxPositionEmbeddings, h]);
        yield return ("embeddings.token_type_embeddings.weight", [Config.TypeVocabSize, h]);
        yield return ("embeddings.LayerNorm.weight", [h]);
        yield return ("embeddings.LayerNorm.bias", [h]);
        for (int l = 0; l < Config.NumLayers; l++)
        {
            string p = $"encoder.layer.{l}.";
            foreach (var n in new[] { "attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense" })
            {
                yield return (p + n + ".weight", [h, h]);
                yield return (p + n + ".bias", [h]);
            }
            yield return (p + "attention.output.LayerNorm.weight", [h]);
            yield return (p + "attention.output.LayerNorm.bias", [h]);
            yield return (p + "intermediate.dense.weight", [i, h]);
            yield return (p + "intermediate.dense.bias", [i]);
            yield return (p + "output.dense.weight", [h, i]);
            yield return (p + "output.dense.bias", [h]);
            yield return (p + "output.LayerNorm.weight", [h]);
            yield return (p + "output.LayerNorm.bias", [h]);
        }
    }

    private Tensor LayerNorm(Tensor x, string prefix) =>
        F.layer_norm(x, [Config.HiddenSize], W(prefix + ".weight"), W(prefix + ".bias"), Config.LayerNormEps);

    private Tensor Linear(Tensor x, string prefix) => F.linear(x, W(prefix + ".weight"), W(prefix + ".bias"));

    protected override List<Tensor> Run(Tensor inputIds, Tensor attentionMask)
    {
        long seq = inputIds.shape[1];
        Tensor positions;
        if (IsRoberta)
        {
            // Scalars are held with `using` (never converted implicitly): a temporary Scalar can be finalised while the
            // native call still reads it, which crashed `ne` with "toLong at c10/core/Scalar.h" (see ScalarLifetimeTests).
            using Scalar pad = (Config.PadTokenId ?? 1).ToScalar();
            var notPad = inputIds.ne(pad).to(ScalarType.Int64);
            positions = notPad.cumsum(1).mul(notPad).Plus(pad);
        }
        else
        {
            positions = torch.arange(seq, ScalarType.Int64, Device).unsqueeze(0).expand_as(inputIds);
        }
        var tokenTypes = torch.zeros_like(inputIds);
        var x = Embed(inputIds, W("embeddings.word_embeddings.weight"))
            .Plus(Embed(tokenTypes, W("embeddings.token_type_embeddings.weight")))
            .Plus(Embed(positions, W("embeddings.position_embeddings.weight")));
        x = LayerNorm(x, "embeddings.LayerNorm");
        var states = new List<Tensor>();
        x = Emit(states, x);
        var bias = PaddingBias(attentionMask);
        int heads = Config.NumHeads, size = Config.HeadSize;
        using Scalar scale = (1.0 / Math.Sqrt(size)).ToScalar();
        for (int l = 0; l < BlocksToRun; l++)
        {
            // Each block in its own dispose scope: its intermediates (four [batch, heads, seq, seq] attention tensors among
            // them) are freed when it ends, so memory holds one block's, not every block's (a batch of 32 windows of 512
            // subwords kept 6 × 4 × 400 MB of MiniLM scores alive until the forward pass ended).
            using var block = NewDisposeScope();
            string p = $"encoder.layer.{l}.";
            var q = SplitHeads(Linear(x, p + "attention.self.query"), heads, size);
            var k = SplitHeads(Linear(x, p + "attention.self.key"), heads, size);
            var v = SplitHeads(Linear(x, p + "attention.self.value"), heads, size);
            var scores = q.matmul(k.transpose(-1, -2)).mul(scale).Plus(bias);
            var context = MergeHeads(F.softmax(scores, -1).matmul(v));
            x = LayerNorm(Linear(context, p + "attention.output.dense").Plus(x), p + "attention.output.LayerNorm");
            var ff = Activation(Linear(x, p + "intermediate.dense"), Config.Activation);
            x = LayerNorm(Linear(ff, p + "output.dense").Plus(x), p + "output.LayerNorm");
            x = Emit(states, x).MoveToOuterDisposeScope();
        }
        return states;
    }
}
