using CodeNeurons.Torch.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace CodeNeurons.Torch.Training;

/// <summary>
/// An encoder (BERT, RoBERTa, MiniLM) or GPT-2 with transformers' sequence-classification head, trainable:
/// <list type="bullet">
/// <item><c>BertForSequenceClassification</c>: pooler (dense + tanh) on [CLS], dropout, <c>classifier</c> (H → labels).</item>
/// <item><c>RobertaForSequenceClassification</c>: &lt;s&gt;, dropout, <c>classifier.dense</c>, tanh, dropout, <c>classifier.out_proj</c>.</item>
/// <item><c>GPT2ForSequenceClassification</c>: <c>score</c> (no bias) on the last non-padding token.</item>
/// </list>
/// Parameters carry transformers' names (<c>bert.encoder.layer.0…</c>, <c>classifier.weight</c>), so the state dict saves as
/// a folder transformers loads into the same class. Head weights are read from the checkpoint when it has them with the
/// right shapes (a pooler, or a head fine-tuned before), else drawn as transformers initialises them: N(0, 0.02), biases 0.
/// </summary>
internal sealed class SequenceClassifier : IDisposable
{
    private const double InitializerRange = 0.02;
    private readonly TorchHiddenStatesModel _encoder;
    private readonly List<(string Name, Parameter Weight)> _parameters = [];
    private readonly Dictionary<string, Parameter> _head = new(StringComparer.Ordinal);
    private readonly Device _device;

    internal SequenceClassifier(TorchHiddenStatesModel encoder, IReadOnlyDictionary<string, CheckpointTensor>? checkpoint, int numLabels, Device device, int seed)
    {
        _encoder = encoder;
        _device = device;
        NumLabels = numLabels;
        var cfg = encoder.Config;
        (Architecture, Prefix) = cfg.ModelType switch
        {
            "bert" => ("BertForSequenceClassification", "bert."),
            "roberta" => ("RobertaForSequenceClassification", "roberta."),
            "gpt2" => ("GPT2ForSequenceClassification", "transformer."),
            _ => throw new NotSupportedException($"Fine-tuning supports bert, roberta (and the embedded MiniLM) and gpt2 models; this one is '{cfg.ModelType}'."),
        };
        foreach (var (name, weight) in encoder.MakeTrainable()) _parameters.Add((Prefix + name, weight));
        long h = cfg.HiddenSize;
        torch.manual_seed(seed);
        foreach (var (name, shape, isBias) in HeadShapes(cfg.ModelType, h, numLabels))
        {
            using var initial = Initial(checkpoint, name, shape, isBias);
            var p = new Parameter(initial.to(device), requires_grad: true);   // takes the handle; disposing `initial` frees only a CPU copy
            _head[name] = p;
            _parameters.Add((name, p));
        }
    }

    /// <summary>transformers' class name.</summary>
    public string Architecture { get; }

    /// <summary>The base model's prefix in transformers' names (<c>bert.</c>, <c>roberta.</c>, <c>transformer.</c>).</summary>
    public string Prefix { get; }

    public int NumLabels { get; }

    public HfModelConfig Config => _encoder.Config;

    /// <summary>Every trainable tensor with its transformers name (encoder first, then the head).</summary>
    public IReadOnlyList<(string Name, Parameter Weight)> Parameters => _parameters;

    /// <summary>The head's tensors (names, shapes, whether a bias) of transformers' <c>*ForSequenceClassification</c>.</summary>
    internal static IEnumerable<(string Name, long[] Shape, bool IsBias)> HeadShapes(string modelType, long h, int labels)
    {
        switch (modelType)
        {
            case "bert":
                yield return ("bert.pooler.dense.weight", [h, h], false);
                yield return ("bert.pooler.dense.bias", [h], true);
                yield return ("classifier.weight", [labels, h], false);
                yield return ("classifier.bias", [labels], true);
                break;
            case "roberta":
                yield return ("classifier.dense.weight", [h, h], false);
                yield return ("classifier.dense.bias", [h], true);
                yield return ("classifier.out_proj.weight", [labels, h], false);
                yield return ("classifier.out_proj.bias", [labels], true);
                break;
            default:
                yield return ("score.weight", [labels, h], false);
                break;
        }
    }

    private static Tensor Initial(IReadOnlyDictionary<string, CheckpointTensor>? checkpoint, string name, long[] shape, bool isBias)
    {
        // A BERT checkpoint saved as BertModel names its pooler "pooler.dense.*" (no "bert." prefix).
        string bare = name.StartsWith("bert.", StringComparison.Ordinal) ? name["bert.".Length..] : name;
        if (checkpoint is not null)
            foreach (var key in new[] { name, bare })
                if (checkpoint.TryGetValue(key, out var t) && t.Shape.SequenceEqual(shape))
                    return torch.tensor(t.Data, t.Shape, ScalarType.Float32);
        if (isBias) return torch.zeros(shape, ScalarType.Float32);
        using Scalar std = InitializerRange.ToScalar();
        return torch.randn(shape, ScalarType.Float32).mul_(std);
    }

    /// <summary>Logits [batch, labels] for a right-padded batch, in the caller's dispose scope; dropout only when <paramref name="training"/>.</summary>
    public Tensor Logits(Tensor inputIds, Tensor attentionMask, bool training, double dropout)
    {
        var last = _encoder.RunWithGradients(inputIds, attentionMask)[^1];
        switch (Config.ModelType)
        {
            case "bert":
            {
                var pooled = F.linear(last.select(1, 0), _head["bert.pooler.dense.weight"], _head["bert.pooler.dense.bias"]).tanh();
                return F.linear(F.dropout(pooled, dropout, training), _head["classifier.weight"], _head["classifier.bias"]);
            }
            case "roberta":
            {
                var x = F.dropout(last.select(1, 0), dropout, training);
                x = F.linear(x, _head["classifier.dense.weight"], _head["classifier.dense.bias"]).tanh();
                return F.linear(F.dropout(x, dropout, training), _head["classifier.out_proj.weight"], _head["classifier.out_proj.bias"]);
            }
            default:
            {
                // The last non-padding token of each (right-padded) row; GPT-2's head has no dropout.
                using Scalar one = 1.ToScalar();
                var lastIndex = attentionMask.sum(1).sub(one);
                var rows = torch.arange(last.shape[0], ScalarType.Int64, _device);
                var pooled = last.index([TensorIndex.Tensor(rows), TensorIndex.Tensor(lastIndex)]);
                return F.linear(pooled, _head["score.weight"]);
            }
        }
    }

    /// <summary>A float32 copy of every tensor on the CPU, by transformers name.</summary>
    public Dictionary<string, CheckpointTensor> StateDict()
    {
        var result = new Dictionary<string, CheckpointTensor>(StringComparer.Ordinal);
        using var scope = torch.NewDisposeScope();
        foreach (var (name, p) in _parameters)
        {
            var data = p.detach().to(ScalarType.Float32).cpu().contiguous().data<float>().ToArray();
            result[name] = new CheckpointTensor(p.shape, data);
        }
        return result;
    }

    /// <summary>Copies a state dict (from <see cref="StateDict"/>) back into the parameters.</summary>
    public void Load(IReadOnlyDictionary<string, CheckpointTensor> state)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        foreach (var (name, p) in _parameters)
        {
            var t = state[name];
            p.copy_(torch.tensor(t.Data, t.Shape, ScalarType.Float32).to(p.dtype, p.device));
        }
    }

    public void Dispose()
    {
        foreach (var p in _head.Values) p.Dispose();
        _head.Clear();
        _encoder.Dispose();
    }
}
