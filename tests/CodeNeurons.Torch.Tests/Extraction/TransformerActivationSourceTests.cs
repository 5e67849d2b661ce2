using CodeNeurons.Data;
using CodeNeurons.Tokenization;
using CodeNeurons.Torch.Extraction;
using CodeNeurons.Torch.Models;
using Microsoft.Extensions.Logging;
using TorchSharp;
using static CodeNeurons.Tests.Extraction.ExtractionTestUtil;

namespace CodeNeurons.Tests.Extraction;

[TestFixture]
public sealed class TransformerActivationSourceTests
{
    private static readonly string[] Models = ["tiny-roberta", "tiny-bert", "tiny-gpt2", "tiny-t5-encoder"];

    private static CodeSnippet[] Snippets(params string[] texts) => [.. texts.Select(t => new CodeSnippet(t))];

    [TestCaseSource(nameof(Models))]
    public void SubwordRowsMatchTransformers(string model)
    {
        var (ids, mask, expected) = CodeNeurons.Tests.Models.HfModelParityTests.LoadExpected(model);
        var texts = ReferenceTexts()[..3];
        using var source = TransformerActivationSource.Load(ModelFolder(model), new() { Aggregation = TokenAggregation.None, IncludeSpecialTokens = true });
        var set = source.Extract(Snippets(texts));
        var rows = RowsBySnippet(set, 3);
        long[] shape = expected.Shape; // [L+1, batch, seq, hidden]
        Assert.That(set.Layout, Is.EqualTo(LayerLayout.Create((int)shape[0], (int)shape[3])));
        double maxAbs = 0;
        for (int b = 0; b < 3; b++)
        {
            var enc = source.Tokenizer.Encode(texts[b]);
            int real = Enumerable.Range(0, (int)shape[2]).Count(s => mask[b, s] == 1);
            Assert.That(rows[b], Has.Count.EqualTo(real), $"rows of snippet {b}");
            Assert.That(enc.Ids.Select(i => (long)i), Is.EqualTo(Enumerable.Range(0, real).Select(s => ids[b, s])), $"ids of snippet {b}");
            for (int s = 0; s < real; s++)
            {
                Assert.That(set.Tokens![rows[b][s]], Is.EqualTo(enc.Tokens[s]));
                var row = set.Row(rows[b][s]);
                for (int l = 0; l < shape[0]; l++)
                    for (int h = 0; h < shape[3]; h++)
                        maxAbs = Math.Max(maxAbs, Math.Abs(row[l * (int)shape[3] + h] - expected.Data[((l * shape[1] + b) * shape[2] + s) * shape[3] + h]));
            }
        }
        TestContext.Out.WriteLine($"{model}: max abs {maxAbs:E2}");
        Assert.That(maxAbs, Is.LessThanOrEqualTo(1e-4));
    }

    [TestCase("tiny-roberta")]
    [TestCase("tiny-gpt2")]
    [TestCase("tiny-bert")]
    public void AggregatedRowsEqualManualAggregationOfSubwordRows(string model)
    {
        var texts = ReferenceTexts();
        var none = Run(model, new() { Aggregation = TokenAggregation.None }, Snippets(texts));
        var noneRows = RowsBySnippet(none, texts.Length);
        var tokenizer = HfTokenizer.Load(ModelFolder(model));
        foreach (var agg in new[] { TokenAggregation.First, TokenAggregation.Last, TokenAggregation.Average })
        {
            var got = Run(model, new() { Aggregation = agg }, Snippets(texts));
            var gotRows = RowsBySnippet(got, texts.Length);
            for (int i = 0; i < texts.Length; i++)
            {
                var words = new CodeSnippet(texts[i]).ResolveTokens();
                var enc = tokenizer.Encode(texts[i], addSpecialTokens: false);
                Assert.That(noneRows[i], Has.Count.EqualTo(enc.Count));
                Assert.That(gotRows[i], Has.Count.EqualTo(words.Count), $"{agg} rows of snippet {i}");
                for (int w = 0; w < words.Count; w++)
                {
                    Assert.That(got.Tokens![gotRows[i][w]], Is.EqualTo(texts[i].Substring(words[w].Start, words[w].Length)));
                    // Independently: the subwords whose non-space characters lie inside the word.
                    var subs = Enumerable.Range(0, enc.Count).Where(s =>
                    {
                        var (a, e) = enc.Offsets[s];
                        while (a < e && char.IsWhiteSpace(texts[i][a])) a++;
                        while (e > a && char.IsWhiteSpace(texts[i][e - 1])) e--;
                        return a < e && a >= words[w].Start && e <= words[w].End;
                    }).ToArray();
                    Assert.That(subs, Is.Not.Empty);
                    var expected = new float[none.Neurons];
                    foreach (int s in agg switch { TokenAggregation.First => subs[..1], TokenAggregation.Last => subs[^1..], _ => subs })
                    {
                        var r = none.Row(noneRows[i][s]);
                        for (int j = 0; j < expected.Length; j++) expected[j] += r[j];
                    }
                    int count = agg == TokenAggregation.Average ? subs.Length : 1;
                    for (int j = 0; j < expected.Length; j++) expected[j] /= count;
                    Assert.That(MaxAbsDiff(got.Row(gotRows[i][w]), expected), Is.LessThanOrEqualTo(1e-5), $"{agg} snippet {i} word {w}");
                }
            }
        }
    }

