using CodeNeurons.Data;
using CodeNeurons.Tokenization;
using CodeNeurons.Torch.Extraction;
using CodeNeurons.Torch.Models;
using TorchSharp;
using static CodeNeurons.Tests.Extraction.ExtractionTestUtil;

namespace CodeNeurons.Tests.Extraction;

/// <summary>
/// Extraction memory is bounded by one batch (docs/extraction.md, "Memory"): batches capped by padded positions, only
/// the subwords an output reads buffered, each block's intermediates freed when it ends. Found on the Python
/// token-tagging corpus, whose docstrings are single code tokens of up to 1,559 subwords (docs/reproduction.md).
/// </summary>
[TestFixture]
public sealed class BoundedExtractionMemoryTests
{
    [Test]
    public void PlanBatchesCutsBeforeALongWindowWouldPadTheBatch()
    {
        // Three short windows and a long one: without a cap they share a batch padded to 10 (40 positions).
        Assert.That(TransformerActivationSource.PlanBatches([2, 2, 2, 10], 4, null), Is.EqualTo(new[] { (0, 4) }));
        Assert.That(TransformerActivationSource.PlanBatches([2, 2, 2, 10], 4, 12), Is.EqualTo(new[] { (0, 3), (3, 1) }));
        // The batch size still binds; a window longer than the cap runs alone.
        Assert.That(TransformerActivationSource.PlanBatches([1, 1, 1, 1, 1], 2, 100), Is.EqualTo(new[] { (0, 2), (2, 2), (4, 1) }));
        Assert.That(TransformerActivationSource.PlanBatches([20, 30], 4, 8), Is.EqualTo(new[] { (0, 1), (1, 1) }));
        Assert.That(TransformerActivationSource.PlanBatches([], 4, 8), Is.Empty);
    }

    [Test]
    public void PlanBatchesCoversEveryWindowOnceWithinBothLimits()
    {
        var random = new Random(3);
        for (int trial = 0; trial < 200; trial++)
        {
            var lengths = Enumerable.Range(0, random.Next(0, 40)).Select(_ => random.Next(1, 60)).Order().ToArray();
            int batchSize = random.Next(1, 9);
            int? cap = trial % 5 == 0 ? null : random.Next(1, 200);
            var batches = TransformerActivationSource.PlanBatches(lengths, batchSize, cap);
            int next = 0;
            foreach (var (start, count) in batches)
            {
                Assert.That(start, Is.EqualTo(next), "consecutive, in order");
                Assert.That(count, Is.InRange(1, batchSize));
                long padded = (long)count * lengths[start + count - 1];
                if (cap is int c && count > 1) Assert.That(padded, Is.LessThanOrEqualTo(c), $"trial {trial}");
                // Greedy: the next window would have broken a limit.
                if (start + count < lengths.Length)
                    Assert.That(count == batchSize || (long)(count + 1) * lengths[start + count] > cap, $"trial {trial}: batch cut early");
                next = start + count;
            }
            Assert.That(next, Is.EqualTo(lengths.Length));
        }
    }

    /// <summary>Short lines and one line whose string literal is a single code token of many subwords (a docstring).</summary>
    private static CodeSnippet[] LinesWithALongToken()
    {
        var lines = ReferenceTexts().Select(t => new CodeSnippet(t)).ToList();
        string literal = "\"" + string.Join(" ", Enumerable.Range(0, 30).Select(i => $"word{i} of the docstring,")) + "\"";
        string text = "doc = " + literal + " ;";
        lines.Insert(2, new CodeSnippet(text, [new TokenSpan(0, 3), new TokenSpan(4, 1), new TokenSpan(6, literal.Length), new TokenSpan(text.Length - 1, 1)]));
        return [.. lines];
    }

