using System.Text.Json.Nodes;
using CodeNeurons.Torch.Models;

namespace CodeNeurons.Tests.Decoders;

/// <summary>Rotary decoders from bf16 and sharded safetensors, and the errors for broken checkpoints and configs.</summary>
[TestFixture]
public sealed class DecoderCheckpointTests : TempDirectoryTest
{
    private static IReadOnlyDictionary<string, CheckpointTensor> Weights(string model) =>
        SafeTensorsReader.Read(Path.Combine(DecoderFixtures.Folder(model), "model.safetensors"));

    [TestCaseSource(typeof(DecoderFixtures), nameof(DecoderFixtures.Models))]
    public void BFloat16CheckpointMatchesItsFloat32TwinWithinBf16Rounding(string model)
    {
        // The bf16 twin: every weight rounded to bfloat16 (nearest even), as torch's model.to(torch.bfloat16).save_pretrained.
        string dir = Path.Combine(TempDir, model);
        DecoderFixtures.CopyFolder(model, dir, weights: false);
        var weights = Weights(model);
        DecoderFixtures.WriteSafetensors(Path.Combine(dir, "model.safetensors"), weights, bfloat16: true);

        // Loading widens bf16 exactly: each weight equals its float32 twin rounded to bf16.
        var loaded = SafeTensorsReader.Read(Path.Combine(dir, "model.safetensors"));
        foreach (var (name, t) in weights)
        {
            var w = loaded[name].Data;
            for (int i = 0; i < w.Length; i++)
                if (w[i] != BitConverter.Int32BitsToSingle(DecoderFixtures.ToBFloat16(t.Data[i]) << 16))
                    Assert.Fail($"{name}[{i}]: {w[i]} is not the bf16 rounding of {t.Data[i]}.");
            double rel = t.Data.Zip(w, (a, b) => Math.Abs(a - b) / Math.Max(Math.Abs(a), 1e-30)).Max();
            Assert.That(rel, Is.LessThanOrEqualTo(Math.Pow(2, -8)), $"{name}: relative rounding error");
        }

        // Hidden states (computed in float32 by default) differ from the float32 model's only by the weights' rounding:
        // bf16 keeps 8 significant bits (relative error ≤ 2⁻⁸ ≈ 0.004 per weight).
        var batch = DecoderFixtures.Load(model, leftPadded: false);
        using var bf16 = HfModel.Load(dir);
        using var fp32 = HfModel.Load(DecoderFixtures.Folder(model));
        var a = bf16.Forward(batch.Ids, batch.Mask).Values;
        var b = fp32.Forward(batch.Ids, batch.Mask).Values;
        for (int l = 0; l < a.GetLength(0); l++)
        {
            double maxDiff = 0, scale = 0;
            for (int r = 0; r < a.GetLength(1); r++)
                for (int s = 0; s < a.GetLength(2); s++)
                {
                    if (batch.Mask[r, s] == 0) continue;
                    for (int h = 0; h < a.GetLength(3); h++)
                    {
                        maxDiff = Math.Max(maxDiff, Math.Abs(a[l, r, s, h] - b[l, r, s, h]));
                        scale = Math.Max(scale, Math.Abs(b[l, r, s, h]));
                    }
                }
            TestContext.Out.WriteLine($"{model} layer {l}: bf16 vs fp32 max abs {maxDiff:E2}, scale {scale:F2}");
            Assert.That(maxDiff, Is.GreaterThan(0), "the twin must differ (it is rounded)");
            // Embeddings are the rounded table itself (≤ 2⁻⁸ relative); through two random layers (std 0.2 weights) the seen
            // error is 2–2.5 % of the scale (llama 6.0e-2 at scale 3.1): allow 5 %.
            Assert.That(maxDiff, Is.LessThanOrEqualTo((l == 0 ? Math.Pow(2, -8) : 0.05) * scale), $"layer {l}");
        }
    }