    [TestCase("tiny-roberta")]
    [TestCase("tiny-gpt2")]
    public void PoolingEqualsManualComputation(string model)
    {
        var texts = ReferenceTexts();
        var all = Run(model, new() { Aggregation = TokenAggregation.None, IncludeSpecialTokens = true }, Snippets(texts));
        var rows = RowsBySnippet(all, texts.Length);
        foreach (var pooling in new[] { SentencePooling.First, SentencePooling.Last, SentencePooling.Mean })
        {
            var pooled = Run(model, new() { Pooling = pooling }, Snippets(texts));
            Assert.That(pooled.Rows, Is.EqualTo(texts.Length));
            for (int i = 0; i < texts.Length; i++)
            {
                var expected = new float[all.Neurons];
                var use = pooling switch { SentencePooling.First => rows[i][..1], SentencePooling.Last => rows[i][^1..], _ => rows[i] };
                foreach (int r in use)
                    for (int j = 0; j < expected.Length; j++) expected[j] += all.Row(r)[j];
                for (int j = 0; j < expected.Length; j++) expected[j] /= use.Count;
                Assert.That(MaxAbsDiff(pooled.Row(i), expected), Is.LessThanOrEqualTo(1e-5), $"{pooling} snippet {i}");
            }
        }
    }

    [Test]
    public void LayerSubsetIsWrittenInTheOrderGiven()
    {
        var texts = ReferenceTexts()[..2];
        var full = Run("tiny-bert", new(), Snippets(texts));
        var sub = Run("tiny-bert", new() { Layers = [2, 0] }, Snippets(texts));
        Assert.That(sub.Layout, Is.EqualTo(LayerLayout.Create(2, 32)));
        Assert.That(sub.Rows, Is.EqualTo(full.Rows));
        for (int r = 0; r < full.Rows; r++)
        {
            Assert.That(sub.Row(r)[..32].ToArray(), Is.EqualTo(full.Row(r)[64..96].ToArray()));
            Assert.That(sub.Row(r)[32..].ToArray(), Is.EqualTo(full.Row(r)[..32].ToArray()));
        }
    }

    private static string LongText() => string.Join("\n", ReferenceTexts()) + "\n" + string.Join("\n", ReferenceTexts());

    [Test]
    public void CausalWindowsReproduceTheLongPassWhereContextIsFull()
    {
        string text = LongText();
        var longPass = Run("tiny-gpt2", new() { Aggregation = TokenAggregation.None }, Snippets(text));
        using var source = TransformerActivationSource.Load(ModelFolder("tiny-gpt2"), new() { Aggregation = TokenAggregation.None, MaxLength = 8, WindowOverlap = 4 });
        var windowed = source.Extract(Snippets(text));
        Assert.That(windowed.Rows, Is.EqualTo(longPass.Rows));
        Assert.That(windowed.Tokens, Is.EqualTo(longPass.Tokens));
        Assert.That(source.LastStatistics!.WindowedSnippets, Is.EqualTo(1));
        Assert.That(source.LastStatistics.Sequences, Is.GreaterThan(longPass.Rows / 4 - 2));
        // The first window sees the same left context and positions as the long pass: its 8 subwords are identical.
        for (int r = 0; r < 8; r++) Assert.That(MaxAbsDiff(windowed.Row(r), longPass.Row(r)), Is.LessThanOrEqualTo(1e-5), $"row {r}");
        // Later windows lose earlier context, so those rows differ.
        Assert.That(MaxAbsDiff(windowed.Row(windowed.Rows - 1), longPass.Row(longPass.Rows - 1)), Is.GreaterThan(1e-4));
    }

