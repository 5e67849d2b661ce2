using System.Text;
using System.Text.Json;
using CodeNeurons.Data;
using CodeNeurons.Tokenization;
using CodeNeurons.Torch.Extraction;
using CodeNeurons.Torch.Models;
using CodeNeurons.Torch.Training;
using static CodeNeurons.Tests.Extraction.ExtractionTestUtil;

namespace CodeNeurons.Tests.Extraction;

[TestFixture]
public sealed class SnippetRepresentationsTests
{
    private const double Tolerance = 1e-5;
    private static readonly string[] Models = ["tiny-roberta", "tiny-bert", "tiny-gpt2", "tiny-t5-encoder"];

    private static readonly string[] Texts =
    [
        "def f(x):\n    return x + 1",
        "int a = 0;",
        "for (int i = 0; i < n; i++) { sum += values[i] * weights[i]; }",
        "x",
        "public static void main(String[] args) { System.out.println(\"hi\"); }",
    ];

    private static IEnumerable<TestCaseData> Cases()
    {
        foreach (var m in Models)
            foreach (var pooling in new[] { SentencePooling.First, SentencePooling.Last, SentencePooling.Mean })
            {
                yield return new TestCaseData(m, pooling, PaddingSide.Right);
                if (m is "tiny-roberta" or "tiny-t5-encoder") yield return new TestCaseData(m, pooling, PaddingSide.Left);
            }
    }

    /// <summary>The pooled vector of every layer, computed directly from the hidden states of one unpadded run.</summary>
    private static float[] Direct(IHiddenStatesModel model, int[] ids, SentencePooling pooling, IReadOnlyList<int> layers)
    {
        var input = new long[1, ids.Length];
        var mask = new long[1, ids.Length];
        for (int i = 0; i < ids.Length; i++) { input[0, i] = ids[i]; mask[0, i] = 1; }
        var hs = model.Forward(input, mask);
        int h = hs.HiddenSize;
        var r = new float[layers.Count * h];
        for (int k = 0; k < layers.Count; k++)
            for (int j = 0; j < h; j++)
                r[k * h + j] = pooling switch
                {
                    SentencePooling.First => hs.Values[layers[k], 0, 0, j],
                    SentencePooling.Last => hs.Values[layers[k], 0, ids.Length - 1, j],
                    _ => (float)Enumerable.Range(0, ids.Length).Average(p => (double)hs.Values[layers[k], 0, p, j]),
                };
        return r;
    }

    [TestCaseSource(nameof(Cases))]
    public void PooledRowsEqualADirectComputationFromUnpaddedHiddenStates(string modelName, SentencePooling pooling, PaddingSide padding)
    {
        using var model = HfModel.Load(ModelFolder(modelName));
        var tokenizer = HfTokenizer.Load(ModelFolder(modelName));
        using var reps = new SnippetRepresentations(model, tokenizer, new SnippetRepresentationOptions { Pooling = pooling, Padding = padding, BatchSize = 8 });
        var set = reps.Encode(Texts);
        Assert.That(set.Rows, Is.EqualTo(Texts.Length));
        Assert.That(set.Layout, Is.EqualTo(LayerLayout.Create(model.Config.NumLayers + 1, model.Config.HiddenSize)));
        double max = 0;
        for (int i = 0; i < Texts.Length; i++)
        {
            var expected = Direct(model, tokenizer.Encode(Texts[i]).Ids, pooling, reps.Layers);
            max = Math.Max(max, MaxAbsDiff(set.Row(i), expected));
        }
        TestContext.Out.WriteLine($"{modelName} {pooling} {padding}: max abs {max:E2}");
        Assert.That(max, Is.LessThanOrEqualTo(Tolerance));
    }

