using CodeNeurons.Data;
using CodeNeurons.Formats;
using CodeNeurons.Tests.Contracts;
using CodeNeurons.Torch.Extraction;

namespace CodeNeurons.Tests.Extraction;

/// <summary>The activation-source contract on <see cref="TransformerActivationSource"/> (tiny RoBERTa, CPU), and its parity with <see cref="ActivationFileSource"/>.</summary>
[TestFixture]
public sealed class TransformerActivationSourceContractTests : ActivationSourceContract
{
    private static readonly string[] Lines = ["int x = 1 ;", "return x + y * 2 ;", "if ( a ) { b ( ) ; }"];

    protected override IActivationSource CreateSource() =>
        TransformerActivationSource.Load(ExtractionTestUtil.ModelFolder("tiny-roberta"), new TransformerExtractionOptions { BatchSize = 2 });

    protected override IReadOnlyList<CodeSnippet> Snippets() => [.. Lines.Select(l => new CodeSnippet(l))];

    /// <summary>Padding inside a batch changes the float rounding of attention, not the values beyond it.</summary>
    protected override double Tolerance => 1e-5;

    [Test]
    public void AFileWrittenFromTheModelServesTheSameRows()
    {
        using var model = CreateSource();
        var extracted = model.Extract(Snippets());
        using var stored = new ActivationFileSource(extracted, "in-memory extraction");
        var again = stored.Extract([Snippets()[2], Snippets()[0]]);
        var direct = model.Extract([Snippets()[2], Snippets()[0]]);
        Assert.That(again.Values.ToArray(), Is.EqualTo(direct.Values.ToArray()).Within(1e-5));
        Assert.That(again.Tokens, Is.EqualTo(direct.Tokens));
    }
}
