using CodeNeurons.Data;
using CodeNeurons.Torch.Extraction;
using CodeNeurons.Torch.Interventions;
using static CodeNeurons.Tests.Interventions.InterventionTestModels;

namespace CodeNeurons.Tests.Interventions;

/// <summary>Activation patching during extraction (<see cref="ModelInterventions.PatchFrom"/>): snippet i of another corpus patches snippet i.</summary>
[TestFixture]
public sealed class ExtractionPatchTests
{
    // B permutes the code tokens of A after the first, so every tokenizer (which splits at the spaces) gives snippet i of both as
    // many subwords (checked below) but other states; the last snippet is long enough to be windowed with MaxLength 6.
    private static readonly string[] A = ["int x = 1 ;", "return x + 2 ;", "if ( a < b ) { a = b ; } else { b = a ; }"];
    private static readonly string[] B = ["int 1 = x ;", "return 2 + x ;", "if ( b < a ) { b = a ; } else { a = b ; }"];

    internal static readonly string[] Models = ["tiny-bert", "tiny-roberta", "tiny-gpt2", "tiny-t5-encoder", "llama"];

    private static CodeSnippet[] Corpus(string[] lines) => [.. lines.Select(l => CodeSnippet.FromTokens(l.Split(' ')))];

    /// <summary>The corpus as a stream whose count is not known up front.</summary>
    private static IEnumerable<CodeSnippet> Streamed(string[] lines)
    {
        foreach (var s in Corpus(lines)) yield return s;
    }

    /// <summary>Every subword row with the special tokens, two snippets a batch, windows of 6 subwords overlapping by 2.</summary>
    private static TransformerExtractionOptions Options(int? maxLength = 6) =>
        new() { Aggregation = TokenAggregation.None, IncludeSpecialTokens = true, BatchSize = 2, MaxLength = maxLength, WindowOverlap = maxLength is null ? null : 2 };

    private static ModelNeuron[] EveryUnit(int layer, int hidden) => [.. Enumerable.Range(0, hidden).Select(u => new ModelNeuron(layer, u))];

    private static void AssertColumnsEqual(ActivationSet expected, ActivationSet actual, int firstLayer, int endLayer, string what)
    {
        Assert.That(actual.Rows, Is.EqualTo(expected.Rows), what);
        int hidden = expected.Layout.NeuronsPerLayer;
        for (int r = 0; r < expected.Rows; r++)
            for (int j = firstLayer * hidden; j < endLayer * hidden; j++)
                if (BitConverter.SingleToInt32Bits(expected[r, j]) != BitConverter.SingleToInt32Bits(actual[r, j]))
                    Assert.Fail($"{what}: row {r} ('{expected.Tokens![r]}'), layer {j / hidden}, unit {j % hidden}: {actual[r, j]} instead of {expected[r, j]}.");
    }

    [TestCaseSource(nameof(Models))]
    public void PatchingFromAnIdenticalCorpusWritesPlainExtractionBitForBit(string name)
    {
        using var source = TransformerActivationSource.Load(Folder(name), Options());
        var plain = source.Extract(Corpus(A));
        var every = EveryUnit(1, source.ModelConfig.HiddenSize);
        using (source.PatchFrom(every, Corpus(A)))
            AssertColumnsEqual(plain, source.Extract(Corpus(A)), 0, source.ModelConfig.NumLayers + 1, "by position");
        // By code token (no windows: a windowed snippet's subwords come from the windows extraction writes them from).
        using var whole = TransformerActivationSource.Load(Folder(name), Options(maxLength: null));
        var wholePlain = whole.Extract(Corpus(A));
        using (whole.PatchFrom(every, Corpus(A), new() { Alignment = PatchAlignment.CodeToken }))
            AssertColumnsEqual(wholePlain, whole.Extract(Corpus(A)), 0, whole.ModelConfig.NumLayers + 1, "by code token");
        Assert.That(source.Extract(Corpus(B)).Rows, Is.GreaterThan(0), "a disposed patch is detached: the input need not match it any more");
    }

