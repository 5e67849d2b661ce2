using System.Text.Json;
using System.Text.Json.Nodes;
using CodeNeurons.Data;
using CodeNeurons.Torch.Extraction;
using CodeNeurons.Torch.Models;
using TorchSharp;

namespace CodeNeurons.Tests.Decoders;

/// <summary>
/// Streamed rotary decoders (<see cref="ModelLoadOptions.StreamLayers"/>: block weights read from the memory-mapped
/// checkpoint per forward pass) and state selection compute exactly what the eager model computes.
/// </summary>
[TestFixture]
public sealed class DecoderStreamingTests : TempDirectoryTest
{
    private static readonly ModelLoadOptions Streamed = new() { StreamLayers = true };

    [TestCaseSource(typeof(DecoderFixtures), nameof(DecoderFixtures.Models))]
    public void StreamedModelEqualsTheEagerModel(string model)
    {
        // Same operations on the same float32 weights: bit-identical states and logits (the fixtures' 1e-4 parity carries over).
        var batch = DecoderFixtures.Load(model, leftPadded: true);
        using var streamed = (ICausalLanguageModel)HfModel.Load(DecoderFixtures.Folder(model), Streamed);
        using var eager = (ICausalLanguageModel)HfModel.Load(DecoderFixtures.Folder(model));
        Assert.That(((TorchHiddenStatesModel)streamed).Streams, Is.True);
        Assert.That(((TorchHiddenStatesModel)eager).Streams, Is.False);
        var a = streamed.Forward(batch.Ids, batch.Mask, null);
        var b = eager.Forward(batch.Ids, batch.Mask, null);
        Assert.That(a.HiddenStates.Values, Is.EqualTo(b.HiddenStates.Values));
        Assert.That(a.Logits, Is.EqualTo(b.Logits));
    }

    [TestCaseSource(typeof(DecoderFixtures), nameof(DecoderFixtures.Models))]
    public void ShardedBFloat16CheckpointStreamsAsItLoads(string model)
    {
        // bf16 shards written by SafeTensorsWriter plus an index: streamed and eager loads widen the same bf16 weights.
        string dir = Path.Combine(TempDir, model);
        DecoderFixtures.CopyFolder(model, dir, weights: false);
        var all = SafeTensorsReader.Read(Path.Combine(DecoderFixtures.Folder(model), "model.safetensors"));
        var map = new JsonObject();
        var names = all.Keys.Order(StringComparer.Ordinal).ToList();
        for (int s = 0; s < 2; s++)
        {
            string file = $"model-0000{s + 1}-of-00002.safetensors";
            var part = names.Where((_, i) => i % 2 == s).ToDictionary(n => n, n => all[n]);
            SafeTensorsWriter.Write(Path.Combine(dir, file), part, ModelDType.BFloat16);
            foreach (var n in part.Keys) map[n] = file;
        }
        File.WriteAllText(Path.Combine(dir, "model.safetensors.index.json"), new JsonObject { ["weight_map"] = map }.ToJsonString());

        var batch = DecoderFixtures.Load(model, leftPadded: false);
        using var streamed = HfModel.Load(dir, Streamed);
        using var eager = HfModel.Load(dir);
        using var fp32 = HfModel.Load(DecoderFixtures.Folder(model));
        var a = streamed.Forward(batch.Ids, batch.Mask).Values;
        Assert.That(a, Is.EqualTo(eager.Forward(batch.Ids, batch.Mask).Values));
        // And the weights really are the rounded ones: the embeddings (state 0) differ from float32's by bf16 rounding only.
        var f = fp32.Forward(batch.Ids, batch.Mask).Values;
        double maxDiff = 0, scale = 0;
        for (int r = 0; r < a.GetLength(1); r++)
            for (int s = 0; s < a.GetLength(2); s++)
                for (int h = 0; h < a.GetLength(3); h++)
                {
                    maxDiff = Math.Max(maxDiff, Math.Abs(a[0, r, s, h] - f[0, r, s, h]));
                    scale = Math.Max(scale, Math.Abs(f[0, r, s, h]));
                }
        Assert.That(maxDiff, Is.GreaterThan(0).And.LessThanOrEqualTo(Math.Pow(2, -8) * scale));
    }