    [TestCaseSource(nameof(Models))]
    public void PooledRowsEqualPoolingOfTheTransformersReferenceHiddenStates(string modelName)
    {
        var (_, mask, expected) = CodeNeurons.Tests.Models.HfModelParityTests.LoadExpected(modelName);
        long[] shape = expected.Shape; // [L+1, batch, seq, hidden]
        var texts = ReferenceTexts()[..3];
        foreach (var pooling in new[] { SentencePooling.First, SentencePooling.Last, SentencePooling.Mean })
        {
            using var reps = SnippetRepresentations.Load(ModelFolder(modelName), new SnippetRepresentationOptions { Pooling = pooling });
            var set = reps.Encode(texts);
            double max = 0;
            for (int b = 0; b < 3; b++)
            {
                int real = Enumerable.Range(0, (int)shape[2]).Count(s => mask[b, s] == 1);
                var row = set.Row(b);
                for (int l = 0; l < shape[0]; l++)
                    for (int j = 0; j < shape[3]; j++)
                    {
                        double Value(int s) => expected.Data[((l * shape[1] + b) * shape[2] + s) * shape[3] + j];
                        double want = pooling switch
                        {
                            SentencePooling.First => Value(0),
                            SentencePooling.Last => Value(real - 1),
                            _ => Enumerable.Range(0, real).Average(Value),
                        };
                        max = Math.Max(max, Math.Abs(row[l * (int)shape[3] + j] - want));
                    }
            }
            TestContext.Out.WriteLine($"{modelName} {pooling}: max abs vs transformers {max:E2}");
            Assert.That(max, Is.LessThanOrEqualTo(1e-4));
        }
    }

    [TestCaseSource(nameof(Models))]
    public void DefaultPoolingIsFirstForEncodersAndLastForGpt2(string modelName)
    {
        using var reps = SnippetRepresentations.Load(ModelFolder(modelName));
        Assert.That(reps.Pooling, Is.EqualTo(modelName == "tiny-gpt2" ? SentencePooling.Last : SentencePooling.First));
    }

    [TestCase("tiny-bert")]
    [TestCase("tiny-gpt2")]
    public void LeftPaddingIsRefusedForAbsolutePositions(string modelName)
    {
        Assert.That(() => SnippetRepresentations.Load(ModelFolder(modelName), new SnippetRepresentationOptions { Padding = PaddingSide.Left }),
            Throws.TypeOf<NotSupportedException>().With.Message.Contains("Right"));
    }

    [Test]
    public void LongInputsAreCutToMaxLengthKeepingTheSpecialTokensAndLayersFollowTheGivenOrder()
    {
        using var model = HfModel.Load(ModelFolder("tiny-roberta"));
        var tokenizer = HfTokenizer.Load(ModelFolder("tiny-roberta"));
        using var reps = new SnippetRepresentations(model, tokenizer, new SnippetRepresentationOptions { MaxLength = 5, Pooling = SentencePooling.Mean, Layers = [2, 0] });
        var set = reps.Encode(Texts);
        for (int i = 0; i < Texts.Length; i++)
        {
            var ids = tokenizer.Encode(Texts[i]).Ids;
            var cut = ids.Length - 2 <= 5 ? ids : [.. ids[..6], ids[^1]];
            Assert.That(reps.Ids(Texts[i]), Is.EqualTo(cut));
            Assert.That(MaxAbsDiff(set.Row(i), Direct(model, cut, SentencePooling.Mean, [2, 0])), Is.LessThanOrEqualTo(Tolerance));
        }
        using var collapse = new SnippetRepresentations(model, tokenizer, new SnippetRepresentationOptions { CollapseWhitespace = true });
        Assert.That(collapse.Ids("a  =\n\t b"), Is.EqualTo(tokenizer.Encode("a = b").Ids));
    }

