using CodeNeurons.Torch.Models;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace CodeNeurons.Torch.Interventions;

/// <summary>
/// The token-prediction head of a checkpoint, applied to the last hidden state: the masked-LM head of BERT
/// (<c>cls.predictions.*</c>: dense → hidden_act → LayerNorm → decoder tied to the word embeddings, + bias) and RoBERTa
/// (<c>lm_head.*</c>: dense → gelu → layer_norm → decoder + bias), as transformers' <c>BertForMaskedLM</c> /
/// <c>RobertaForMaskedLM</c>; GPT-2's LM head tied to <c>wte</c> (its last hidden state is already after <c>ln_f</c>);
/// the rotary decoders' <c>lm_head</c> (or tied <c>embed_tokens</c>).
/// </summary>
internal sealed class LanguageModelHead : IDisposable
{
    private readonly Dictionary<string, Tensor> _w;
    private readonly HfModelConfig _config;

    private LanguageModelHead(HfModelConfig config, Dictionary<string, Tensor> weights, bool masked)
    {
        _config = config;
        _w = weights;
        IsMasked = masked;
    }

    /// <summary>True for a masked-LM head (predicts the token at each position), false for a causal one (predicts the next token).</summary>
    public bool IsMasked { get; }

    /// <summary>The checkpoint names of a masked-LM or LM head this model type would need, for error messages.</summary>
    internal static string Expected(string modelType) => modelType switch
    {
        "bert" => "cls.predictions.transform.dense, cls.predictions.transform.LayerNorm and cls.predictions.bias (a BertForMaskedLM checkpoint)",
        "roberta" => "lm_head.dense, lm_head.layer_norm and lm_head.bias (a RobertaForMaskedLM checkpoint)",
        "gpt2" => "wte.weight (tied) or lm_head.weight",
        "t5" => "nothing: a T5 encoder has no token-prediction head",
        _ => "lm_head.weight or tied embed_tokens.weight",
    };

    /// <summary>Reads the head from a checkpoint, or returns null when the checkpoint has none.</summary>
    internal static LanguageModelHead? TryCreate(HfModelConfig config, IReadOnlyDictionary<string, CheckpointTensor> checkpoint, Device device, ScalarType dtype)
    {
        long h = config.HiddenSize, v = config.VocabSize;
        var names = new Dictionary<string, (string[] Candidates, long[] Shape)>();
        bool masked;
        switch (config.ModelType)
        {
            case "bert":
                masked = true;
                names["dense.weight"] = (["cls.predictions.transform.dense.weight"], [h, h]);
                names["dense.bias"] = (["cls.predictions.transform.dense.bias"], [h]);
                names["norm.weight"] = (["cls.predictions.transform.LayerNorm.weight", "cls.predictions.transform.LayerNorm.gamma"], [h]);
                names["norm.bias"] = (["cls.predictions.transform.LayerNorm.bias", "cls.predictions.transform.LayerNorm.beta"], [h]);
                names["decoder.weight"] = (["cls.predictions.decoder.weight", "bert.embeddings.word_embeddings.weight", "embeddings.word_embeddings.weight"], [v, h]);
                names["decoder.bias"] = (["cls.predictions.bias", "cls.predictions.decoder.bias"], [v]);
                break;
            case "roberta":
                masked = true;
                names["dense.weight"] = (["lm_head.dense.weight"], [h, h]);
                names["dense.bias"] = (["lm_head.dense.bias"], [h]);
                names["norm.weight"] = (["lm_head.layer_norm.weight"], [h]);
                names["norm.bias"] = (["lm_head.layer_norm.bias"], [h]);
                names["decoder.weight"] = (["lm_head.decoder.weight", "roberta.embeddings.word_embeddings.weight", "embeddings.word_embeddings.weight"], [v, h]);
                names["decoder.bias"] = (["lm_head.bias", "lm_head.decoder.bias"], [v]);
                break;
            case "gpt2":
                masked = false;
                names["decoder.weight"] = (["lm_head.weight", "transformer.wte.weight", "wte.weight"], [v, h]);
                break;
            case "t5":
                return null;
            default:
                masked = false;
                names["decoder.weight"] = (["lm_head.weight", "model.embed_tokens.weight", "embed_tokens.weight"], [v, h]);
                break;
        }
        var weights = new Dictionary<string, Tensor>();
        try
        {
            foreach (var (key, (candidates, shape)) in names)
            {
                var found = candidates.Select(c => checkpoint.TryGetValue(c, out var t) ? t : null).FirstOrDefault(t => t is not null);
                if (found is null)
                {
                    foreach (var t in weights.Values) t.Dispose();
                    return null;
                }
                if (!found.Shape.SequenceEqual(shape))
                    throw new InvalidDataException($"The head weight {candidates[0]} has shape {found.ShapeText}, but the config needs [{string.Join(", ", shape)}].");
                using var scope = NewDisposeScope();
                weights[key] = torch.tensor(found.Data, found.Shape, ScalarType.Float32).to(dtype, device).DetachFromDisposeScope();
            }
        }
        catch
        {
            foreach (var t in weights.Values) t.Dispose();
            throw;
        }
        return new LanguageModelHead(config, weights, masked);
    }

