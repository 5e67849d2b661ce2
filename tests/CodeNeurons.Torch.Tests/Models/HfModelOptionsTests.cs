using CodeNeurons.Torch.Models;

namespace CodeNeurons.Tests.Models;

/// <summary>Reduced-precision compute and input validation.</summary>
[TestFixture]
public sealed class HfModelOptionsTests
{
    [TestCase("tiny-roberta", ModelDType.BFloat16, 0.15)]
    [TestCase("tiny-gpt2", ModelDType.BFloat16, 0.15)]
    [TestCase("tiny-t5-encoder", ModelDType.BFloat16, 0.15)]
    [TestCase("tiny-bert", ModelDType.Float16, 0.02)]
    public void ReducedPrecisionStaysCloseToFloat32(string model, ModelDType dtype, double tolerance)
    {
        var (ids, mask, _) = HfModelParityTests.LoadExpected(model);
        using var full = HfModel.Load(HfModelParityTests.ModelFolder(model));
        using var reduced = HfModel.Load(HfModelParityTests.ModelFolder(model), new ModelLoadOptions(DType: dtype));
        var a = full.Forward(ids, mask);
        var b = reduced.Forward(ids, mask);
        double max = 0;
        for (int l = 0; l < a.LayerCount; l++)
            for (int i = 0; i < a.BatchSize; i++)
                for (int s = 0; s < a.SequenceLength; s++)
                {
                    if (mask[i, s] == 0) continue;
                    for (int h = 0; h < a.HiddenSize; h++)
                    {
                        Assert.That(float.IsFinite(b.Values[l, i, s, h]), Is.True);
                        max = Math.Max(max, Math.Abs(a.Values[l, i, s, h] - b.Values[l, i, s, h]));
                    }
                }
        TestContext.Out.WriteLine($"{model} {dtype}: max abs difference to float32 {max:E2}");
        Assert.That(max, Is.LessThan(tolerance));
    }

    [Test]
    public void ForwardRejectsBadInputs()
    {
        using var m = HfModel.Load(HfModelParityTests.ModelFolder("tiny-roberta"));
        Assert.That(() => m.Forward(new long[,] { { 0, 999 } }, new long[,] { { 1, 1 } }),
            Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("999"));
        Assert.That(() => m.Forward(new long[,] { { 0, 2 } }, new long[,] { { 1, 1, 1 } }),
            Throws.ArgumentException.With.Message.Contains("attentionMask"));
        Assert.That(() => m.Forward(new long[1, 200], new long[1, 200]),
            Throws.ArgumentException.With.Message.Contains("position table"));
    }

    [Test]
    public void ForwardAfterDisposeThrows()
    {
        var m = HfModel.Load(HfModelParityTests.ModelFolder("tiny-bert"));
        m.Dispose();
        Assert.That(() => m.Forward(new long[,] { { 2 } }, new long[,] { { 1 } }), Throws.InstanceOf<ObjectDisposedException>());
    }
}