    [Test]
    public void PairsCombinePerLayerAsDocumented()
    {
        using var reps = SnippetRepresentations.Load(ModelFolder("tiny-roberta"), new SnippetRepresentationOptions { BatchSize = 3 });
        var pairs = new[] { (Texts[0], Texts[1]), (Texts[2], Texts[3]), (Texts[4], Texts[0]) };
        var single = reps.Encode(Texts);
        int h = reps.Layout.NeuronsPerLayer, layers = reps.Layout.Layers;
        float[] U(int p, int k) => single.Row(Array.IndexOf(Texts, pairs[p].Item1)).Slice(k * h, h).ToArray();
        float[] V(int p, int k) => single.Row(Array.IndexOf(Texts, pairs[p].Item2)).Slice(k * h, h).ToArray();
        foreach (var combination in Enum.GetValues<PairCombination>())
        {
            using var r = SnippetRepresentations.Load(ModelFolder("tiny-roberta"), new SnippetRepresentationOptions { PairCombination = combination });
            var set = r.EncodePairs(pairs);
            int width = combination == PairCombination.Concat ? 2 * h : 4 * h;
            Assert.That(set.Layout, Is.EqualTo(LayerLayout.Create(layers, width)));
            for (int p = 0; p < pairs.Length; p++)
                for (int k = 0; k < layers; k++)
                {
                    var u = U(p, k);
                    var v = V(p, k);
                    float[] want = combination switch
                    {
                        PairCombination.Concat => [.. u, .. v],
                        PairCombination.ConcatDifferenceProduct => [.. u, .. v, .. u.Zip(v, (a, b) => a - b), .. u.Zip(v, (a, b) => a * b)],
                        _ => [.. u, .. v, .. u.Zip(v, (a, b) => Math.Abs(a - b)), .. u.Zip(v, (a, b) => a * b)],
                    };
                    Assert.That(MaxAbsDiff(set.Row(p).Slice(k * width, width), want), Is.LessThanOrEqualTo(Tolerance), $"{combination} pair {p} layer {k}");
                }
        }
    }

    [Test]
    public void ExamplesComeWithTheTaskLabels()
    {
        using var reps = SnippetRepresentations.Load(ModelFolder("tiny-gpt2"));
        var defects = new[] { new CodeNeurons.Tasks.SnippetExample("0", Texts[0], 0), new CodeNeurons.Tasks.SnippetExample("1", Texts[2], 1) };
        var d = reps.EncodeExamples(defects);
        Assert.That(d.Labels.ClassNames, Is.EqualTo(new[] { "clean", "defective" }));
        Assert.That(d.Labels.Ids, Is.EqualTo(new[] { 0, 1 }));
        Assert.That(MaxAbsDiff(d.Activations.Row(1), reps.Encode([Texts[2]]).Row(0)), Is.LessThanOrEqualTo(Tolerance));
        var pairs = new[] { new CodeNeurons.Tasks.PairExample("q", "read a file", Texts[0], 1) };
        var p = reps.EncodePairExamples(pairs, CodeNeurons.Tasks.CodeTask.CodeSearch);
        Assert.That(p.Labels.ClassNames, Is.EqualTo(new[] { "no-match", "match" }));
        Assert.That(MaxAbsDiff(p.Activations.Row(0), reps.EncodePairs([("read a file", Texts[0])]).Row(0)), Is.LessThanOrEqualTo(Tolerance));
    }

    private static IEnumerable<TestCaseData> JointCases()
    {
        yield return new TestCaseData("tiny-bert", SentencePooling.First, PaddingSide.Right);
        yield return new TestCaseData("tiny-bert", SentencePooling.Mean, PaddingSide.Right);
        yield return new TestCaseData("tiny-roberta", SentencePooling.First, PaddingSide.Right);
        yield return new TestCaseData("tiny-roberta", SentencePooling.First, PaddingSide.Left);
        yield return new TestCaseData("tiny-gpt2", SentencePooling.Last, PaddingSide.Right);
    }

    /// <summary>The fine-tuning's own input builder, as the trainer makes it.</summary>
    private static ClassifierInputs TrainerInputs(string modelName, int maxLength) =>
        new(HfTokenizer.Load(ModelFolder(modelName)), HfModelConfig.Load(Path.Combine(ModelFolder(modelName), "config.json")), maxLength, collapseWhitespace: false);