    [TestCaseSource(nameof(Models))]
    public void PatchingEveryNeuronOfALayerWritesTheSourceAtAndAboveItAndTheInputBelow(string name)
    {
        using var source = TransformerActivationSource.Load(Folder(name), Options());
        for (int i = 0; i < A.Length; i++)
            Assert.That(source.Tokenizer.Encode(B[i], addSpecialTokens: true).Count, Is.EqualTo(source.Tokenizer.Encode(A[i], addSpecialTokens: true).Count),
                $"precondition: snippet {i + 1} of A and B have as many subwords");
        var plainA = source.Extract(Corpus(A));
        var plainB = source.Extract(Corpus(B));
        Assert.That(source.LastStatistics!.WindowedSnippets, Is.AtLeast(1), "the long snippet is windowed");
        int layers = source.ModelConfig.NumLayers + 1, hidden = source.ModelConfig.HiddenSize;
        for (int layer = 0; layer < layers; layer++)
        {
            Assert.That(Enumerable.Range(0, plainA.Rows).Any(r => Enumerable.Range(layer * hidden, hidden).Any(j => plainA[r, j] != plainB[r, j])), Is.True,
                $"precondition: A and B differ at layer {layer}");
            ActivationSet patched;
            using (source.PatchFrom(EveryUnit(layer, hidden), Corpus(B)))
                patched = source.Extract(Corpus(A));
            AssertColumnsEqual(plainA, patched, 0, layer, $"layers below {layer}");
            AssertColumnsEqual(plainB, patched, layer, layers, $"layers from {layer}");
        }
    }

    [TestCase("tiny-bert", null)]
    [TestCase("tiny-gpt2", null)]
    [TestCase("tiny-roberta", 4)]
    [TestCase("llama", 4)]
    public void PatchingByCodeTokenWritesTheSourceTokensAtTheLayer(string name, int? maxLength)
    {
        // The same code tokens count, other subword counts: 'identifier' and 'counterValue' split into several subwords, and with
        // windows of 4 the snippets are windowed differently.
        string[] a = ["int x = 1 ;", "return x + 2 ;"], b = ["long identifier = 12345 ;", "return counterValue * 2 ;"];
        var options = Options(maxLength) with { Aggregation = TokenAggregation.Last, IncludeSpecialTokens = false };
        using var source = TransformerActivationSource.Load(Folder(name), options);
        Assert.That(source.Tokenizer.Encode(b[0], addSpecialTokens: true).Count, Is.Not.EqualTo(source.Tokenizer.Encode(a[0], addSpecialTokens: true).Count),
            "precondition: the snippets differ in subwords");
        var plainA = source.Extract(Corpus(a));
        var plainB = source.Extract(Corpus(b));
        if (maxLength is not null) Assert.That(source.LastStatistics!.WindowedSnippets, Is.EqualTo(2), "the source snippets are windowed");
        ActivationSet patched;
        using (source.PatchFrom([new ModelNeuron(1, 2), new ModelNeuron(1, 9)], Corpus(b), new() { Alignment = PatchAlignment.CodeToken }))
            patched = source.Extract(Corpus(a));
        int hidden = source.ModelConfig.HiddenSize;
        Assert.That(Enumerable.Range(0, plainA.Rows).Count(r => plainA[r, hidden + 2] != plainB[r, hidden + 2]), Is.GreaterThan(plainA.Rows / 2), "precondition: A and B differ at 1:2");
        for (int r = 0; r < plainA.Rows; r++)
        {
            for (int j = 0; j < hidden; j++) Assert.That(patched[r, j], Is.EqualTo(plainA[r, j]), $"row {r}: the embeddings are below the patch");
            foreach (int unit in new[] { 2, 9 })
                Assert.That(patched[r, hidden + unit], Is.EqualTo(plainB[r, hidden + unit]).Within(1e-5), $"row {r}: unit 1:{unit} is the source's last subword of the token");
            Assert.That(patched[r, hidden + 3], Is.EqualTo(plainA[r, hidden + 3]), $"row {r}: an unpatched unit of the layer keeps the input's value");
        }
        Assert.That(Enumerable.Range(0, plainA.Rows).Any(r => patched[r, 2 * hidden] != plainA[r, 2 * hidden]), Is.True, "layer 2 reads the patched state");
    }

