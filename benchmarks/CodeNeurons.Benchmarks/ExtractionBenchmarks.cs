using BenchmarkDotNet.Attributes;
using CodeNeurons.Torch.Models;
using TorchSharp;

namespace CodeNeurons.Benchmarks;

/// <summary>
/// Hidden states of a CodeBERT-size RoBERTa (12 layers, hidden 768, vocab 50265, random seeded weights) on the CPU:
/// one forward pass with every layer's output copied to managed memory, as extraction does. Tokens/s = batch × length / time.
/// </summary>
[MemoryDiagnoser]
public class ExtractionBenchmarks
{
    private IHiddenStatesModel _model = null!;
    private long[,] _ids = null!;
    private long[,] _mask = null!;

    /// <summary>Batch × sequence length.</summary>
    [ParamsSource(typeof(BenchmarkSizes), nameof(BenchmarkSizes.ExtractionSizes))]
    public string Shape { get; set; } = "4x128";

    /// <summary>Builds the random model and a random batch.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var (batch, length) = BenchmarkSizes.Parse(Shape);
        bool smoke = BenchmarkSizes.Smoke;
        int hidden = smoke ? 32 : 768, layers = smoke ? 2 : 12, intermediate = smoke ? 64 : 3072, vocab = smoke ? 640 : 50265, heads = smoke ? 4 : 12;
        string folder = Path.Combine(Path.GetTempPath(), "codeneurons-bench-roberta-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var rng = new Random(20261126);
        try
        {
            string config = Path.Combine(folder, "config.json");
            File.WriteAllText(config, $$"""
                {"model_type": "roberta", "architectures": ["RobertaModel"], "hidden_size": {{hidden}}, "num_hidden_layers": {{layers}},
                 "num_attention_heads": {{heads}}, "intermediate_size": {{intermediate}}, "vocab_size": {{vocab}}, "max_position_embeddings": 514,
                 "type_vocab_size": 1, "layer_norm_eps": 1e-05, "pad_token_id": 1, "hidden_act": "gelu", "bos_token_id": 0, "eos_token_id": 2}
                """);
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
            _model = HfModel.Create(HfModelConfig.Load(config), weights, "random CodeBERT-size RoBERTa", torch.CPU, torch.ScalarType.Float32);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
        _ids = new long[batch, length];
        _mask = new long[batch, length];
        for (int b = 0; b < batch; b++)
        {
            _ids[b, 0] = 0;
            for (int t = 1; t < length - 1; t++) _ids[b, t] = rng.Next(3, vocab);
            _ids[b, length - 1] = 2;
            for (int t = 0; t < length; t++) _mask[b, t] = 1;
        }
    }

    /// <summary>Frees the model.</summary>
    [GlobalCleanup]
    public void Cleanup() => _model.Dispose();

    /// <summary>One forward pass returning every hidden state (13 × batch × length × 768 floats).</summary>
    [Benchmark]
    public int HiddenStatesCpu() => _model.Forward(_ids, _mask).LayerCount;
}
