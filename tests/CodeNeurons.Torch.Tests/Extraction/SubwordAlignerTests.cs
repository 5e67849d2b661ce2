using CodeNeurons.Data;
using CodeNeurons.Torch.Extraction;

namespace CodeNeurons.Tests.Extraction;

[TestFixture]
public sealed class SubwordAlignerTests
{
    private static SubwordAligner.Result Align(string text, TokenSpan[] tokens, params (int, int)[] offsets) =>
        SubwordAligner.Align(text, tokens, offsets, () => "Snippet 7");

    [Test]
    public void LeadingSpaceOfGpt2OffsetsIsTrimmedAndWhitespaceSubwordsBelongToNoToken()
    {
        // "x  y\n": 'x' [0,1), 'Ġ' [1,2), 'Ġy' [2,4), 'Ċ' [4,5)
        var r = Align("x  y\n", [new(0, 1), new(3, 1)], (0, 1), (1, 2), (2, 4), (4, 5));
        Assert.That(r.Owner, Is.EqualTo(new[] { 0, -1, 1, -1 }));
        Assert.That(r.TokenSubwords, Is.EqualTo(new[] { new[] { 0 }, new[] { 2 } }));
        Assert.That(r.Borrowed, Is.Zero);
    }

    [Test]
    public void ATokenWithoutOwnSubwordBorrowsTheOverlappingOrNearestOne()
    {
        // One subword "ab" covers two code tokens: the tie goes to 'a'; 'b' borrows it.
        var r = Align("ab", [new(0, 1), new(1, 1)], (0, 2));
        Assert.That(r.TokenSubwords, Is.EqualTo(new[] { new[] { 0 }, new[] { 0 } }));
        Assert.That(r.Borrowed, Is.EqualTo(1));
        // A token whose characters the tokenizer dropped (offsets skip it) takes the nearest subword, the earlier on ties.
        r = Align("a \u200b b", [new(0, 1), new(2, 1), new(4, 1)], (0, 1), (4, 5));
        Assert.That(r.TokenSubwords[1], Is.EqualTo(new[] { 0 }));
        Assert.That(r.Borrowed, Is.EqualTo(1));
    }

    [Test]
    public void NoSubwordAtAllIsAnErrorNamingSnippetAndToken()
    {
        var ex = Assert.Throws<ArgumentException>(() => Align("\u200b", [new(0, 1)]));
        Assert.That(ex!.Message, Does.Contain("Snippet 7").And.Contain("code token 0"));
    }
}
