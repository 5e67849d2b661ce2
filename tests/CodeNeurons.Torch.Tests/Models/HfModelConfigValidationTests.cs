using System.Text.Json.Nodes;
using CodeNeurons.Torch.Models;

namespace CodeNeurons.Tests.Models;

/// <summary>Every size field of config.json is checked when it is read: a zero or inconsistent size is an error naming the key and the file.</summary>
public class HfModelConfigValidationTests : TempDirectoryTest
{
    private string Config(string fixture, string key, JsonNode? value)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "hf-models", fixture, "config.json")))!.AsObject();
        json[key] = value;
        var path = Path.Combine(TempDir, "config.json");
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }

    [TestCase("tiny-bert", "num_attention_heads", 0, "must be a positive integer")]
    [TestCase("tiny-roberta", "num_attention_heads", 3, "does not divide hidden_size = 32")]
    [TestCase("tiny-bert", "hidden_size", 0, "must be a positive integer")]
    [TestCase("tiny-bert", "num_hidden_layers", -1, "not a non-negative integer")]
    [TestCase("tiny-gpt2", "n_layer", 0, "must be a positive integer")]
    [TestCase("tiny-bert", "intermediate_size", 0, "must be a positive integer")]
    [TestCase("tiny-bert", "vocab_size", 0, "must be a positive integer")]
    [TestCase("tiny-bert", "max_position_embeddings", 0, "must be a positive integer")]
    [TestCase("tiny-bert", "type_vocab_size", 0, "must be a positive integer")]
    [TestCase("tiny-gpt2", "n_head", 0, "must be a positive integer")]
    [TestCase("tiny-gpt2", "n_embd", 0, "must be a positive integer")]
    [TestCase("tiny-gpt2", "n_inner", 0, "must be a positive integer")]
    [TestCase("tiny-gpt2", "n_positions", 0, "must be a positive integer")]
    [TestCase("tiny-t5-encoder", "num_heads", 0, "must be a positive integer")]
    [TestCase("tiny-t5-encoder", "d_kv", 0, "must be a positive integer")]
    [TestCase("tiny-t5-encoder", "d_ff", 0, "must be a positive integer")]
    [TestCase("tiny-t5-encoder", "relative_attention_num_buckets", 2, "at least 4")]
    [TestCase("tiny-t5-encoder", "relative_attention_max_distance", 1, "must be above")]
    public void ABadSizeIsAnErrorNamingTheKeyAndFile(string fixture, string key, int value, string expected)
    {
        var path = Config(fixture, key, value);
        var ex = Assert.Throws<InvalidDataException>(() => HfModelConfig.Load(path));
        Assert.That(ex!.Message, Does.Contain(path).And.Contain($"'{key}'").And.Contain(expected));
    }

    [TestCase("tiny-bert", "layer_norm_eps")]
    [TestCase("tiny-gpt2", "layer_norm_epsilon")]
    public void ANonPositiveEpsilonIsAnError(string fixture, string key)
    {
        var ex = Assert.Throws<InvalidDataException>(() => HfModelConfig.Load(Config(fixture, key, 0.0)));
        Assert.That(ex!.Message, Does.Contain($"'{key}'").And.Contain("positive number"));
    }

    [TestCase("tiny-bert")]
    [TestCase("tiny-roberta")]
    [TestCase("tiny-gpt2")]
    [TestCase("tiny-t5-encoder")]
    public void TheFixtureConfigsStillLoad(string fixture) =>
        Assert.DoesNotThrow(() => HfModelConfig.Load(Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "hf-models", fixture, "config.json")));
}
