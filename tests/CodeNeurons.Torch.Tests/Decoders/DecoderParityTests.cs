using CodeNeurons.Torch.Models;
using TorchSharp;

namespace CodeNeurons.Tests.Decoders;

/// <summary>
/// The rotary decoders reproduce the fixtures' reference hidden states and logits (README of <c>Fixtures/hf-decoders</c>)
/// at every real position of right- and left-padded batches, to |got − expected| ≤ 1e-4 · (1 + |expected|) elementwise
/// and max |got − expected| ≤ 1e-5 · max |expected| per tensor (the README's bound for a faithful float32 implementation).
/// </summary>
[TestFixture]
public sealed class DecoderParityTests
{
    private const double ElementTolerance = 1e-4;
    private const double ScaleTolerance = 1e-5;

    private static IEnumerable<TestCaseData> Cases()
    {
        foreach (var m in DecoderFixtures.Models)
            foreach (bool left in new[] { false, true })
                yield return new TestCaseData(m, left).SetName($"HiddenStatesAndLogitsMatch({m}, {(left ? "left" : "right")} padded)");
    }

    /// <summary>Compares one [rows, width] slice set; returns (max abs diff, max |expected|, elements out of tolerance).</summary>
    private static (double MaxAbs, double Scale, int Bad) Compare(Func<int, double> got, Func<int, double> expected, IEnumerable<int> indices)
    {
        double maxAbs = 0, scale = 0;
        int bad = 0;
        foreach (int i in indices)
        {
            double e = expected(i), d = Math.Abs(got(i) - e);
            maxAbs = Math.Max(maxAbs, d);
            scale = Math.Max(scale, Math.Abs(e));
            if (d > ElementTolerance * (1 + Math.Abs(e))) bad++;
        }
        return (maxAbs, scale, bad);
    }

    [TestCaseSource(nameof(Cases))]
    public void HiddenStatesAndLogitsMatch(string model, bool leftPadded)
    {
        var batch = DecoderFixtures.Load(model, leftPadded);
        using var m = (ICausalLanguageModel)HfModel.Load(DecoderFixtures.Folder(model));
        var hsExpected = batch.Tensors["hidden_states"];
        // Left padding: with the positions transformers' forward uses (arange) and with the default (real tokens from 0).
        foreach (var positions in leftPadded ? new long[,]?[] { batch.Positions, null } : [null])
        {
            var output = m.Forward(batch.Ids, batch.Mask, positions);
            var hs = output.HiddenStates;
            long[] shape = hsExpected.Shape;
            Assert.That(new long[] { hs.LayerCount, hs.BatchSize, hs.SequenceLength, hs.HiddenSize }, Is.EqualTo(shape));
            int layers = (int)shape[0], b = (int)shape[1], s = (int)shape[2], h = (int)shape[3];
            string which = positions is null ? "default positions" : "arange positions";
            for (int l = 0; l < layers; l++)
            {
                var real = Enumerable.Range(0, b * s * h).Where(i => batch.Mask[i / (s * h), i / h % s] == 1);
                var (maxAbs, scale, bad) = Compare(i => hs.Values[l, i / (s * h), i / h % s, i % h], i => hsExpected.Data[l * b * s * h + i], real);
                TestContext.Out.WriteLine($"{model} {(leftPadded ? "left" : "right")} {which} hidden_states[{l}]: max abs {maxAbs:E2} (scale {scale:F2})");
                Assert.That(bad, Is.Zero, $"hidden_states[{l}] elements outside 1e-4·(1 + |e|) ({which})");
                Assert.That(maxAbs, Is.LessThanOrEqualTo(ScaleTolerance * scale), $"hidden_states[{l}] max error ({which})");
            }

            var logits = output.Logits!;
            int v = logits.GetLength(2);
            if (!leftPadded)
            {
                var expected = batch.Tensors["logits"];
                Assert.That(expected.Shape, Is.EqualTo(new long[] { b, s, v }));
                var real = Enumerable.Range(0, b * s * v).Where(i => batch.Mask[i / (s * v), i / v % s] == 1);
                var (maxAbs, scale, bad) = Compare(i => logits[i / (s * v), i / v % s, i % v], i => expected.Data[i], real);
                TestContext.Out.WriteLine($"{model} right logits: max abs {maxAbs:E2} (scale {scale:F2})");
                Assert.That(bad, Is.Zero, "logits elements outside tolerance");
                Assert.That(maxAbs, Is.LessThanOrEqualTo(ScaleTolerance * scale), "logits max error");
            }
            else
            {
                var expected = batch.Tensors["last_logits"];
                var (maxAbs, scale, bad) = Compare(i => logits[i / v, s - 1, i % v], i => expected.Data[i], Enumerable.Range(0, b * v));
                TestContext.Out.WriteLine($"{model} left last logits ({which}): max abs {maxAbs:E2} (scale {scale:F2})");
                Assert.That(bad, Is.Zero, "last_logits elements outside tolerance");
                Assert.That(maxAbs, Is.LessThanOrEqualTo(ScaleTolerance * scale), "last_logits max error");
            }
        }
    }