    [TestCase("tiny-llama", ModelDType.BFloat16)]
    [TestCase("tiny-qwen2", ModelDType.Float16)]
    [TestCase("tiny-starcoder2", ModelDType.BFloat16)]
    public void ReducedPrecisionComputeStaysNearFloat32(string model, ModelDType dtype)
    {
        // Compute in bf16/fp16 (norms and softmax in float32, as transformers): close to float32 at the real positions,
        // within 5 % (bf16) / 1 % (fp16) of each state's scale.
        var batch = DecoderFixtures.Load(model, leftPadded: true);
        using var low = (ICausalLanguageModel)HfModel.Load(DecoderFixtures.Folder(model), new ModelLoadOptions(DType: dtype));
        using var full = (ICausalLanguageModel)HfModel.Load(DecoderFixtures.Folder(model));
        var a = low.Forward(batch.Ids, batch.Mask, null);
        var b = full.Forward(batch.Ids, batch.Mask, null);
        var x = a.HiddenStates.Values;
        var y = b.HiddenStates.Values;
        double bound = dtype == ModelDType.BFloat16 ? 0.05 : 0.01;
        for (int l = 0; l < x.GetLength(0); l++)
        {
            double maxDiff = 0, scale = 0;
            for (int r = 0; r < x.GetLength(1); r++)
                for (int k = 0; k < x.GetLength(2); k++)
                {
                    if (batch.Mask[r, k] == 0) continue;
                    for (int h = 0; h < x.GetLength(3); h++)
                    {
                        Assert.That(float.IsFinite(x[l, r, k, h]), $"layer {l} row {r} token {k}");
                        maxDiff = Math.Max(maxDiff, Math.Abs(x[l, r, k, h] - y[l, r, k, h]));
                        scale = Math.Max(scale, Math.Abs(y[l, r, k, h]));
                    }
                }
            TestContext.Out.WriteLine($"{model} {dtype} layer {l}: max abs {maxDiff:E2}, scale {scale:F2}");
            Assert.That(maxDiff, Is.LessThanOrEqualTo(bound * scale), $"layer {l}");
        }
        Assert.That(a.Logits!.Cast<float>().All(float.IsFinite), Is.True);
    }

    /// <summary>Writes the fixture's weights as three shards plus an index, as <c>save_pretrained(max_shard_size=…)</c> does.</summary>
    private string Shard(string model, out JsonObject map)
    {
        string dir = Path.Combine(TempDir, model + "-sharded");
        DecoderFixtures.CopyFolder(model, dir, weights: false);
        var all = Weights(model);
        var names = all.Keys.Order(StringComparer.Ordinal).ToList();
        map = new JsonObject();
        const int shards = 3;
        for (int s = 0; s < shards; s++)
        {
            string file = $"model-0000{s + 1}-of-0000{shards}.safetensors";
            var part = names.Where((_, i) => i % shards == s).ToList();
            DecoderFixtures.WriteSafetensors(Path.Combine(dir, file), part.ToDictionary(n => n, n => all[n]));
            foreach (var n in part) map[n] = file;
        }
        WriteIndex(dir, map);
        return dir;
    }

    private static void WriteIndex(string dir, JsonObject map) =>
        File.WriteAllText(Path.Combine(dir, "model.safetensors.index.json"),
            new JsonObject { ["metadata"] = new JsonObject { ["total_size"] = 0 }, ["weight_map"] = map.DeepClone() }.ToJsonString());

    [TestCaseSource(typeof(DecoderFixtures), nameof(DecoderFixtures.Models))]
    public void ShardedCheckpointLoadsAndMatches(string model)
    {
        string dir = Shard(model, out _);
        var batch = DecoderFixtures.Load(model, leftPadded: false);
        using var sharded = (ICausalLanguageModel)HfModel.Load(dir);
        using var whole = (ICausalLanguageModel)HfModel.Load(DecoderFixtures.Folder(model));
        var a = sharded.Forward(batch.Ids, batch.Mask, null);
        var b = whole.Forward(batch.Ids, batch.Mask, null);
        Assert.That(a.HiddenStates.Values, Is.EqualTo(b.HiddenStates.Values));
        Assert.That(a.Logits, Is.EqualTo(b.Logits));
    }

    [Test]
    public void MissingShardIsNamed()
    {
        string dir = Shard("tiny-qwen2", out _);
        File.Delete(Path.Combine(dir, "model-00002-of-00003.safetensors"));
        var ex = Assert.Throws<FileNotFoundException>(() => HfModel.Load(dir));
        Assert.That(ex!.Message, Does.Contain("model-00002-of-00003.safetensors").And.Contain("model.safetensors.index.json"));
        Assert.That(ex.FileName, Does.EndWith("model-00002-of-00003.safetensors"));
    }

    [Test]
    public void IndexNamingAMissingTensorIsNamed()
    {
        string dir = Shard("tiny-llama", out var map);
        map["model.layers.0.mlp.extra.weight"] = "model-00001-of-00003.safetensors";
        WriteIndex(dir, map);
        var ex = Assert.Throws<InvalidDataException>(() => HfModel.Load(dir));
        Assert.That(ex!.Message, Does.Contain("model.layers.0.mlp.extra.weight").And.Contain("model-00001-of-00003.safetensors"));
    }

    [Test]
    public void MissingLmHeadOfAnUntiedModelIsNamed()
    {
        string dir = Path.Combine(TempDir, "llama");
        DecoderFixtures.CopyFolder("tiny-llama", dir, weights: false);
        var weights = Weights("tiny-llama").Where(kv => kv.Key != "lm_head.weight").ToDictionary(kv => kv.Key, kv => kv.Value);
        DecoderFixtures.WriteSafetensors(Path.Combine(dir, "model.safetensors"), weights);
        var ex = Assert.Throws<InvalidDataException>(() => HfModel.Load(dir));
        Assert.That(ex!.Message, Does.Contain("lm_head.weight"));
    }

