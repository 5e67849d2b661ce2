using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CodeNeurons.Torch.Models;
using TorchSharp;

namespace CodeNeurons.Torch.Compact;

/// <summary>The truncated checkpoint and config of a compact model.</summary>
internal static partial class CompactWeights
{
    [GeneratedRegex(@"^(?:encoder\.layer|h|encoder\.block|block|layers)\.(\d+)\.", RegexOptions.CultureInvariant)]
    private static partial Regex BlockName();

    /// <summary>The model's weights of the embeddings and blocks 0..<paramref name="blocks"/> − 1, float32 on the host (names as the model holds them, without task prefixes).</summary>
    public static Dictionary<string, CheckpointTensor> Truncate(TorchHiddenStatesModel model, int blocks)
    {
        var result = new Dictionary<string, CheckpointTensor>(StringComparer.Ordinal);
        foreach (var (name, tensor) in model.LoadedWeights)
        {
            var m = BlockName().Match(name);
            if (m.Success && int.Parse(m.Groups[1].ValueSpan, System.Globalization.CultureInfo.InvariantCulture) >= blocks) continue;
            using var host = tensor.to(torch.ScalarType.Float32).cpu().contiguous();
            result[name] = new CheckpointTensor(host.shape, host.data<float>().ToArray());
        }
        return result;
    }

    /// <summary>
    /// The source's <c>config.json</c> with the layer count reduced (and the base architecture named, since task heads are
    /// not kept); for the embedded or random models, a config written from <paramref name="config"/>.
    /// </summary>
    public static JsonObject TruncatedConfig(HfModelConfig config, JsonObject? source, int blocks)
    {
        var result = source is null ? Written(config) : (JsonObject)source.DeepClone();
        string key = config.ModelType switch { "gpt2" => "n_layer", "t5" => "num_layers", _ => "num_hidden_layers" };
        result[key] = blocks;
        if (config.ModelType is "bert" or "roberta") result["architectures"] = new JsonArray(config.ModelType == "bert" ? "BertModel" : "RobertaModel");
        return result;
    }

    private static JsonObject Written(HfModelConfig c)
    {
        if (c.ModelType is not ("bert" or "roberta"))
            throw new NotSupportedException($"A config can be written for BERT and RoBERTa only; a {c.ModelType} model needs its source config.json.");
        var o = new JsonObject
        {
            ["model_type"] = c.ModelType, ["hidden_size"] = c.HiddenSize, ["num_hidden_layers"] = c.NumLayers, ["num_attention_heads"] = c.NumHeads,
            ["intermediate_size"] = c.IntermediateSize, ["vocab_size"] = c.VocabSize, ["max_position_embeddings"] = c.MaxPositionEmbeddings,
            ["type_vocab_size"] = c.TypeVocabSize, ["layer_norm_eps"] = c.LayerNormEps, ["hidden_act"] = c.Activation,
        };
        if (c.PadTokenId is long pad) o["pad_token_id"] = pad;
        return o;
    }
}