    [Test]
    public void EncoderWindowsGiveOneRowPerCodeToken()
    {
        string text = LongText();
        var snippet = new CodeSnippet(text);
        var set = Run("tiny-roberta", new() { MaxLength = 8, WindowOverlap = 3, BatchSize = 3 }, [snippet]);
        Assert.That(set.Rows, Is.EqualTo(snippet.ResolveTokens().Count));
        foreach (float v in set.Values) Assert.That(float.IsFinite(v));
    }

    [Test]
    public void PlanWindowsPicksTheBestWindow()
    {
        foreach (bool causal in new[] { false, true })
            foreach (var (n, max, overlap) in new[] { (20, 8, 4), (21, 8, 3), (8, 8, 2), (3, 8, 2), (100, 10, 0), (50, 7, 6) })
            {
                var (windows, of) = TransformerActivationSource.PlanWindows(n, max, overlap, causal);
                Assert.That(windows[0].Start, Is.Zero);
                Assert.That(windows[^1].Start + windows[^1].Length, Is.EqualTo(n));
                Assert.That(windows.All(w => w.Length <= max && w.Length > 0));
                for (int i = 0; i < n; i++)
                {
                    var containing = Enumerable.Range(0, windows.Count).Where(w => windows[w].Start <= i && i < windows[w].Start + windows[w].Length).ToList();
                    Assert.That(containing, Does.Contain(of[i]));
                    int expected = causal
                        ? containing[0]
                        : containing.OrderByDescending(w => Math.Min(i - windows[w].Start, windows[w].Start + windows[w].Length - 1 - i)).ThenBy(w => w).First();
                    Assert.That(of[i], Is.EqualTo(expected), $"n={n} max={max} overlap={overlap} causal={causal} i={i}");
                }
            }
    }

    /// <summary>A model whose hidden state says where each value came from: [position in window, id, layer, batch row].</summary>
    private sealed class StubModel(string modelType) : IHiddenStatesModel
    {
        public HfModelConfig Config { get; } = new(modelType, 4, 1, 1, 4, 4, 1000, 64, 1e-12, 1, 0, "gelu", false, 0, 0);
        public int Calls;
        public HiddenStates Forward(long[,] inputIds, long[,] attentionMask)
        {
            Calls++;
            int b = inputIds.GetLength(0), s = inputIds.GetLength(1);
            var v = new float[2, b, s, 4];
            for (int l = 0; l < 2; l++)
                for (int i = 0; i < b; i++)
                    for (int j = 0; j < s; j++) { v[l, i, j, 0] = j; v[l, i, j, 1] = inputIds[i, j]; v[l, i, j, 2] = l; v[l, i, j, 3] = i; }
            return new HiddenStates(v, attentionMask);
        }
        public void Dispose() { }
    }

