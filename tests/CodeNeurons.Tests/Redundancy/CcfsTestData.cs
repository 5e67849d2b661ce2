using CodeNeurons.Data;
using CodeNeurons.Interpretation;

namespace CodeNeurons.Tests.Redundancy;

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
}
