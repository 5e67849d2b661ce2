using System.Text.Json;
using CodeNeurons.Data;
using CodeNeurons.Torch.Extraction;

namespace CodeNeurons.Tests.Decoders;

/// <summary>The rotary decoders as <see cref="IActivationSource"/>s: tokenizer + model from the folder, rows equal to the references.</summary>
[TestFixture]
public sealed class DecoderExtractionTests
{
    private static string[] Texts(string family)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(TestData.Fixture("hf-decoders", "tokenizer_expected.json")));
        return [.. doc.RootElement.GetProperty(family).EnumerateArray().Select(e => e.GetProperty("text").GetString()!)];
    }

    [TestCaseSource(typeof(DecoderFixtures), nameof(DecoderFixtures.Models))]
    public void SubwordRowsMatchTheReference(string model)
    {
        // Per-subword rows (special tokens included) of the three reference snippets, batched and padded by the source itself.
        var batch = DecoderFixtures.Load(model, leftPadded: false);
        var expected = batch.Tensors["hidden_states"];
        var texts = Texts(model["tiny-".Length..])[..3];
        using var source = TransformerActivationSource.Load(DecoderFixtures.Folder(model), new() { Aggregation = TokenAggregation.None, IncludeSpecialTokens = true, BatchSize = 2 });
        Assert.That(source.ModelConfig.IsCausal, Is.True);
        var set = source.Extract(texts.Select(t => new CodeSnippet(t)).ToList());
        long[] shape = expected.Shape;
        int layers = (int)shape[0], b = (int)shape[1], s = (int)shape[2], h = (int)shape[3];
        Assert.That(set.Layout, Is.EqualTo(LayerLayout.Create(layers, h)));
        int row = 0;
        double maxAbs = 0;
        for (int r = 0; r < b; r++)
        {
            int real = Enumerable.Range(0, s).Count(k => batch.Mask[r, k] == 1);
            var enc = source.Tokenizer.Encode(texts[r]);
            Assert.That(enc.Ids.Select(i => (long)i), Is.EqualTo(Enumerable.Range(0, real).Select(k => batch.Ids[r, k])), $"ids of snippet {r}");
            for (int k = 0; k < real; k++, row++)
            {
                Assert.That(set.Tokens![row], Is.EqualTo(enc.Tokens[k]));
                var values = set.Row(row);
                for (int l = 0; l < layers; l++)
                    for (int j = 0; j < h; j++)
                        maxAbs = Math.Max(maxAbs, Math.Abs(values[l * h + j] - expected.Data[((l * b + r) * s + k) * h + j]));
            }
        }
        Assert.That(row, Is.EqualTo(set.Rows));
        TestContext.Out.WriteLine($"{model}: max abs {maxAbs:E2}");
        Assert.That(maxAbs, Is.LessThanOrEqualTo(1e-4));
    }

    [TestCaseSource(typeof(DecoderFixtures), nameof(DecoderFixtures.Models))]
    public void CodeTokensAlignThroughOffsets(string model)
    {
        // Whitespace-separated code tokens; every code token gets one row, whatever the subwords (▁, Ġ, byte fallback).
        const string python = "def área(r):\n    return 3.14 * r ** 2  # π r²\n";
        const string java = "int max(int a, int b) {\n\treturn a > b ? a : b;\n}";
        var snippets = new[] { new CodeSnippet(python), new CodeSnippet(java) };
        using var source = TransformerActivationSource.Load(DecoderFixtures.Folder(model), new() { Aggregation = TokenAggregation.Average });
        var set = source.Extract(snippets);
        var expectedLabels = snippets.SelectMany(sn => sn.ResolveTokens().Select(t => sn.Text.Substring(t.Start, t.Length))).ToArray();
        Assert.That(set.Tokens, Is.EqualTo(expectedLabels));
        Assert.That(source.LastStatistics!.TokensWithoutOwnSubword, Is.Zero);
    }

    [Test]
    public void WindowsOfACausalDecoderTakeTheFirstWindow()
    {
        // A long snippet in windows of 8 subwords: causal models take each subword from the first window holding it.
        using var source = TransformerActivationSource.Load(DecoderFixtures.Folder("tiny-qwen2"), new() { Aggregation = TokenAggregation.None, MaxLength = 8, WindowOverlap = 4 });
        string text = string.Join("\n", Enumerable.Range(0, 6).Select(i => $"x{i} = y + {i}"));
        var set = source.Extract([new CodeSnippet(text)]);
        Assert.That(source.LastStatistics!.WindowedSnippets, Is.EqualTo(1));
        Assert.That(set.Rows, Is.EqualTo(source.Tokenizer.Encode(text).Count));
    }
}