    [TestCase("bert")]
    [TestCase("gpt2")]
    public void EachSubwordComesFromItsChosenWindow(string modelType)
    {
        string text = LongText();
        var tokenizer = HfTokenizer.Load(ModelFolder("tiny-roberta"));
        var enc = tokenizer.Encode(text);
        int n = enc.Count - 2;
        using var source = new TransformerActivationSource(new StubModel(modelType), tokenizer,
            new() { Aggregation = TokenAggregation.None, IncludeSpecialTokens = true, MaxLength = 8, WindowOverlap = 3, BatchSize = 5 });
        var set = source.Extract([new CodeSnippet(text)]);
        var (windows, of) = TransformerActivationSource.PlanWindows(n, 8, 3, causal: modelType == "gpt2");
        Assert.That(set.Rows, Is.EqualTo(enc.Count));
        Assert.That(set.Row(0)[0], Is.Zero, "<s> from the first window");
        Assert.That(set.Row(enc.Count - 1)[0], Is.EqualTo(windows[^1].Length + 1), "</s> from the last window");
        for (int c = 0; c < n; c++)
        {
            var row = set.Row(1 + c);
            Assert.That(row[0], Is.EqualTo(1 + c - windows[of[c]].Start), $"position of subword {c}");
            Assert.That(row[1], Is.EqualTo(enc.Ids[1 + c]), $"id of subword {c}");
            Assert.That(row[4 + 2], Is.EqualTo(1), "layer 1");
        }
        Assert.That(source.LastStatistics!.Sequences, Is.EqualTo(windows.Count));
    }

