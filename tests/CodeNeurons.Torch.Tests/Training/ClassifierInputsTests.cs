using CodeNeurons.Tokenization;
using CodeNeurons.Torch.Models;
using CodeNeurons.Torch.Training;

namespace CodeNeurons.Tests.Training;

[TestFixture]
public sealed class ClassifierInputsTests
{
    private static (HfTokenizer Tokenizer, ClassifierInputs Inputs) Load(string model, int maxLength)
    {
        string folder = TestData.Fixture("hf-models", model);
        var tokenizer = HfTokenizer.Load(folder);
        return (tokenizer, new ClassifierInputs(tokenizer, HfModelConfig.Load(Path.Combine(folder, "config.json")), maxLength, collapseWhitespace: false));
    }

    [TestCase("tiny-bert")]
    [TestCase("tiny-roberta")]
    [TestCase("tiny-gpt2")]
    public void PairsAreOneConcatenatedInputAsTransformersBuildsThem(string model)
    {
        var (tok, inputs) = Load(model, 64);
        int[] a = tok.Encode("x = 1", false).Ids, b = tok.Encode("return y", false).Ids;
        var ids = inputs.Encode(new ClassificationExample("x = 1", "return y", 1));
        int[] expected = model switch
        {
            "tiny-bert" => [tok.ClsTokenId!.Value, .. a, tok.SepTokenId!.Value, .. b, tok.SepTokenId!.Value],
            "tiny-roberta" => [tok.BosTokenId!.Value, .. a, tok.EosTokenId!.Value, tok.EosTokenId!.Value, .. b, tok.EosTokenId!.Value],
            _ => [.. a, .. b],
        };
        Assert.That(ids, Is.EqualTo(expected));
        Assert.That(inputs.Encode(new ClassificationExample("x = 1", null, 0)), Is.EqualTo(tok.Encode("x = 1", true).Ids));
    }

    [Test]
    public void LongInputsAreCutLongestFirstKeepingTheSpecials()
    {
        var (tok, inputs) = Load("tiny-roberta", 12);
        string longText = string.Join(' ', Enumerable.Repeat("alpha beta", 20));
        var single = inputs.Encode(new ClassificationExample(longText, null, 0));
        Assert.That(single, Has.Length.EqualTo(12));
        Assert.That((single[0], single[^1]), Is.EqualTo((tok.BosTokenId, tok.EosTokenId)));
        var pair = inputs.Encode(new ClassificationExample(longText, "y", 0));
        int[] b = tok.Encode("y", false).Ids;
        Assert.That(pair, Has.Length.EqualTo(12));
        Assert.That(pair[^(b.Length + 1)..^1], Is.EqualTo(b), "the short text is kept whole; the long one is cut");
    }

    // Expected lengths: the table in Hugging Face tokenizers' own test of truncate_encodings (utils/truncation.rs,
    // max_length 7; inputs of 0, 2, 4 and 8 tokens), i.e. what BertTokenizerFast / RobertaTokenizerFast produce.
    [TestCase(0, 0, 0, 0)]
    [TestCase(0, 8, 0, 7)]
    [TestCase(2, 2, 2, 2)]
    [TestCase(2, 8, 2, 5)]
    [TestCase(4, 4, 3, 4)]
    [TestCase(4, 8, 3, 4)]
    [TestCase(8, 0, 7, 0)]
    [TestCase(8, 2, 5, 2)]
    [TestCase(8, 4, 4, 3)]
    [TestCase(8, 8, 3, 4)]
    public void PairCutsMatchTheFastTokenizersLongestFirst(int first, int second, int keptFirst, int keptSecond) =>
        Assert.That(ClassifierInputs.PairLengths(first, second, 7), Is.EqualTo((keptFirst, keptSecond)));

    [Test]
    public void TheLongerFirstTextKeepsTheOddTokenWhenBothAreCut()
    {
        // tiny-bert: [CLS] a [SEP] b [SEP], so 3 specials; 10 tokens leave a budget of 7 for the two texts.
        var (tok, inputs) = Load("tiny-bert", 10);
        string first = "a b c d e f g h", second = "a b c d";
        int[] a = tok.Encode(first, false).Ids, b = tok.Encode(second, false).Ids;
        Assume.That((a.Length, b.Length), Is.EqualTo((8, 4)), "the tiny vocabulary splits these one token per letter");
        var ids = inputs.Encode(new ClassificationExample(first, second, 1));
        int[] expected = [tok.ClsTokenId!.Value, .. a[..4], tok.SepTokenId!.Value, .. b[..3], tok.SepTokenId!.Value];
        Assert.That(ids, Is.EqualTo(expected));
    }
}
