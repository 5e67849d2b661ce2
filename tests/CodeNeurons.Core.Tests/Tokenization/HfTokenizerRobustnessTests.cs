using System.Text;
using CodeNeurons.Tokenization;

namespace CodeNeurons.Tests.Tokenization;

/// <summary>Arbitrary text never throws and always gives well-formed encodings.</summary>
public sealed class HfTokenizerRobustnessTests
{
    private static readonly string[] Keys = ["tiny-roberta", "tiny-gpt2", "tiny-bert"];

    private static void AssertWellFormed(ICodeTokenizer tok, string text, bool addSpecial = true)
    {
        TokenEncoding enc = null!;
        Assert.DoesNotThrow(() => enc = tok.Encode(text, addSpecial));
        Assert.That(enc.Tokens, Has.Length.EqualTo(enc.Count));
        Assert.That(enc.Offsets, Has.Length.EqualTo(enc.Count));
        Assert.That(enc.SpecialTokensMask, Has.Length.EqualTo(enc.Count));
        for (int i = 0; i < enc.Count; i++)
        {
            Assert.That(enc.Ids[i], Is.InRange(0, tok.VocabSize - 1));
            Assert.That(tok.IdToToken(enc.Ids[i]), Is.EqualTo(enc.Tokens[i]));
            var (s, e) = enc.Offsets[i];
            Assert.That(s, Is.InRange(0, text.Length));
            Assert.That(e, Is.InRange(s, text.Length));
        }
    }

    private static string RandomText(Random rng, int length)
    {
        var sb = new StringBuilder();
        while (sb.Length < length)
        {
            switch (rng.Next(8))
            {
                case 0: sb.Append((char)rng.Next(0, 0x80)); break;                    // ASCII incl. NUL and controls
                case 1: sb.Append((char)rng.Next(0x80, 0xD800)); break;               // BMP
                case 2: sb.Append((char)rng.Next(0xD800, 0xE000)); break;             // lone surrogate
                case 3: sb.Append(char.ConvertFromUtf32(rng.Next(0x1F300, 0x1FAFF))); break; // emoji
                case 4: sb.Append(char.ConvertFromUtf32(rng.Next(0x10000, 0x10FFFF) is var c && c is >= 0xD800 and < 0xE000 ? 0x10000 : c)); break;
                case 5: sb.Append("<s></s><mask>[CLS][SEP]<|endoftext|>"[rng.Next(0, 30)..]); break;
                case 6: sb.Append(" \t\n\r\u00A0\u3000"[rng.Next(6)]); break;
                default: sb.Append("def f(x):\n    return x's 'll 42 é 中文 \u0301"); break;
            }
        }
        return sb.ToString();
    }

    [Test]
    public void RandomUnicodeNeverThrows()
    {
        var rng = new Random(1234);
        var texts = Enumerable.Range(0, 60).Select(i => RandomText(rng, rng.Next(0, 200))).ToList();
        foreach (var key in Keys)
        {
            var tok = HfTokenizerParityTests.Get(key);
            foreach (var t in texts)
            {
                AssertWellFormed(tok, t);
                AssertWellFormed(tok, t, addSpecial: false);
            }
        }
    }

    [TestCase("\0")]
    [TestCase("\uD800")]
    [TestCase("\uDC00x\uD83D")]
    [TestCase("a\uD83D\uDE00b")]
    [TestCase("   ")]
    [TestCase("\n\n\n")]
    [TestCase("'s'll're")]
    [TestCase("\u200B\uFEFF\u00AD")]
    public void EdgeCasesNeverThrow(string text)
    {
        foreach (var key in Keys) AssertWellFormed(HfTokenizerParityTests.Get(key), text);
    }

    [Test]
    public void VeryLongLinesAreFast()
    {
        var texts = new[]
        {
            new string('a', 100_000),
            new string(' ', 100_000),
            string.Concat(Enumerable.Repeat("x=1;", 25_000)),
            new string('\uD83D', 100_000),
        };
        foreach (var key in Keys)
            foreach (var t in texts)
                Assert.DoesNotThrow(() => HfTokenizerParityTests.Get(key).Encode(t));
    }

    [Test]
    public void WordLongerThanMaxCharsIsUnknownInBert()
    {
        var bert = HfTokenizerParityTests.Get("tiny-bert");
        var enc = bert.Encode(new string('a', 101), addSpecialTokens: false);
        Assert.That(enc.Ids, Is.EqualTo(new[] { bert.UnkTokenId!.Value }));
        Assert.That(enc.Offsets, Is.EqualTo(new[] { (0, 101) }));
        var ok = bert.Encode(new string('a', 100), addSpecialTokens: false);
        Assert.That(ok.Ids, Does.Not.Contain(bert.UnkTokenId!.Value));
    }

    [Test]
    public void MultiByteCharactersMapToWholeCharacterOffsets()
    {
        var gpt2 = HfTokenizerParityTests.Get("tiny-gpt2");
        string text = "a\U0001F600";
        var enc = gpt2.Encode(text);
        Assert.That(enc.Offsets.Skip(1), Is.All.EqualTo((1, 3)), "every byte token of the emoji spans its two UTF-16 units");
        Assert.That(enc.ToCodePointOffsets(text).Skip(1), Is.All.EqualTo((1, 2)), "one code point in HF terms");
        Assert.That(string.Concat(enc.Tokens), Is.EqualTo("a\u00F0\u0141\u013A\u0122"), "GPT-2 byte alphabet of F0 9F 98 80");
    }

    [Test]
    public void ConcurrentEncodingIsConsistent()
    {
        var tok = HfTokenizerParityTests.Get("tiny-roberta");
        var texts = HfTokenizerParityTests.Snippets("roberta").Select(s => s.Text).ToArray();
        var expected = texts.Select(t => tok.Encode(t).Ids).ToArray();
        Parallel.For(0, 200, i => Assert.That(tok.Encode(texts[i % texts.Length]).Ids, Is.EqualTo(expected[i % texts.Length])));
    }
}
