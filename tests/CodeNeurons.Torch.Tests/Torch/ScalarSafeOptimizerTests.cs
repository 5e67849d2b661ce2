using CodeNeurons.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace CodeNeurons.Tests.Torch;

/// <summary>
/// <see cref="ScalarSafeOptimizer"/> replaces TorchSharp's <c>optim.AdamW</c>, <c>optim.Adam</c> and <c>optim.SGD</c> (whose
/// implicit Scalars a garbage collection can free mid-call). Its updates must equal TorchSharp's bit for bit: same
/// arithmetic, same order, float32.
/// </summary>
[TestFixture]
public sealed class ScalarSafeOptimizerTests
{
    [TestCase("adamw")]
    [TestCase("adam")]
    [TestCase("sgd")]
    public void FiveStepsEqualTorchSharpsOptimizerBitForBit(string kind)
    {
        using var scope = torch.NewDisposeScope();
        torch.random.manual_seed(3);
        var x = torch.randn(16, 5);
        var y = torch.randint(0, 3, [16], ScalarType.Int64);
        var w0 = torch.randn(3, 5);
        var b0 = torch.randn(3);
        var (wOurs, bOurs) = (new Parameter(w0.clone()), new Parameter(b0.clone()));
        var (wTheirs, bTheirs) = (new Parameter(w0.clone()), new Parameter(b0.clone()));
        using var ours = kind switch
        {
            "adamw" => ScalarSafeOptimizer.AdamW([([wOurs], 0.3), ([bOurs], 0.0)], 0.05, 0.8, 0.95, 1e-6),
            "adam" => ScalarSafeOptimizer.Adam([wOurs, bOurs], 0.05),
            _ => ScalarSafeOptimizer.Sgd([wOurs, bOurs], 0.05),
        };
        using var theirs = kind switch
        {
            "adamw" => (optim.Optimizer)optim.AdamW(
                [new AdamW.ParamGroup([wTheirs], 0.05, 0.8, 0.95, 1e-6, 0.3), new AdamW.ParamGroup([bTheirs], 0.05, 0.8, 0.95, 1e-6, 0.0)], 0.05, 0.8, 0.95, 1e-6),
            "adam" => optim.Adam([wTheirs, bTheirs], 0.05),
            _ => optim.SGD([wTheirs, bTheirs], 0.05),
        };
        for (int step = 0; step < 5; step++)
        {
            if (step == 3) ours.LearningRate = 0.02;
            if (step == 3) foreach (var g in theirs.ParamGroups) g.LearningRate = 0.02;
            ours.ZeroGrad();
            F.cross_entropy(F.linear(x, wOurs, bOurs), y).backward();
            ours.Step();
            theirs.zero_grad();
            F.cross_entropy(F.linear(x, wTheirs, bTheirs), y).backward();
            theirs.step();
            Assert.That(wOurs.data<float>().ToArray(), Is.EqualTo(wTheirs.data<float>().ToArray()), $"weights after step {step + 1}");
            Assert.That(bOurs.data<float>().ToArray(), Is.EqualTo(bTheirs.data<float>().ToArray()), $"bias after step {step + 1}");
        }
        Assert.That(wOurs.data<float>().ToArray(), Is.Not.EqualTo(w0.data<float>().ToArray()), "the steps moved the weights");
        Assert.That(ours.Steps, Is.EqualTo(5));
    }

    /// <summary>
    /// Steps under continuous garbage collection (a collector thread forcing full, finalising collections): with TorchSharp's
    /// implicit Scalars a finalised coefficient is read by libtorch; here every Scalar is held, so every step completes and
    /// gives the same weights as a run without the collector.
    /// </summary>
    [Test]
    public void StepsUnderContinuousGarbageCollectionGiveTheQuietRunsWeights()
    {
        float[] Run(bool collect)
        {
            using var scope = torch.NewDisposeScope();
            torch.random.manual_seed(5);
            var x = torch.randn(32, 8);
            var y = torch.randint(0, 4, [32], ScalarType.Int64);
            var w = new Parameter(torch.randn(4, 8));
            using var optimizer = ScalarSafeOptimizer.AdamW([([w], 0.1)], 0.01);
            using var stop = new CancellationTokenSource();
            var collector = collect
                ? Task.Run(() =>
                {
                    while (!stop.IsCancellationRequested)
                    {
                        GC.Collect(2, GCCollectionMode.Forced, blocking: true);
                        GC.WaitForPendingFinalizers();
                    }
                })
                : Task.CompletedTask;
            try
            {
                for (int i = 0; i < 200; i++)
                {
                    using var step = torch.NewDisposeScope();
                    optimizer.ZeroGrad();
                    F.cross_entropy(F.linear(x, w), y).backward();
                    optimizer.Step();
                }
            }
            finally
            {
                stop.Cancel();
                collector.Wait();
            }
            return w.data<float>().ToArray();
        }
        Assert.That(Run(collect: true), Is.EqualTo(Run(collect: false)));
    }

    [Test]
    public void ANegativeLearningRateIsRefused() =>
        Assert.That(() => ScalarSafeOptimizer.Sgd([], -1), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("learning rate"));
}
