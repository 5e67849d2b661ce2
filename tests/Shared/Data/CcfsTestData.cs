using CodeNeurons.Data;
using CodeNeurons.Interpretation;

namespace CodeNeurons.Tests.Analysis;

/// <summary>
/// 4 layers × 10 neurons, 4 classes. Class y = 2·b1 + b0; bit b0 shifts one neuron by +Signal and bit b1 another, the
/// rest is N(0, 1) noise, so both signal neurons are needed and one alone gives ~50 %.
/// </summary>
internal static class CcfsTestData
{
    internal const int Layers = 4, PerLayer = 10, Classes = 4;
    internal static readonly LayerLayout Layout = LayerLayout.Create(Layers, PerLayer);

    /// <summary>Global ids of layer 2's neurons 3 and 5.</summary>
    internal static readonly int[] SignalNeurons = [23, 25];

    internal static ProbeOptions FastProbe => new() { Epochs = 15, LearningRate = 0.05, BatchSize = 32, Seed = 7 };

    /// <param name="rows">Rows.</param>
    /// <param name="seed">Seed.</param>
    /// <param name="signalPairs">Pairs (bit-0 neuron, bit-1 neuron) that carry the label; default layer 2's 3 and 5.</param>
    /// <param name="labelsOverride">Labels to use instead of r mod 4.</param>
    internal static (ActivationSet Acts, int[] Labels) Make(int rows, int seed, (int B0, int B1)[]? signalPairs = null, Func<int, int>? labelsOverride = null)
    {
        signalPairs ??= [(SignalNeurons[0], SignalNeurons[1])];
        var rng = new Random(seed);
        int n = Layout.Neurons;
        var values = new float[rows * n];
        var labels = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            int y = labelsOverride?.Invoke(r) ?? r % Classes;
            labels[r] = y;
            for (int j = 0; j < n; j++) values[r * n + j] = (float)Gauss(rng);
            foreach (var (b0, b1) in signalPairs)
            {
                if ((y & 1) != 0) values[r * n + b0] += 6f;
                if ((y & 2) != 0) values[r * n + b1] += 6f;
            }
        }
        return (ActivationSet.Create(values, rows, Layout), labels);
    }

    private static double Gauss(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    /// <summary>
    /// This class's task (label bits on neurons 23 and 25 of layer 2) plus near-copies: 24 ≈ 23, 26 ≈ 25 (r ≈ 0.99),
    /// so clustering at small thresholds merges each copy with its original. Tokens: one word type per (class, row mod 7).
    /// </summary>
    internal static (ActivationSet X, int[] Y) Planted(int rows, int seed)
    {
        var (acts, y) = Make(rows, seed);
        var rng = new Random(seed + 1000);
        int n = acts.Neurons;
        var v = new float[rows * n];
        for (int r = 0; r < rows; r++)
        {
            acts.Row(r).CopyTo(v.AsSpan(r * n, n));
            v[r * n + 24] = v[r * n + 23] + 0.1f * (float)TestData.Gaussian(rng);
            v[r * n + 26] = v[r * n + 25] + 0.1f * (float)TestData.Gaussian(rng);
        }
        var tokens = Enumerable.Range(0, rows).Select(r => $"w{y[r]}_{r % 7}").ToArray();
        var sentences = Enumerable.Range(0, rows).ToArray();
        return (ActivationSet.Create(v, rows, acts.Layout, tokens, sentences), y);
    }
}