    [TestCase(TokenAggregation.Last)]
    [TestCase(TokenAggregation.First)]
    [TestCase(TokenAggregation.Average)]
    public void ALongTokenInWindowsGivesTheSameRowsUnderAPositionCap(TokenAggregation aggregation)
    {
        var corpus = LinesWithALongToken();
        var options = new TransformerExtractionOptions { Aggregation = aggregation, MaxLength = 16, WindowOverlap = 4, BatchSize = 4 };
        using var uncapped = TransformerActivationSource.Load(ModelFolder("tiny-bert"), options with { MaxBatchPositions = null });
        using var capped = TransformerActivationSource.Load(ModelFolder("tiny-bert"), options with { MaxBatchPositions = 24 });
        var a = uncapped.Extract(corpus);
        var b = capped.Extract(corpus);
        Assert.That(uncapped.LastStatistics!.WindowedSnippets, Is.GreaterThanOrEqualTo(1), "the long token (and some lines) need several windows");
        Assert.That(b.Tokens, Is.EqualTo(a.Tokens));
        Assert.That(b.Rows, Is.EqualTo(corpus.Sum(s => s.ResolveTokens().Count)));
        Assert.That(MaxAbsDiff(b.Values, a.Values), Is.LessThanOrEqualTo(1e-5));
        Assert.That(capped.LastStatistics!.PaddedPositions, Is.LessThan(uncapped.LastStatistics.PaddedPositions), "the cap saves padding");
    }

    [Test]
    public void ALongTokensLastRowIsItsLastSubwordsRowAcrossWindows()
    {
        // With Last, only one subword of the docstring is buffered; it must still be the right one, from the right window.
        var corpus = LinesWithALongToken()[2..3];
        var options = new TransformerExtractionOptions { MaxLength = 16, WindowOverlap = 4, BatchSize = 2, MaxBatchPositions = 24 };
        var subwords = Run("tiny-bert", options with { Aggregation = TokenAggregation.None }, corpus);
        var last = Run("tiny-bert", options with { Aggregation = TokenAggregation.Last }, corpus);
        var first = Run("tiny-bert", options with { Aggregation = TokenAggregation.First }, corpus);
        var enc = HfTokenizer.Load(ModelFolder("tiny-bert")).Encode(corpus[0].Text, addSpecialTokens: false);
        var literal = corpus[0].ResolveTokens()[2];
        int firstSub = Enumerable.Range(0, enc.Count).First(s => enc.Offsets[s].Start >= literal.Start);
        int lastSub = Enumerable.Range(0, enc.Count).Last(s => enc.Offsets[s].End <= literal.End);
        Assert.That(lastSub - firstSub + 1, Is.GreaterThan(3 * 16), "the literal spans several windows");
        Assert.That(subwords.Rows, Is.EqualTo(enc.Count));
        Assert.That(last.Row(2).ToArray(), Is.EqualTo(subwords.Row(lastSub).ToArray()));
        Assert.That(first.Row(2).ToArray(), Is.EqualTo(subwords.Row(firstSub).ToArray()));
    }

    [TestCase("tiny-bert")]
    [TestCase("tiny-roberta")]
    [TestCase("tiny-gpt2")]
    [TestCase("tiny-t5-encoder")]
    public void ABlocksIntermediatesAreFreedBeforeTheNextBlock(string name)
    {
        // At each block's hook the live tensors are the states so far plus the running block's intermediates (live[1] − live[0]
        // of them for block 0). If a block's intermediates outlived it (they did: every block's attention scores until the pass
        // ended), the count would grow by a block's worth per block; freed, it grows by the new state (plus the last block's
        // final norm in GPT-2 and T5).
        using var model = (TorchHiddenStatesModel)HfModel.Load(ModelFolder(name));
        var live = new List<long>();
        model.LayerHook = (_, hidden) => { live.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount); return hidden; };
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        model.Forward(new long[,] { { 2, 5, 7, 9, 3 }, { 2, 6, 8, 3, 0 } }, new long[,] { { 1, 1, 1, 1, 1 }, { 1, 1, 1, 1, 0 } });
        Assert.That(live, Has.Count.EqualTo(model.Config.NumLayers + 1));
        Assert.That(model.Config.NumLayers, Is.GreaterThanOrEqualTo(2));
        for (int l = 2; l < live.Count; l++)
            Assert.That(live[l] - live[l - 1], Is.LessThan((live[1] - live[0]) / 2), $"block {l} holds block {l - 1}'s intermediates ({string.Join(", ", live)})");
        Assert.That(DisposeScopeManager.Statistics.ThreadTotalLiveCount, Is.EqualTo(before), "nothing outlives the pass");
    }
}
