using System.Text.Json;
using CodeNeurons.Tokenization;

namespace CodeNeurons.Tests.Tokenization;

/// <summary>Exact parity with Hugging Face fast tokenizers on the reference snippets.</summary>
public sealed class HfTokenizerParityTests
{
    internal sealed record Expected(string Text, int[] Ids, string[] Tokens, (int, int)[] Offsets);

    internal static string Dir(params string[] parts) => TestData.Fixture(["hf-tokenizers", .. parts]);

    internal static List<Expected> Snippets(string flavor)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Dir("tokenizer_expected.json")));
        var list = new List<Expected>();
        foreach (var s in doc.RootElement.GetProperty(flavor).EnumerateArray())
        {
            list.Add(new Expected(
                s.GetProperty("text").GetString()!,
                s.GetProperty("input_ids").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
                s.GetProperty("tokens").EnumerateArray().Select(e => e.GetString()!).ToArray(),
                s.GetProperty("offsets").EnumerateArray().Select(e => (e[0].GetInt32(), e[1].GetInt32())).ToArray()));
        }
        return list;
    }

    private static readonly Dictionary<string, ICodeTokenizer> Cache = new();

    internal static ICodeTokenizer Get(string key)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(key, out var t))
            {
                t = key switch
                {
                    "roberta-files" => HfTokenizer.FromBpeFiles(Dir("bpe", "vocab.json"), Dir("bpe", "merges.txt"), TokenizerFlavor.Roberta),
                    "gpt2-files" => HfTokenizer.FromBpeFiles(Dir("bpe", "vocab.json"), Dir("bpe", "merges.txt"), TokenizerFlavor.Gpt2),
                    "bert-files" => HfTokenizer.FromWordPieceVocab(Dir("wordpiece", "vocab.txt"), lowercase: false),
                    _ when key.EndsWith("|legacy", StringComparison.Ordinal) => HfTokenizer.Load(Dir(key[..^7]), preferTokenizerJson: false),
                    _ when key.EndsWith("|json", StringComparison.Ordinal) => HfTokenizer.FromTokenizerJson(Dir(key[..^5], "tokenizer.json")),
                    _ => HfTokenizer.Load(Dir(key)),
                };
                Cache[key] = t;
            }
            return t;
        }
    }

    private static void AssertSame(ICodeTokenizer tok, Expected e)
    {
        var enc = tok.Encode(e.Text);
        Assert.Multiple(() =>
        {
            Assert.That(enc.Ids, Is.EqualTo(e.Ids), "ids");
            Assert.That(enc.Tokens, Is.EqualTo(e.Tokens), "tokens");
            Assert.That(enc.Offsets.Select(o => (o.Start, o.End)).ToArray(), Is.EqualTo(e.Offsets), "offsets");
            Assert.That(enc.SpecialTokensMask, Has.Length.EqualTo(e.Ids.Length));
        });
    }

    private static IEnumerable<TestCaseData> Cases(string flavor, params string[] tokenizers)
    {
        foreach (var t in tokenizers)
            for (int i = 0; i < 5; i++)
                yield return new TestCaseData(flavor, t, i).SetName($"{flavor} via {t} #{i}");
    }

    private static IEnumerable<TestCaseData> AllCases()
        => Cases("roberta", "roberta-files", "tiny-roberta", "tiny-roberta|legacy", "tiny-roberta|json", "tiny-t5-encoder", "tiny-t5-encoder|legacy")
            .Concat(Cases("gpt2", "gpt2-files", "tiny-gpt2", "tiny-gpt2|legacy", "tiny-gpt2|json"))
            .Concat(Cases("bert", "bert-files", "tiny-bert", "tiny-bert|legacy", "tiny-bert|json"));

    [TestCaseSource(nameof(AllCases))]
    public void MatchesHuggingFace(string flavor, string tokenizer, int snippet)
    {
        var snippets = Snippets(flavor);
        Assert.That(snippets, Has.Count.EqualTo(5));
        AssertSame(Get(tokenizer), snippets[snippet]);
    }

    [Test]
    public void SpecialTokenIdsAndFlavours()
    {
        var r = Get("tiny-roberta");
        Assert.Multiple(() =>
        {
            Assert.That(r.Flavor, Is.EqualTo(TokenizerFlavor.Roberta));
            Assert.That((r.BosTokenId, r.PadTokenId, r.EosTokenId, r.UnkTokenId, r.MaskTokenId), Is.EqualTo(((int?)0, (int?)1, (int?)2, (int?)3, (int?)4)));
            Assert.That((r.ClsTokenId, r.SepTokenId), Is.EqualTo(((int?)0, (int?)2)));
            Assert.That(r.VocabSize, Is.EqualTo(600));
        });
        var b = Get("tiny-bert");
        Assert.Multiple(() =>
        {
            Assert.That(b.Flavor, Is.EqualTo(TokenizerFlavor.Bert));
            Assert.That((b.PadTokenId, b.UnkTokenId, b.ClsTokenId, b.SepTokenId, b.MaskTokenId), Is.EqualTo(((int?)0, (int?)1, (int?)2, (int?)3, (int?)4)));
            Assert.That(b.BosTokenId, Is.Null);
        });
        foreach (var key in new[] { "tiny-gpt2", "tiny-gpt2|legacy", "tiny-gpt2|json" })
        {
            var g = Get(key);
            Assert.Multiple(() =>
            {
                Assert.That(g.Flavor, Is.EqualTo(TokenizerFlavor.Gpt2), key);
                Assert.That(g.EosTokenId, Is.EqualTo(600), key);
                Assert.That(g.BosTokenId, Is.EqualTo(600), key);
                Assert.That(g.PadTokenId, Is.Null, key);
                Assert.That(g.VocabSize, Is.EqualTo(601), key);
                Assert.That(g.IdToToken(600), Is.EqualTo("<|endoftext|>"), key);
            });
        }
        Assert.That(Get("tiny-t5-encoder").Flavor, Is.EqualTo(TokenizerFlavor.Roberta));
    }

    [Test]
    public void SpecialTokensMaskAndNoSpecials()
    {
        var r = Get("tiny-roberta");
        var with = r.Encode("x = 1");
        var without = r.Encode("x = 1", addSpecialTokens: false);
        Assert.Multiple(() =>
        {
            Assert.That(with.SpecialTokensMask, Is.EqualTo(new[] { 1, 0, 0, 0, 1 }));
            Assert.That(without.Ids, Is.EqualTo(with.Ids[1..^1]));
            Assert.That(without.SpecialTokensMask, Is.All.EqualTo(0));
            Assert.That(r.Encode("").Ids, Is.EqualTo(new[] { 0, 2 }));
            Assert.That(Get("tiny-gpt2").Encode("").Ids, Is.Empty);
            Assert.That(Get("tiny-bert").Encode("").Ids, Is.EqualTo(new[] { 2, 3 }));
        });
    }

    [Test]
    public void SpecialTokenInTextIsSplitOut()
    {
        var r = Get("tiny-roberta");
        var enc = r.Encode("a<mask>b", addSpecialTokens: false);
        Assert.Multiple(() =>
        {
            Assert.That(enc.Tokens, Is.EqualTo(new[] { "a", "<mask>", "b" }));
            Assert.That(enc.Offsets, Is.EqualTo(new[] { (0, 1), (1, 7), (7, 8) }));
        });
        var b = Get("tiny-bert").Encode("x [SEP] y", addSpecialTokens: false);
        Assert.That(b.Ids[1], Is.EqualTo(3));
    }
}