    [TestCaseSource(nameof(JointCases))]
    public void JointPairRowsEqualPoolingOfOneUnpaddedRunOfTheTrainersPairInput(string modelName, SentencePooling pooling, PaddingSide padding)
    {
        using var model = HfModel.Load(ModelFolder(modelName));
        var tokenizer = HfTokenizer.Load(ModelFolder(modelName));
        // Batches of 3 over pairs of different lengths: every batch is padded.
        using var reps = new SnippetRepresentations(model, tokenizer,
            new SnippetRepresentationOptions { PairInput = PairInput.Joint, Pooling = pooling, Padding = padding, BatchSize = 3, MaxLength = 64 });
        var pairs = new[] { (Texts[0], Texts[1]), (Texts[2], Texts[3]), (Texts[4], Texts[0]), (Texts[3], Texts[3]), ("x = 1", Texts[2]) };
        var set = reps.EncodePairs(pairs);
        Assert.That(set.Layout, Is.EqualTo(reps.Layout), "H per layer, one row per pair");
        Assert.That(set.Rows, Is.EqualTo(pairs.Length));
        var inputs = TrainerInputs(modelName, 64);
        double max = 0;
        for (int i = 0; i < pairs.Length; i++)
        {
            var ids = inputs.Encode(new ClassificationExample(pairs[i].Item1, pairs[i].Item2, 0));
            max = Math.Max(max, MaxAbsDiff(set.Row(i), Direct(model, ids, pooling, reps.Layers)));
        }
        TestContext.Out.WriteLine($"{modelName} {pooling} {padding}: max abs {max:E2}");
        Assert.That(max, Is.LessThanOrEqualTo(Tolerance));
        Assert.That(reps.PairInput, Is.EqualTo(PairInput.Joint));
        Assert.That(reps.MaxLength, Is.EqualTo(64), "joint: tokens per input, specials included");
    }

    [Test]
    public void JointPairsAreCutLongestFirstAsAHandBuiltIdList()
    {
        using var model = HfModel.Load(ModelFolder("tiny-bert"));
        var tokenizer = HfTokenizer.Load(ModelFolder("tiny-bert"));
        // 13 tokens in all: [CLS] a [SEP] b [SEP] leaves 10 for the two texts.
        using var reps = new SnippetRepresentations(model, tokenizer, new SnippetRepresentationOptions { PairInput = PairInput.Joint, MaxLength = 13, Layers = [0, 2] });
        string longA = string.Join(' ', Enumerable.Repeat("alpha beta", 10)), longB = string.Join(' ', Enumerable.Repeat("gamma", 15)), shortB = "x = y";
        int[] a = tokenizer.Encode(longA, false).Ids, b = tokenizer.Encode(longB, false).Ids, c = tokenizer.Encode(shortB, false).Ids;
        Assert.That((a.Length > 11, b.Length > 10, c.Length), Is.EqualTo((true, true, 3)), "the test's texts: two long, one of 3 subwords");
        int cls = tokenizer.ClsTokenId!.Value, sep = tokenizer.SepTokenId!.Value;
        // Both long: each keeps 5. One short: it stays whole and the long one keeps the rest (7).
        int[] bothLong = [cls, .. a[..5], sep, .. b[..5], sep], oneShort = [cls, .. a[..7], sep, .. c, sep];
        var set = reps.EncodePairs([(longA, longB), (longA, shortB)]);
        Assert.That(MaxAbsDiff(set.Row(0), Direct(model, bothLong, SentencePooling.First, [0, 2])), Is.LessThanOrEqualTo(Tolerance));
        Assert.That(MaxAbsDiff(set.Row(1), Direct(model, oneShort, SentencePooling.First, [0, 2])), Is.LessThanOrEqualTo(Tolerance));
        var tokens = reps.EncodePairTokens(longA, shortB);
        Assert.That(tokens.Rows, Is.EqualTo(13));
        Assert.That(tokens.Tokens, Is.EqualTo(oneShort.Select(id => tokenizer.IdToToken(id)).ToArray()));
        // Snippets in joint mode are built the same way: at most MaxLength tokens, specials included.
        Assert.That(reps.Ids(longA), Is.EqualTo(new[] { cls }.Concat(a[..11]).Append(sep)));
    }

