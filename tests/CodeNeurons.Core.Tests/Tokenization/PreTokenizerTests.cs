using CodeNeurons.Tokenization;

namespace CodeNeurons.Tests.Tokenization;

/// <summary>The hand-written GPT-2 regex and BERT normalizer on cases the fixtures do not cover.</summary>
public sealed class PreTokenizerTests
{
    private static string[] Split(string text)
    {
        var output = new List<Piece>();
        ByteLevel.PreTokenize(Piece.FromOriginal(text, 0, text.Length), addPrefixSpace: false, useRegex: true, output);
        return output.Select(p => text[p.Starts[0]..p.Ends[^1]]).ToArray();
    }

    [TestCase("hello world", new[] { "hello", " world" })]
    [TestCase("it's we'll I'M", new[] { "it", "'s", " we", "'ll", " I", "'", "M" })]
    [TestCase("a  b", new[] { "a", " ", " b" })]
    [TestCase("a \nb", new[] { "a", " ", "\n", "b" })]
    [TestCase("x   ", new[] { "x", "   " })]
    [TestCase("f(x)==42", new[] { "f", "(", "x", ")==", "42" })]
    [TestCase(" 3.5 !?", new[] { " 3", ".", "5", " !?" })]
    [TestCase("\U0001D465y", new[] { "\U0001D465y" })] // astral letter (math italic x) is \p{L}
    [TestCase("a\U0001F600!", new[] { "a", "\U0001F600!" })]
    public void Gpt2RegexSplits(string text, string[] expected) => Assert.That(Split(text), Is.EqualTo(expected));

    [Test]
    public void BertNormalizerCjkLowercaseAccents()
    {
        var n = BertText.Normalize(Piece.FromOriginal("Ä中\u0000İ", 0, 4), new BertNormalizerOptions(true, true, null, true));
        Assert.That(n.Text, Is.EqualTo("a 中 i"), "NFD then Mn removed, then lower-cased");
        Assert.That(n.Starts, Is.EqualTo(new[] { 0, 1, 1, 1, 3 }));
        var noStrip = BertText.Normalize(Piece.FromOriginal("İ한", 0, 2), new BertNormalizerOptions(true, true, false, true));
        Assert.That(noStrip.Text, Is.EqualTo("i\u0307한"), "full lower-case mapping of İ, as Rust's to_lowercase");
        var hangul = BertText.Normalize(Piece.FromOriginal("한", 0, 1), new BertNormalizerOptions(true, true, true, false));
        Assert.That(hangul.Text, Is.EqualTo("\u1112\u1161\u11AB"), "Hangul syllables decompose algorithmically");
        var cased = BertText.Normalize(Piece.FromOriginal("Ä\tb", 0, 3), new BertNormalizerOptions(true, true, null, false));
        Assert.That(cased.Text, Is.EqualTo("Ä b"));
    }
}