    [Test]
    public void TruncationDropsAndReportsTokens()
    {
        string text = ReferenceTexts()[1];
        var snippet = new CodeSnippet(text);
        var logger = new ListLogger();
        var reports = new List<ExtractionProgress>();
        var full = Run("tiny-gpt2", new(), [snippet]);
        using var source = TransformerActivationSource.Load(ModelFolder("tiny-gpt2"), new() { MaxLength = 8, Truncate = true }, logger);
        var set = source.Extract([snippet, new CodeSnippet("x = 1")], new SyncProgress(reports.Add));
        var enc = source.Tokenizer.Encode(text);
        var words = snippet.ResolveTokens();
        // A word is kept when all its subwords are among the first 8.
        int kept = words.Count(w => Enumerable.Range(0, enc.Count).Where(s => enc.Offsets[s].End > w.Start && enc.Offsets[s].Start < w.End).All(s => s < 8));
        Assert.That(kept, Is.LessThan(words.Count));
        Assert.That(set.Rows, Is.EqualTo(kept + 3));
        Assert.That(source.LastStatistics!.TokensDropped, Is.EqualTo(words.Count - kept));
        Assert.That(source.LastStatistics.TruncatedSnippets, Is.EqualTo(1));
        Assert.That(reports[^1].TokensDropped, Is.EqualTo(words.Count - kept));
        Assert.That(logger.Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message), Has.One.Contains("Snippet 0").And.Contains(text.Substring(words[^1].Start, words[^1].Length)));
        // GPT-2 is causal: the kept rows are identical to the full pass.
        for (int r = 0; r < kept; r++) Assert.That(MaxAbsDiff(set.Row(r), full.Row(r)), Is.LessThanOrEqualTo(1e-5));
    }

    [Test]
    public void BatchingDoesNotChangeResults()
    {
        var texts = ReferenceTexts();
        var corpus = Enumerable.Range(0, 12).Select(i => new CodeSnippet(string.Join("\n", texts.Skip(i % 5).Take(1 + i % 3)))).ToArray();
        var one = Run("tiny-roberta", new() { BatchSize = 1, LookAheadBatches = 1 }, corpus);
        var seven = Run("tiny-roberta", new() { BatchSize = 7, LookAheadBatches = 2 }, corpus);
        Assert.That(seven.Tokens, Is.EqualTo(one.Tokens));
        Assert.That(seven.SentenceIndices, Is.EqualTo(one.SentenceIndices));
        Assert.That(MaxAbsDiff(seven.Values, one.Values), Is.LessThanOrEqualTo(1e-5));
    }

    [TestCaseSource(nameof(Models))]
    public void UnusualSplitsAlignWithoutError(string model)
    {
        string[] texts =
        [
            "x = '😀' + y\t# 🎉🎉 done",
            "veryLongIdentifierName_with_many_parts_and_numbers_1234567890 = other.attribute_name_here",
            "a\tb\n\n\tc\r\nd  \t e",
            "日本語 변수 = café naïve",
            "\u200b x \u200b",
            "lone \ud800 surrogate \udc00",
            "if(x){return;}",
        ];
        using var source = TransformerActivationSource.Load(ModelFolder(model), new() { Aggregation = TokenAggregation.Average, BatchSize = 3 });
        var set = source.Extract(Snippets(texts));
        var rows = RowsBySnippet(set, texts.Length);
        for (int i = 0; i < texts.Length; i++)
            Assert.That(rows[i], Has.Count.EqualTo(new CodeSnippet(texts[i]).ResolveTokens().Count), texts[i]);
        foreach (float v in set.Values) Assert.That(float.IsFinite(v));
        TestContext.Out.WriteLine($"{model}: {source.LastStatistics!.TokensWithoutOwnSubword} code tokens borrowed a subword");
        if (model == "tiny-bert") Assert.That(source.LastStatistics.TokensWithoutOwnSubword, Is.Positive, "BERT drops U+200B: those tokens borrow");

        // Explicit code tokens finer than the subwords: "a+b" may be one subword shared by three tokens.
        var custom = new CodeSnippet("a+b", [new TokenSpan(0, 1), new TokenSpan(1, 1), new TokenSpan(2, 1)]);
        Assert.That(source.Extract([custom]).Rows, Is.EqualTo(3));
    }

    [Test]
    public void ProgressIsReportedAndCancellationLeavesTheSinkIncomplete()
    {
        var texts = ReferenceTexts();
        var corpus = Enumerable.Range(0, 20).Select(i => new CodeSnippet(texts[i % 5])).ToList();
        using var source = TransformerActivationSource.Load(ModelFolder("tiny-roberta"), new() { BatchSize = 2, LookAheadBatches = 1 });
        var reports = new List<ExtractionProgress>();
        var set = source.Extract(corpus, new SyncProgress(reports.Add));
        Assert.That(reports, Has.Count.EqualTo(10));
        Assert.That(reports.Select(r => r.SnippetsDone), Is.Ordered.Ascending);
        Assert.That(reports[^1], Is.EqualTo(new ExtractionProgress(20, 20, set.Rows)));

        using var cts = new CancellationTokenSource();
        var sink = new RecordingSink();
        Assert.Throws<OperationCanceledException>(() => source.Extract(corpus, sink, new SyncProgress(_ => cts.Cancel()), cts.Token));
        Assert.Multiple(() =>
        {
            Assert.That(sink.Begun, Is.True);
            Assert.That(sink.Writes, Is.EqualTo(2));
            Assert.That(sink.Completed, Is.False);
            Assert.That(source.LastStatistics, Is.Null);
        });
    }

    [Test]
    public void ExtractLeavesNoTensorsAlive()
    {
        using var source = TransformerActivationSource.Load(ModelFolder("tiny-t5-encoder"), new() { MaxLength = 8 });
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        source.Extract(Snippets(ReferenceTexts()));
        Assert.That(DisposeScopeManager.Statistics.ThreadTotalLiveCount, Is.EqualTo(before));
    }

    [Test]
    public void BadInputsAreRefused()
    {
        using var source = TransformerActivationSource.Load(ModelFolder("tiny-roberta"));
        Assert.That(source.MaxLength, Is.EqualTo(130 - 2 - 2), "RoBERTa: positions start at pad + 1; two special tokens");
        var ex = Assert.Throws<ArgumentException>(() => source.Extract([new CodeSnippet("x"), new CodeSnippet("  \n ")]));
        Assert.That(ex!.Message, Does.Contain("Snippet 1"));
        ex = Assert.Throws<ArgumentException>(() => source.Extract([new CodeSnippet("x", [new TokenSpan(0, 2)])]));
        Assert.That(ex!.Message, Does.Contain("Snippet 0"));
        Assert.Throws<ArgumentException>(() => TransformerActivationSource.Load(ModelFolder("tiny-roberta"), new() { MaxLength = 127 }));
        Assert.Throws<ArgumentException>(() => TransformerActivationSource.Load(ModelFolder("tiny-bert"), new() { Layers = [3] }));
        Assert.Throws<ArgumentException>(() => TransformerActivationSource.Load(ModelFolder("tiny-bert"), new() { MaxLength = 8, WindowOverlap = 8 }));
        using var gpt2 = TransformerActivationSource.Load(ModelFolder("tiny-gpt2"));
        Assert.That(gpt2.MaxLength, Is.EqualTo(128), "GPT-2 adds no special tokens");
    }
}