    [Test]
    public void JointPairInputRefusesAHeadAModelTheFineTuningDoesNotBuildAndBadLengths()
    {
        using var reps = SnippetRepresentations.Load(ModelFolder("tiny-bert"), new SnippetRepresentationOptions { PairInput = PairInput.Joint });
        int h = reps.Layout.NeuronsPerLayer;
        var head = PairHead.Create(new float[2 * h * h], new float[h], PairCombination.Concat);
        Assert.That(() => reps.EncodePairs([("a", "b")], head), Throws.ArgumentException.With.Message.Contains("PairHead").And.Message.Contains("Joint"));
        Assert.That(() => reps.EncodePairs([]), Throws.ArgumentException);
        Assert.That(() => reps.EncodePairs([("a", null!)]), Throws.ArgumentException.With.Message.Contains("Pair 0"));
        Assert.That(reps.PairSource(3), Is.EqualTo(new PairUnitSource(3, true, true, "joint input")));
        Assert.That(reps.PairSource(h), Is.Null);
        Assert.That(() => SnippetRepresentations.Load(ModelFolder("tiny-t5-encoder"), new SnippetRepresentationOptions { PairInput = PairInput.Joint }),
            Throws.TypeOf<NotSupportedException>().With.Message.Contains("t5"));
        Assert.That(() => SnippetRepresentations.Load(ModelFolder("tiny-bert"), new SnippetRepresentationOptions { PairInput = PairInput.Joint, MaxLength = 100_000 }),
            Throws.ArgumentException.With.Message.Contains("100000"));
        Assert.That(() => SnippetRepresentations.Load(ModelFolder("tiny-roberta"), new SnippetRepresentationOptions { PairInput = PairInput.Joint, MaxLength = 5 }),
            Throws.ArgumentException.With.Message.Contains("4 special tokens"));
        using var separate = SnippetRepresentations.Load(ModelFolder("tiny-bert"));
        Assert.That(() => separate.EncodePairTokens("a", "b"), Throws.TypeOf<NotSupportedException>().With.Message.Contains("EncodeTokens"));
        Assert.That(separate.PairInput, Is.EqualTo(PairInput.Separate));
    }