    /// <summary>Logits [batch, seq, vocab] from the last hidden state [batch, seq, hidden] (inside the caller's dispose scope).</summary>
    internal Tensor Logits(Tensor last)
    {
        var x = last;
        if (IsMasked)
        {
            x = F.linear(x, _w["dense.weight"], _w["dense.bias"]);
            x = _config.ModelType == "roberta" ? F.gelu(x) : Activation(x, _config.Activation);
            x = F.layer_norm(x, [_config.HiddenSize], _w["norm.weight"], _w["norm.bias"], _config.LayerNormEps);
            return F.linear(x, _w["decoder.weight"], _w["decoder.bias"]);
        }
        return F.linear(x, _w["decoder.weight"]);
    }

    private static Tensor Activation(Tensor x, string name) => name switch
    {
        "gelu" => F.gelu(x),
        "relu" => F.relu(x),
        _ => throw new NotSupportedException($"The masked-LM head's activation '{name}' is not supported here; supported are gelu and relu."),
    };

    /// <summary>
    /// For every position of a batch: the probability the head gives the reference token (masked: the token at that position;
    /// causal: the next token, NaN at the last position) and whether it is the head's top prediction.
    /// </summary>
    internal (float[,] Probability, bool[,] Top, int[,] Argmax) Score(HiddenStates states, long[,] inputIds)
    {
        int batch = states.BatchSize, seq = states.SequenceLength, hidden = states.HiddenSize, last = states.LayerCount - 1;
        var values = new float[batch * seq * hidden];
        var v = states.Values;
        for (int b = 0; b < batch; b++)
            for (int p = 0; p < seq; p++)
                for (int j = 0; j < hidden; j++) values[(b * seq + p) * hidden + j] = v[last, b, p, j];
        var target = new long[batch * seq];
        for (int b = 0; b < batch; b++)
            for (int p = 0; p < seq; p++)
                target[b * seq + p] = IsMasked ? inputIds[b, p] : p + 1 < seq ? inputIds[b, p + 1] : 0;
        using var noGrad = torch.no_grad();
        using var scope = NewDisposeScope();
        var device = _w["decoder.weight"].device;
        var x = torch.tensor(values, [batch, seq, hidden]).to(_w["decoder.weight"].dtype, device);
        var logProbs = F.log_softmax(Logits(x).to(ScalarType.Float32), -1);
        var ids = torch.tensor(target, [batch, seq, 1]).to(device);
        var chosen = logProbs.gather(-1, ids).squeeze(-1).exp().cpu();
        var best = logProbs.argmax(-1);
        var top = best.eq(ids.squeeze(-1)).cpu();
        var bestIds = best.cpu().data<long>().ToArray();
        var probability = new float[batch, seq];
        var isTop = new bool[batch, seq];
        var argmax = new int[batch, seq];
        var pr = chosen.data<float>().ToArray();
        var tp = top.data<bool>().ToArray();
        for (int b = 0; b < batch; b++)
            for (int p = 0; p < seq; p++)
            {
                bool valid = IsMasked || p + 1 < seq;
                probability[b, p] = valid ? pr[b * seq + p] : float.NaN;
                isTop[b, p] = valid && tp[b * seq + p];
                argmax[b, p] = valid ? (int)bestIds[b * seq + p] : -1;
            }
        return (probability, isTop, argmax);
    }

    public void Dispose()
    {
        foreach (var t in _w.Values) t.Dispose();
        _w.Clear();
    }
}