    private string WithConfig(string model, Action<JsonObject> edit)
    {
        string dir = Path.Combine(TempDir, model + "-edited");
        DecoderFixtures.CopyFolder(model, dir, weights: true);
        string path = Path.Combine(dir, "config.json");
        var config = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        edit(config);
        File.WriteAllText(path, config.ToJsonString());
        return dir;
    }

    [Test]
    public void UnknownRopeScalingIsRefusedClearly()
    {
        string dir = WithConfig("tiny-qwen2", c => c["rope_scaling"] = new JsonObject { ["type"] = "yarn", ["factor"] = 4.0, ["original_max_position_embeddings"] = 32768 });
        var ex = Assert.Throws<NotSupportedException>(() => HfModel.Load(dir));
        Assert.That(ex!.Message, Does.Contain("'yarn'").And.Contain("linear"));
    }

    [Test]
    public void LinearRopeScalingDividesPositions()
    {
        // Linear scaling by 4 (DeepSeek-Coder) equals the unscaled model at positions divided by 4.
        string dir = WithConfig("tiny-llama", c => c["rope_scaling"] = new JsonObject { ["type"] = "linear", ["factor"] = 4.0 });
        var batch = DecoderFixtures.Load("tiny-llama", leftPadded: false);
        using var scaled = (ICausalLanguageModel)HfModel.Load(dir);
        using var plain = (ICausalLanguageModel)HfModel.Load(DecoderFixtures.Folder("tiny-llama"));
        Assert.That(scaled.Config.Decoder!.Rope, Is.EqualTo(RopeKind.Linear));
        int b = batch.Ids.GetLength(0), s = batch.Ids.GetLength(1);
        var quadrupled = new long[b, s];
        for (int r = 0; r < b; r++)
            for (int k = 0; k < s; k++) quadrupled[r, k] = 4 * k;
        var x = scaled.Forward(batch.Ids, batch.Mask, quadrupled).HiddenStates.Values;
        var y = plain.Forward(batch.Ids, batch.Mask, null).HiddenStates.Values;
        double max = 0;
        for (int l = 0; l < x.GetLength(0); l++)
            for (int r = 0; r < b; r++)
                for (int k = 0; k < s; k++)
                    for (int h = 0; h < x.GetLength(3); h++)
                        if (batch.Mask[r, k] == 1) max = Math.Max(max, Math.Abs(x[l, r, k, h] - y[l, r, k, h]));
        Assert.That(max, Is.LessThan(1e-4));
    }

    [Test]
    public void TransformersFiveRopeParametersAreRead()
    {
        string dir = WithConfig("tiny-qwen2", c =>
        {
            c.Remove("rope_theta");
            c.Remove("rope_scaling");
            c["rope_parameters"] = new JsonObject { ["rope_theta"] = 1000000.0, ["rope_type"] = "default" };
        });
        var config = HfModelConfig.Load(Path.Combine(dir, "config.json"));
        Assert.That(config.Decoder!.RopeTheta, Is.EqualTo(1e6));
        Assert.That(config.Decoder.Rope, Is.EqualTo(RopeKind.Default));
    }

    [Test]
    public void SlidingWindowHidesFarKeys()
    {
        // A window of 4 changes states only from the 5th token on (earlier queries see fewer than 4 keys anyway).
        string dir = WithConfig("tiny-starcoder2", c => c["sliding_window"] = 4);
        var batch = DecoderFixtures.Load("tiny-starcoder2", leftPadded: false);
        using var windowed = HfModel.Load(dir);
        using var full = HfModel.Load(DecoderFixtures.Folder("tiny-starcoder2"));
        var x = windowed.Forward(batch.Ids, batch.Mask).Values;
        var y = full.Forward(batch.Ids, batch.Mask).Values;
        int last = x.GetLength(0) - 1;
        for (int k = 0; k < 4; k++) Assert.That(x[last, 1, k, 0], Is.EqualTo(y[last, 1, k, 0]).Within(1e-6), $"token {k}");
        Assert.That(Math.Abs(x[last, 1, 10, 0] - y[last, 1, 10, 0]), Is.GreaterThan(1e-4), "token 10 sees only 4 keys");
    }

    [Test]
    public void GroupedQueryAttentionNeedsDivisibleHeads()
    {
        string dir = WithConfig("tiny-llama", c => c["num_key_value_heads"] = 3);
        var ex = Assert.Throws<InvalidDataException>(() => HfModel.Load(dir));
        Assert.That(ex!.Message, Does.Contain("num_key_value_heads"));
    }
}