    private static void WriteSafeTensors(string path, Dictionary<string, (long[] Shape, float[] Data)> tensors)
    {
        var header = new Dictionary<string, object>();
        long offset = 0;
        foreach (var (name, (shape, data)) in tensors)
        {
            header[name] = new { dtype = "F32", shape, data_offsets = new[] { offset, offset + data.Length * 4L } };
            offset += data.Length * 4L;
        }
        var json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(header));
        using var f = File.Create(path);
        f.Write(BitConverter.GetBytes((ulong)json.Length));
        f.Write(json);
        foreach (var (_, (_, data)) in tensors)
            foreach (var x in data) f.Write(BitConverter.GetBytes(x));
    }

    [TestCase("classifier.dense.", 2)]
    [TestCase("mlp.0.", 4)]
    public void PairHeadOfACheckpointIsItsDenseLayerWithoutTanh(string prefix, int factor)
    {
        using var reps = SnippetRepresentations.Load(ModelFolder("tiny-roberta"));
        int h = reps.Layout.NeuronsPerLayer, layers = reps.Layout.Layers;
        var rng = new Random(3);
        var w = Enumerable.Range(0, h * factor * h).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        var b = Enumerable.Range(0, h).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        string dir = Path.Combine(Path.GetTempPath(), "codeneurons-head-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        try
        {
            string path = Path.Combine(dir, "model.safetensors");
            WriteSafeTensors(path, new() { ["encoder.roberta.pooler.dense.bias"] = ([h], new float[h]), [prefix + "weight"] = ([h, factor * h], w), [prefix + "bias"] = ([h], b) });
            var head = PairHead.Load(path);
            Assert.That(head.Input, Is.EqualTo(factor == 2 ? PairCombination.Concat : PairCombination.ConcatDifferenceProduct));
            Assert.That(head.InputWidth, Is.EqualTo(factor * h));
            var pairs = new[] { (Texts[0], Texts[2]), (Texts[1], Texts[4]) };
            var set = reps.EncodePairs(pairs, head);
            Assert.That(set.Layout, Is.EqualTo(LayerLayout.Create(layers, h)));
            var single = reps.Encode(Texts);
            for (int p = 0; p < pairs.Length; p++)
                for (int k = 0; k < layers; k++)
                {
                    var u = single.Row(Array.IndexOf(Texts, pairs[p].Item1)).Slice(k * h, h).ToArray();
                    var v = single.Row(Array.IndexOf(Texts, pairs[p].Item2)).Slice(k * h, h).ToArray();
                    float[] x = factor == 2 ? [.. u, .. v] : [.. u, .. v, .. u.Zip(v, (a, c) => a - c), .. u.Zip(v, (a, c) => a * c)];
                    var want = Enumerable.Range(0, h).Select(o => (float)(b[o] + Enumerable.Range(0, x.Length).Sum(i => (double)w[o * x.Length + i] * x[i]))).ToArray();
                    Assert.That(MaxAbsDiff(set.Row(p).Slice(k * h, h), want), Is.LessThanOrEqualTo(1e-4));
                }
            WriteSafeTensors(path, new() { ["other.weight"] = ([2], new float[2]) });
            Assert.That(() => PairHead.Load(path), Throws.TypeOf<InvalidDataException>().With.Message.Contains("no pair head"));
            WriteSafeTensors(path, new() { [prefix + "weight"] = ([h, 3 * h], new float[3 * h * h]), [prefix + "bias"] = ([h], b) });
            Assert.That(() => PairHead.Load(path), Throws.TypeOf<InvalidDataException>().With.Message.Contains(prefix + "weight"));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
        Assert.That(() => PairHead.Create(new float[10], new float[4], PairCombination.Concat), Throws.ArgumentException);
        var small = PairHead.Create(new float[2 * 4 * 4], new float[4], PairCombination.Concat);
        Assert.That(() => reps.EncodePairs([("a", "b")], small), Throws.ArgumentException.With.Message.Contains("hidden size"));
    }

    [Test]
    public void BadOptionsAndInputsAreRefused()
    {
        using var model = HfModel.Load(ModelFolder("tiny-bert"));
        var tokenizer = HfTokenizer.Load(ModelFolder("tiny-bert"));
        Assert.That(() => new SnippetRepresentations(model, tokenizer, new() { BatchSize = 0 }), Throws.ArgumentException);
        Assert.That(() => new SnippetRepresentations(model, tokenizer, new() { Layers = [0, 0] }), Throws.ArgumentException);
        Assert.That(() => new SnippetRepresentations(model, tokenizer, new() { Layers = [9] }), Throws.ArgumentException);
        Assert.That(() => new SnippetRepresentations(model, tokenizer, new() { MaxLength = 100_000 }), Throws.ArgumentException);
        Assert.That(() => new SnippetRepresentations(model, tokenizer, new() { Pooling = SentencePooling.None }), Throws.ArgumentException);
        using var reps = new SnippetRepresentations(model, tokenizer);
        Assert.That(() => reps.Encode([]), Throws.ArgumentException);
        Assert.That(() => reps.Encode([null!]), Throws.ArgumentException);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.That(() => reps.Encode(Texts, null, cts.Token), Throws.InstanceOf<OperationCanceledException>());
        var seen = new List<int>();
        new SnippetRepresentations(model, tokenizer, new() { BatchSize = 2 }).Encode(Texts, new SyncProgress(seen));
        Assert.That(seen, Is.EqualTo(new[] { 2, 4, 5 }));
    }

    private sealed class SyncProgress(List<int> seen) : IProgress<int>
    {
        public void Report(int value) => seen.Add(value);
    }
}
