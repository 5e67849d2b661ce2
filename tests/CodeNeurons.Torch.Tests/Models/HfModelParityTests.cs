using CodeNeurons.Torch.Models;
using TorchSharp;

namespace CodeNeurons.Tests.Models;

/// <summary>
/// The TorchSharp models reproduce Hugging Face transformers 5.17 hidden states (all L+1 of them) for the tiny reference
/// checkpoints, from both weight files, at every non-padded position: max abs error ≤ 1e-4 and
/// |got − expected| ≤ 1e-4 + 1e-5·|expected| elementwise.
/// </summary>
[TestFixture]
public sealed class HfModelParityTests
{
    internal const double AbsTolerance = 1e-4;
    internal const double RelTolerance = 1e-5;

    internal static string ModelFolder(string name) => Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "hf-models", name);

    internal static (long[,] Ids, long[,] Mask, CheckpointTensor Expected) LoadExpected(string model)
    {
        string path = Path.Combine(ModelFolder(model), "expected.safetensors");
        var (shape, ids) = SafeTensorsReader.ReadInt64(path, "input_ids");
        var (_, mask) = SafeTensorsReader.ReadInt64(path, "attention_mask");
        var expected = SafeTensorsReader.Read(path)["hidden_states"];
        return (To2D(ids, shape), To2D(mask, shape), expected);
    }

    internal static long[,] To2D(long[] data, long[] shape)
    {
        var r = new long[shape[0], shape[1]];
        for (int i = 0; i < shape[0]; i++)
            for (int j = 0; j < shape[1]; j++) r[i, j] = data[i * shape[1] + j];
        return r;
    }

    public static IEnumerable<TestCaseData> Cases()
    {
        foreach (var m in new[] { "tiny-roberta", "tiny-bert", "tiny-gpt2", "tiny-t5-encoder" })
            foreach (var f in new[] { WeightFormat.SafeTensors, WeightFormat.PyTorchBin })
                yield return new TestCaseData(m, f).SetName($"HiddenStatesMatchTransformers({m}, {f})");
    }

    [TestCaseSource(nameof(Cases))]
    public void HiddenStatesMatchTransformers(string model, WeightFormat format)
    {
        var (ids, mask, expected) = LoadExpected(model);
        using var m = HfModel.Load(ModelFolder(model), new ModelLoadOptions(Format: format));
        var hs = m.Forward(ids, mask);
        long[] shape = expected.Shape;
        Assert.That(new long[] { hs.LayerCount, hs.BatchSize, hs.SequenceLength, hs.HiddenSize }, Is.EqualTo(shape));
        double maxAbs = 0, maxRel = 0;
        int bad = 0;
        for (int l = 0; l < shape[0]; l++)
            for (int b = 0; b < shape[1]; b++)
                for (int s = 0; s < shape[2]; s++)
                {
                    if (mask[b, s] == 0) continue;
                    for (int h = 0; h < shape[3]; h++)
                    {
                        double e = expected.Data[((l * shape[1] + b) * shape[2] + s) * shape[3] + h];
                        double d = Math.Abs(hs.Values[l, b, s, h] - e);
                        maxAbs = Math.Max(maxAbs, d);
                        maxRel = Math.Max(maxRel, d / Math.Max(Math.Abs(e), 1e-3));
                        if (d > AbsTolerance + RelTolerance * Math.Abs(e)) bad++;
                    }
                }
        TestContext.Out.WriteLine($"{model} {format}: max abs {maxAbs:E2}, max rel {maxRel:E2}");
        Assert.Multiple(() =>
        {
            Assert.That(maxAbs, Is.LessThanOrEqualTo(AbsTolerance), "max abs error");
            Assert.That(bad, Is.Zero, "values outside 1e-4 + 1e-5·|expected|");
        });
    }

    [TestCase("tiny-roberta")]
    [TestCase("tiny-bert")]
    [TestCase("tiny-gpt2")]
    [TestCase("tiny-t5-encoder")]
    public void BothWeightFilesHoldIdenticalTensors(string model)
    {
        var st = CheckpointLoader.ReadFolder(ModelFolder(model), WeightFormat.SafeTensors);
        var bin = CheckpointLoader.ReadFolder(ModelFolder(model), WeightFormat.PyTorchBin);
        Assert.That(bin.Keys.Order(), Is.EqualTo(st.Keys.Order()));
        foreach (var (name, t) in st)
        {
            Assert.That(bin[name].Shape, Is.EqualTo(t.Shape), name);
            Assert.That(bin[name].Data, Is.EqualTo(t.Data), name);
        }
    }

    [Test]
    public void ForwardLeavesNoLiveTensors()
    {
        var (ids, mask, _) = LoadExpected("tiny-t5-encoder");
        using var m = HfModel.Load(ModelFolder("tiny-t5-encoder"));
        m.Forward(ids, mask); // warm-up
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (int i = 0; i < 3; i++) m.Forward(ids, mask);
        Assert.That(DisposeScopeManager.Statistics.ThreadTotalLiveCount, Is.EqualTo(before));
    }

    [TestCase("tiny-roberta")]
    [TestCase("tiny-bert")]
    [TestCase("tiny-gpt2")]
    public void ForwardLeavesNoLiveTensorsPerArchitecture(string model)
    {
        var (ids, mask, _) = LoadExpected(model);
        using var m = HfModel.Load(ModelFolder(model));
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        m.Forward(ids, mask);
        Assert.That(DisposeScopeManager.Statistics.ThreadTotalLiveCount, Is.EqualTo(before));
    }
}