    [Test]
    public void SelectedStatesEqualTheFullForwardAndLaterBlocksAreSkipped()
    {
        var batch = DecoderFixtures.Load("tiny-llama", leftPadded: false);
        using var model = (TorchHiddenStatesModel)HfModel.Load(DecoderFixtures.Folder("tiny-llama"), Streamed);
        var full = model.Forward(batch.Ids, batch.Mask).Values;
        int last = full.GetLength(0) - 1;
        foreach (var keep in new[] { new[] { 1, 0 }, new[] { last, 1 }, new[] { last } })
        {
            var seen = new List<int>();
            model.LayerHook = (i, t) => { seen.Add(i); return t; };
            var part = model.Forward(batch.Ids, batch.Mask, keep).Values;
            model.LayerHook = null;
            Assert.That(part.GetLength(0), Is.EqualTo(keep.Length));
            for (int k = 0; k < keep.Length; k++)
                for (int r = 0; r < full.GetLength(1); r++)
                    for (int s = 0; s < full.GetLength(2); s++)
                        for (int h = 0; h < full.GetLength(3); h++)
                            Assert.That(part[k, r, s, h], Is.EqualTo(full[keep[k], r, s, h]), $"keep [{string.Join(", ", keep)}] state {keep[k]}");
            Assert.That(seen.Max(), Is.EqualTo(keep.Max()), "blocks after the last state asked for do not run");
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Forward(batch.Ids, batch.Mask, [last + 1]));
        Assert.That(model.Forward(batch.Ids, batch.Mask).LayerCount, Is.EqualTo(last + 1), "the block limit is restored");
    }

    [TestCaseSource(typeof(DecoderFixtures), nameof(DecoderFixtures.Models))]
    public void StreamingExtractionOfChosenLayersEqualsEagerExtraction(string model)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(TestData.Fixture("hf-decoders", "tokenizer_expected.json")));
        var snippets = doc.RootElement.GetProperty(model["tiny-".Length..]).EnumerateArray()
            .Select(e => new CodeSnippet(e.GetProperty("text").GetString()!)).Where(s => s.ResolveTokens().Count > 0).Take(4).ToList();
        using var eager = TransformerActivationSource.Load(DecoderFixtures.Folder(model), new() { BatchSize = 3 });
        using var streamed = TransformerActivationSource.Load(DecoderFixtures.Folder(model), new() { BatchSize = 3, StreamLayers = true, Layers = [2, 0] });
        var all = eager.Extract(snippets);
        var chosen = streamed.Extract(snippets);
        int d = all.Layout.NeuronsPerLayer;
        Assert.That(chosen.Layout, Is.EqualTo(LayerLayout.Create(2, d)));
        Assert.That(chosen.Tokens, Is.EqualTo(all.Tokens));
        for (int r = 0; r < all.Rows; r++)
        {
            var a = all.Row(r);
            var c = chosen.Row(r);
            Assert.That(c[..d].ToArray(), Is.EqualTo(a.Slice(2 * d, d).ToArray()), $"row {r}, layer 2");
            Assert.That(c[d..].ToArray(), Is.EqualTo(a[..d].ToArray()), $"row {r}, layer 0");
        }
    }

    [Test]
    public void StreamingIsRefusedWhereItIsNotSupported()
    {
        var ex = Assert.Throws<NotSupportedException>(() => HfModel.Load(TestData.Fixture("hf-models", "tiny-roberta"), Streamed));
        Assert.That(ex!.Message, Does.Contain("StreamLayers").And.Contain("roberta"));
    }
}
