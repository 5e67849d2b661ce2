using TorchSharp;

namespace CodeNeurons.Torch.Models;

/// <summary>
/// A RoBERTa encoder with seeded random weights (uniform ±0.04, LayerNorm weights 1), for benchmarks and device checks
/// that need a model of a real model's size (e.g. CodeBERT: 12 layers, 768, vocab 50,265) without a checkpoint.
/// </summary>
internal static class RandomRoberta
{
    /// <summary>Builds the model on <paramref name="device"/> in <paramref name="dtype"/>.</summary>
    internal static IHiddenStatesModel Create(int layers, int hidden, int heads, int intermediate, int vocab, int seed, torch.Device device, torch.ScalarType dtype)
    {
        string folder = Path.Combine(Path.GetTempPath(), "codeneurons-random-roberta-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        try
        {
            string config = Path.Combine(folder, "config.json");
            File.WriteAllText(config, $$"""
                {"model_type": "roberta", "architectures": ["RobertaModel"], "hidden_size": {{hidden}}, "num_hidden_layers": {{layers}},
                 "num_attention_heads": {{heads}}, "intermediate_size": {{intermediate}}, "vocab_size": {{vocab}}, "max_position_embeddings": 514,
                 "type_vocab_size": 1, "layer_norm_eps": 1e-05, "pad_token_id": 1, "hidden_act": "gelu", "bos_token_id": 0, "eos_token_id": 2}
                """);
            var rng = new Random(seed);
            var weights = new Dictionary<string, CheckpointTensor>();
            void Add(string name, params long[] shape)
            {
                long count = shape.Aggregate(1L, (a, b) => a * b);
                var data = new float[count];
                bool layerNormWeight = name.EndsWith("LayerNorm.weight", StringComparison.Ordinal);
                for (long k = 0; k < count; k++) data[k] = layerNormWeight ? 1f : (float)((rng.NextDouble() * 2 - 1) * 0.04);
                weights[name] = new CheckpointTensor(shape, data);
            }
            Add("embeddings.word_embeddings.weight", vocab, hidden);
            Add("embeddings.position_embeddings.weight", 514, hidden);
            Add("embeddings.token_type_embeddings.weight", 1, hidden);
            Add("embeddings.LayerNorm.weight", hidden);
            Add("embeddings.LayerNorm.bias", hidden);
            for (int l = 0; l < layers; l++)
            {
                string p = $"encoder.layer.{l}.";
                foreach (var m in new[] { "attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense" })
                {
                    Add(p + m + ".weight", hidden, hidden);
                    Add(p + m + ".bias", hidden);
                }
                Add(p + "attention.output.LayerNorm.weight", hidden);
                Add(p + "attention.output.LayerNorm.bias", hidden);
                Add(p + "intermediate.dense.weight", intermediate, hidden);
                Add(p + "intermediate.dense.bias", intermediate);
                Add(p + "output.dense.weight", hidden, intermediate);
                Add(p + "output.dense.bias", hidden);
                Add(p + "output.LayerNorm.weight", hidden);
                Add(p + "output.LayerNorm.bias", hidden);
            }
            return HfModel.Create(HfModelConfig.Load(config), weights, $"random RoBERTa ({layers} × {hidden})", device, dtype);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
