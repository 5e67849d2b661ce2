using CodeNeurons.Torch.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace CodeNeurons.Tests.Training;

[TestFixture]
public sealed class ClassifierOptimizerTests
{
    private static readonly double[,] X = { { 0.5, -1.0, 2.0 }, { 1.5, 0.25, -0.5 }, { -2.0, 1.0, 0.75 }, { 0.1, -0.3, 1.2 } };
    private static readonly int[] Y = [0, 1, 1, 0];

    /// <summary>
    /// Two optimiser steps on a linear head (W [2, 3], b [2]) under cross-entropy, against AdamW computed by hand in double:
    /// gradient of the mean cross-entropy (softmax − one-hot)·x / N, global-norm clipping (coefficient max / (norm + 1e-6)
    /// when below 1), then p ← p − lr·λ·p (W only: biases get no decay), m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g²,
    /// p ← p − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε), with the learning rate of the linear schedule
    /// (no warm-up, 2 steps: lr, then lr / 2).
    /// </summary>
    [TestCase(0.0)]
    [TestCase(0.05)]
    public void TwoStepsEqualAdamWComputedByHand(double maxGradNorm)
    {
        var options = new FineTuningOptions { LearningRate = 0.1, WeightDecay = 0.5, Beta1 = 0.8, Beta2 = 0.95, Epsilon = 1e-6, WarmupFraction = 0, MaxGradNorm = maxGradNorm };
        double[,] w = { { 0.2, -0.1, 0.3 }, { -0.4, 0.05, 0.1 } };
        double[] b = [0.1, -0.2];
        using var scope = torch.NewDisposeScope();
        var weight = new Parameter(torch.tensor(Flat(w), [2, 3], ScalarType.Float32));
        var bias = new Parameter(torch.tensor(b.Select(v => (float)v).ToArray(), [2], ScalarType.Float32));
        using var optimizer = new ClassifierOptimizer([("classifier.weight", weight), ("classifier.bias", bias)], options, totalSteps: 2);
        var x = torch.tensor(Flat(X), [4, 3], ScalarType.Float32);
        var y = torch.tensor(Y.Select(v => (long)v).ToArray(), ScalarType.Int64);

        double[,] mw = new double[2, 3], vw = new double[2, 3];
        double[] mb = new double[2], vb = new double[2];
        for (int t = 1; t <= 2; t++)
        {
            double lr = t == 1 ? 0.1 : 0.05;
            var (gw, gb) = Gradients(w, b);
            if (maxGradNorm > 0)
            {
                double norm = Math.Sqrt(gw.Cast<double>().Sum(g => g * g) + gb.Sum(g => g * g));
                double coef = Math.Min(1.0, maxGradNorm / (norm + 1e-6));
                for (int i = 0; i < 2; i++)
                {
                    gb[i] *= coef;
                    for (int j = 0; j < 3; j++) gw[i, j] *= coef;
                }
            }
            double c1 = 1 - Math.Pow(options.Beta1, t), c2 = 1 - Math.Pow(options.Beta2, t);
            for (int i = 0; i < 2; i++)
            {
                for (int j = 0; j < 3; j++)
                {
                    w[i, j] -= lr * options.WeightDecay * w[i, j];
                    mw[i, j] = options.Beta1 * mw[i, j] + (1 - options.Beta1) * gw[i, j];
                    vw[i, j] = options.Beta2 * vw[i, j] + (1 - options.Beta2) * gw[i, j] * gw[i, j];
                    w[i, j] -= lr / c1 * mw[i, j] / (Math.Sqrt(vw[i, j]) / Math.Sqrt(c2) + options.Epsilon);
                }
                mb[i] = options.Beta1 * mb[i] + (1 - options.Beta1) * gb[i];
                vb[i] = options.Beta2 * vb[i] + (1 - options.Beta2) * gb[i] * gb[i];
                b[i] -= lr / c1 * mb[i] / (Math.Sqrt(vb[i]) / Math.Sqrt(c2) + options.Epsilon);
            }

            double used;
            using (var step = torch.NewDisposeScope())
                used = optimizer.TakeStep(F.cross_entropy(F.linear(x, weight, bias), y));
            Assert.That(used, Is.EqualTo(lr).Within(1e-15), $"learning rate of step {t}");
            var actualW = weight.detach().data<float>().ToArray();
            var actualB = bias.detach().data<float>().ToArray();
            // float32 arithmetic in libtorch against double here: 2e-6 absolute on values of order 0.1–0.4.
            Assert.That(actualW, Is.EqualTo(Flat(w)).Within(2e-6), $"W after step {t}");
            Assert.That(actualB, Is.EqualTo(b.Select(v => (float)v).ToArray()).Within(2e-6), $"b after step {t}");
        }
    }

    /// <summary>d(mean cross-entropy)/dW and /db for logits x·Wᵀ + b, by hand.</summary>
    private static (double[,] W, double[] B) Gradients(double[,] w, double[] b)
    {
        var gw = new double[2, 3];
        var gb = new double[2];
        int n = Y.Length;
        for (int r = 0; r < n; r++)
        {
            var z = new double[2];
            for (int i = 0; i < 2; i++)
            {
                z[i] = b[i];
                for (int j = 0; j < 3; j++) z[i] += w[i, j] * X[r, j];
            }
            double max = Math.Max(z[0], z[1]), s = Math.Exp(z[0] - max) + Math.Exp(z[1] - max);
            for (int i = 0; i < 2; i++)
            {
                double d = (Math.Exp(z[i] - max) / s - (Y[r] == i ? 1 : 0)) / n;
                gb[i] += d;
                for (int j = 0; j < 3; j++) gw[i, j] += d * X[r, j];
            }
        }
        return (gw, gb);
    }

    private static float[] Flat(double[,] a) => a.Cast<double>().Select(v => (float)v).ToArray();

    [Test]
    public void ScheduleWarmsUpLinearlyThenDecaysToZero()
    {
        using var scope = torch.NewDisposeScope();
        var p = new Parameter(torch.zeros(2));
        using var optimizer = new ClassifierOptimizer([("w", p)], new FineTuningOptions { LearningRate = 1.0, WarmupFraction = 0.2 }, totalSteps: 10);
        Assert.That(optimizer.WarmupSteps, Is.EqualTo(2));
        var rates = Enumerable.Range(0, 11).Select(k => optimizer.Rate(k)).ToArray();
        Assert.That(rates, Is.EqualTo(new[] { 0, 0.5, 1, 7 / 8.0, 6 / 8.0, 5 / 8.0, 4 / 8.0, 3 / 8.0, 2 / 8.0, 1 / 8.0, 0 }).Within(1e-12));
    }

    [TestCase("bert.encoder.layer.0.attention.output.LayerNorm.weight", true)]
    [TestCase("classifier.bias", true)]
    [TestCase("transformer.h.1.ln_2.weight", true)]
    [TestCase("transformer.ln_f.weight", true)]
    [TestCase("classifier.dense.weight", false)]
    [TestCase("transformer.h.0.attn.c_attn.weight", false)]
    public void NoWeightDecayForBiasesAndLayerNorms(string name, bool exempt) =>
        Assert.That(ClassifierOptimizer.NoDecay(name), Is.EqualTo(exempt));
}