    [Test]
    public void ACorpusOfAnotherSnippetCountNamesBothAndTheCounts()
    {
        using var source = TransformerActivationSource.Load(Folder("tiny-bert"), Options());
        using var patch = source.PatchFrom([new ModelNeuron(1, 0)], Corpus(B[..2]), new() { SourceName = "b.in", InputName = "a.in" });
        var e = Assert.Throws<ArgumentException>(() => source.Extract(Corpus(A)))!;
        Assert.That(e.Message, Does.Contain("b.in has 2 snippets").And.Contain("a.in has 3"));
        // A streamed input (count unknown up front) is stopped at the first snippet past the source's.
        var sink = new Extraction.ExtractionTestUtil.RecordingSink();
        e = Assert.Throws<ArgumentException>(() => source.Extract(Streamed(A), sink))!;
        Assert.That(e.Message, Does.Contain("b.in has 2 snippets").And.Contain("a.in has more"));
        Assert.That(sink.Completed, Is.False);
        e = Assert.Throws<ArgumentException>(() => source.Extract(Streamed(B[..1]), sink))!;
        Assert.That(e.Message, Does.Contain("b.in has 2 snippets").And.Contain("a.in has 1"));
    }

    [Test]
    public void ASnippetOfAnotherLengthNamesTheSnippetAndBothLengths()
    {
        using var source = TransformerActivationSource.Load(Folder("tiny-roberta"), Options());
        string[] other = [A[0], "return x + 2 + 3 ;", A[2]];
        int expected = source.Tokenizer.Encode(A[1], addSpecialTokens: true).Count, actual = source.Tokenizer.Encode(other[1], addSpecialTokens: true).Count;
        using (source.PatchFrom([new ModelNeuron(1, 0)], Corpus(other), new() { SourceName = "b.in", InputName = "a.in" }))
        {
            var e = Assert.Throws<ArgumentException>(() => source.Extract(Corpus(A)))!;
            Assert.That(e.Message, Does.Contain($"Snippet 2: the patch source b.in has {actual} subwords but the input a.in has {expected}").And.Contain("--align code-token"));
        }
        using (source.PatchFrom([new ModelNeuron(1, 0)], Corpus(other), new() { Alignment = PatchAlignment.CodeToken }))
        {
            var e = Assert.Throws<ArgumentException>(() => source.Extract(Corpus(A)))!;
            Assert.That(e.Message, Does.Contain("Snippet 2: the patch source has 7 code tokens but the input has 5"));
        }
    }

    [Test]
    public void BadPatchesAreRefusedBeforeExtraction()
    {
        using var source = TransformerActivationSource.Load(Folder("tiny-bert"), Options());
        Assert.That(() => source.PatchFrom([new ModelNeuron(3, 0)], Corpus(B)), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("outside [0, 2]"));
        Assert.That(() => source.PatchFrom([new ModelNeuron(1, 0)], []), Throws.ArgumentException.With.Message.Contains("empty"));
        using var patch = source.PatchFrom([new ModelNeuron(1, 0)], Corpus(B));
        Assert.That(() => source.PatchFrom([new ModelNeuron(1, 1)], Corpus(B)), Throws.InvalidOperationException);
        Assert.That(() => source.Intervene(NeuronIntervention.Patched([new ModelNeuron(1, 0)], PatchSource.Aligned(new CodeNeurons.Torch.Models.HiddenStates(new float[3, 1, 1, 32], new long[1, 1])))),
            Throws.ArgumentException.With.Message.Contains("PatchFrom"));
    }
}
