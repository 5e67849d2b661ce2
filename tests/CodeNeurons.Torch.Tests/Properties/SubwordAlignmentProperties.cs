using CodeNeurons.Data;
using CodeNeurons.Tests.Properties;
using CodeNeurons.Tokenization;
using CodeNeurons.Torch.Extraction;
using CsCheck;

namespace CodeNeurons.Tests.Torch.Properties;

/// <summary>
/// Subword → code-token alignment over random code and random WordPiece vocabularies (and the fixture BPE tokenizers):
/// every character of every code token is covered by exactly one subword range (byte-level BPE may give one character's
/// bytes several subwords with that same range), that subword belongs to a token it overlaps,
/// every token gets at least one subword, and with whitespace between tokens each token's own subwords cover its
/// characters exactly once (nothing borrowed).
/// </summary>
public sealed class SubwordAlignmentProperties
{
    private static readonly string[] Pieces =
        ["int", "x", "y1", "return", "=", "==", "(", ")", "{", "}", ";", ".", "\"s\"", "'c'", "0x1F", "3.14", "_a", "é", "Ünï", "漢字", "😀", "->", "+=", "#", "//", "ab", "cd", "ef"];

    private static readonly string[] Whitespace = [" ", "  ", "\t", "\n", " \n    ", "\r\n"];

    /// <summary>Code: 1..12 tokens, each 1..3 pieces; whitespace or nothing between tokens.</summary>
    private static (string Text, TokenSpan[] Tokens, bool Separated) Code(Random rng)
    {
        bool separated = rng.Next(2) == 0;
        var text = new System.Text.StringBuilder();
        var spans = new List<TokenSpan>();
        if (rng.Next(3) == 0) text.Append(Whitespace[rng.Next(Whitespace.Length)]);
        int count = rng.Next(1, 13);
        for (int t = 0; t < count; t++)
        {
            if (t > 0 && (separated || rng.Next(2) == 0)) text.Append(Whitespace[rng.Next(Whitespace.Length)]);
            string token = string.Concat(Enumerable.Range(0, rng.Next(1, 4)).Select(_ => Pieces[rng.Next(Pieces.Length)]));
            spans.Add(new TokenSpan(text.Length, token.Length));
            text.Append(token);
        }
        return (text.ToString(), [.. spans], separated);
    }

    /// <summary>A random WordPiece vocabulary: the special tokens, some single characters, some words and ## continuations.</summary>
    private static HfTokenizer RandomWordPiece(Random rng)
    {
        var chars = Pieces.SelectMany(p => p.ToLowerInvariant()).Distinct().Select(c => c.ToString()).ToArray();
        var vocab = new List<string> { "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]" };
        foreach (var c in chars) { if (rng.Next(3) > 0) vocab.Add(c); if (rng.Next(3) > 0) vocab.Add("##" + c); }
        foreach (var p in Pieces) { if (rng.Next(2) == 0) vocab.Add(p.ToLowerInvariant()); if (rng.Next(3) == 0) vocab.Add("##" + p.ToLowerInvariant()); }
        return HfTokenizer.FromWordPieceVocab(vocab.Distinct(), "random vocab", lowercase: rng.Next(2) == 0);
    }

    private static readonly Lazy<HfTokenizer[]> FixtureTokenizers = new(() =>
        new[] { "tiny-roberta", "tiny-gpt2", "tiny-bert" }.Select(n => HfTokenizer.Load(TestData.Fixture("hf-tokenizers", n))).ToArray());

    private static readonly Gen<(int Seed, int Tokenizer)> Cases = Gen.Select(Gen.Int[0, int.MaxValue], Gen.Int[0, 3]);

    [Test]
    public void AlignmentCoversEveryCharacterOfEveryTokenOnce() => PropertyRunner.ForAll(Cases, c =>
    {
        var rng = new Random(c.Seed);
        var (text, tokens, separated) = Code(rng);
        var tokenizer = c.Tokenizer == 3 ? RandomWordPiece(rng) : FixtureTokenizers.Value[c.Tokenizer];
        var encoding = tokenizer.Encode(text, addSpecialTokens: false);
        var offsets = encoding.Offsets;
        var result = SubwordAligner.Align(text, tokens, offsets, () => $"'{text}'");

        Assert.That(result.TokenSubwords, Has.Length.EqualTo(tokens.Length));
        for (int t = 0; t < tokens.Length; t++)
        {
            Assert.That(result.TokenSubwords[t], Is.Not.Empty.And.Ordered.And.Unique, $"token {t}");
            for (int p = tokens[t].Start; p < tokens[t].End; p++)
            {
                if (char.IsLowSurrogate(text[p])) continue; // a surrogate pair is one character; its high half was checked
                // Byte-level BPE splits one character's UTF-8 bytes into several subwords with the same offsets: they
                // count as one covering range, and must share their owner.
                var covering = Enumerable.Range(0, offsets.Length).Where(i => offsets[i].Start <= p && p < offsets[i].End).ToArray();
                Assert.That(covering.Select(i => offsets[i]).Distinct().Count(), Is.EqualTo(1),
                    $"character {p} ('{text[p]}') of token {t} is covered by subwords [{string.Join(",", covering)}] of {Show(encoding)}");
                int owner = result.Owner[covering[0]];
                Assert.That(covering.Select(i => result.Owner[i]), Is.All.EqualTo(owner), $"the subwords of character {p} share their owner");
                Assert.That(owner, Is.GreaterThanOrEqualTo(0), $"subword {covering[0]} covers token {t} but has no owner");
                Assert.That(Overlaps(tokens[owner], offsets[covering[0]]), Is.True, "a subword's owner overlaps it");
            }
        }
        for (int i = 0; i < offsets.Length; i++)
            if (result.Owner[i] >= 0) Assert.That(result.TokenSubwords[result.Owner[i]], Does.Contain(i), $"subword {i} is in its owner's list");
        if (separated)
        {
            Assert.That(result.Borrowed, Is.Zero, "whitespace between tokens: no token borrows");
            for (int t = 0; t < tokens.Length; t++)
            {
                var covered = result.TokenSubwords[t].Select(i => offsets[i]).Distinct()
                    .SelectMany(o => Enumerable.Range(o.Start, o.End - o.Start))
                    .Where(p => !char.IsWhiteSpace(text[p])).Order().ToArray();
                Assert.That(covered, Is.EqualTo(Enumerable.Range(tokens[t].Start, tokens[t].Length)), $"token {t}'s own subwords cover it exactly once");
            }
        }
    }, iterations: 200, stream: 41);

    private static bool Overlaps(TokenSpan t, (int Start, int End) o) => Math.Min(t.End, o.End) > Math.Max(t.Start, o.Start);

    private static string Show(TokenEncoding e) => string.Join(" ", e.Tokens.Zip(e.Offsets, (t, o) => $"{t}@{o.Start}-{o.End}"));
}