    [TestCaseSource(typeof(DecoderFixtures), nameof(DecoderFixtures.Models))]
    public void GeneratePositionsGiveGenerateLogits(string model)
    {
        var batch = DecoderFixtures.Load(model, leftPadded: true);
        using var m = (ICausalLanguageModel)HfModel.Load(DecoderFixtures.Folder(model));
        var logits = m.Forward(batch.Ids, batch.Mask, batch.GeneratePositions).Logits!;
        var expected = batch.Tensors["generate_last_logits"];
        int b = logits.GetLength(0), s = logits.GetLength(1), v = logits.GetLength(2);
        double maxAbs = 0, scale = 0;
        for (int r = 0; r < b; r++)
            for (int k = 0; k < v; k++)
            {
                double e = expected.Data[r * v + k];
                maxAbs = Math.Max(maxAbs, Math.Abs(logits[r, s - 1, k] - e));
                scale = Math.Max(scale, Math.Abs(e));
            }
        Assert.That(maxAbs, Is.LessThanOrEqualTo(ScaleTolerance * scale));
    }

    [TestCaseSource(typeof(DecoderFixtures), nameof(DecoderFixtures.Models))]
    public void PlainForwardEqualsCausalForwardAndLeaksNoTensors(string model)
    {
        var batch = DecoderFixtures.Load(model, leftPadded: false);
        using var m = HfModel.Load(DecoderFixtures.Folder(model));
        Assert.That(m.Config.IsCausal, Is.True);
        m.Forward(batch.Ids, batch.Mask); // warm-up
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var plain = m.Forward(batch.Ids, batch.Mask);
        var full = ((ICausalLanguageModel)m).Forward(batch.Ids, batch.Mask, null);
        Assert.That(DisposeScopeManager.Statistics.ThreadTotalLiveCount, Is.EqualTo(before));
        Assert.That(plain.Values, Is.EqualTo(full.HiddenStates.Values));
    }

    [Test]
    public void ConfigReadsEachFamily()
    {
        var llama = HfModelConfig.Load(Path.Combine(DecoderFixtures.Folder("tiny-llama"), "config.json"));
        var qwen = HfModelConfig.Load(Path.Combine(DecoderFixtures.Folder("tiny-qwen2"), "config.json"));
        var star = HfModelConfig.Load(Path.Combine(DecoderFixtures.Folder("tiny-starcoder2"), "config.json"));
        Assert.Multiple(() =>
        {
            Assert.That(llama.Decoder!.TieWordEmbeddings, Is.False);
            Assert.That(llama.Decoder.Norm, Is.EqualTo(DecoderNorm.RmsNorm));
            Assert.That(llama.Decoder.QkvBias, Is.False);
            Assert.That(llama.LayerNormEps, Is.EqualTo(1e-5));
            Assert.That(qwen.Decoder!.QkvBias && !qwen.Decoder.OutputBias, Is.True);
            Assert.That(qwen.Decoder.TieWordEmbeddings, Is.True);
            Assert.That(qwen.Decoder.SlidingWindows, Is.All.Null, "use_sliding_window: false");
            Assert.That(qwen.Decoder.RopeTheta, Is.EqualTo(1e6));
            Assert.That(star.Decoder!.TieWordEmbeddings, Is.True, "absent tie_word_embeddings means true for StarCoder2");
            Assert.That(star.Decoder.Norm, Is.EqualTo(DecoderNorm.LayerNorm));
            Assert.That(star.Decoder.SlidingWindows, Is.All.EqualTo(4096));
            Assert.That(star.Activation, Is.EqualTo("gelu_pytorch_tanh"));
            Assert.That(star.Decoder.NumKeyValueHeads, Is.EqualTo(2));
        });
    }
}
