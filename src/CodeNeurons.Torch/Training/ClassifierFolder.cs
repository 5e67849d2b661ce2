using System.Text.Json;
using System.Text.Json.Nodes;
using CodeNeurons.Formats;
using CodeNeurons.Torch.Models;

namespace CodeNeurons.Torch.Training;

/// <summary>
/// Writes a fine-tuned classifier as a Hugging Face folder: <c>config.json</c> (the base config with <c>architectures</c>,
/// <c>num_labels</c>, <c>id2label</c>, <c>label2id</c>), <c>model.safetensors</c> (transformers' tensor names, float32, metadata
/// <c>format: pt</c>) and the tokenizer files. Each file is written atomically.
/// </summary>
internal static class ClassifierFolder
{
    /// <summary>Tokenizer files copied from a source folder when present.</summary>
    internal static readonly string[] TokenizerFiles =
        ["tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "added_tokens.json", "vocab.txt", "vocab.json", "merges.txt"];

    public static void Write(
        string folder, JsonObject baseConfig, string architecture, IReadOnlyList<string> classNames, IReadOnlyDictionary<string, CheckpointTensor> tensors,
        Action<string> writeTokenizer, int? padTokenId)
    {
        Directory.CreateDirectory(folder);
        var config = (JsonObject)baseConfig.DeepClone();
        config["architectures"] = new JsonArray(architecture);
        config["num_labels"] = classNames.Count;
        var id2label = new JsonObject();
        var label2id = new JsonObject();
        for (int i = 0; i < classNames.Count; i++)
        {
            id2label[i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = classNames[i];
            label2id[classNames[i]] = i;
        }
        config["id2label"] = id2label;
        config["label2id"] = label2id;
        config["problem_type"] = "single_label_classification";
        // GPT2ForSequenceClassification finds each row's last token through pad_token_id.
        if (padTokenId is int pad && config["pad_token_id"] is null) config["pad_token_id"] = pad;
        string json = config.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        AtomicFile.Write(Path.Combine(folder, "config.json"), fs =>
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(json + "\n");
            fs.Write(bytes);
        });
        SafeTensorsWriter.Write(Path.Combine(folder, "model.safetensors"), tensors, new Dictionary<string, string> { ["format"] = "pt" });
        writeTokenizer(folder);
    }

    /// <summary>Copies the tokenizer files that exist in <paramref name="source"/>.</summary>
    public static Action<string> CopyTokenizer(string source) => folder =>
    {
        foreach (var name in TokenizerFiles)
        {
            string from = Path.Combine(source, name);
            if (!File.Exists(from)) continue;
            AtomicFile.Write(Path.Combine(folder, name), fs =>
            {
                using var input = File.OpenRead(from);
                input.CopyTo(fs);
            });
        }
    };

    /// <summary>The embedded MiniLM's tokenizer as a BERT folder: <c>vocab.txt</c> and an uncased <c>tokenizer_config.json</c>.</summary>
    public static void WriteMiniLmTokenizer(string folder)
    {
        AtomicFile.Write(Path.Combine(folder, "vocab.txt"), fs =>
        {
            using var input = MiniLmModel.OpenVocabulary();
            input.CopyTo(fs);
        });
        const string TokenizerConfig = """
            {
              "tokenizer_class": "BertTokenizer",
              "do_lower_case": true,
              "model_max_length": 512,
              "cls_token": "[CLS]",
              "sep_token": "[SEP]",
              "pad_token": "[PAD]",
              "unk_token": "[UNK]",
              "mask_token": "[MASK]"
            }
            """;
        AtomicFile.Write(Path.Combine(folder, "tokenizer_config.json"), fs => fs.Write(System.Text.Encoding.UTF8.GetBytes(TokenizerConfig + "\n")));
    }

    /// <summary>all-MiniLM-L6-v2's <c>config.json</c> (a BERT config).</summary>
    public static JsonObject MiniLmConfig()
    {
        var c = MiniLmModel.Config;
        return new JsonObject
        {
            ["model_type"] = "bert",
            ["hidden_size"] = c.HiddenSize,
            ["num_hidden_layers"] = c.NumLayers,
            ["num_attention_heads"] = c.NumHeads,
            ["intermediate_size"] = c.IntermediateSize,
            ["vocab_size"] = c.VocabSize,
            ["max_position_embeddings"] = c.MaxPositionEmbeddings,
            ["type_vocab_size"] = c.TypeVocabSize,
            ["layer_norm_eps"] = c.LayerNormEps,
            ["pad_token_id"] = c.PadTokenId,
            ["hidden_act"] = c.Activation,
            ["hidden_dropout_prob"] = 0.1,
            ["attention_probs_dropout_prob"] = 0.1,
            ["initializer_range"] = 0.02,
            ["position_embedding_type"] = "absolute",
        };
    }
}
