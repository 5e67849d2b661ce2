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
}
