using CodeNeurons.Data;

namespace CodeNeurons.Tests.Interpretation;

/// <summary>Small synthetic probing data: neuron c (c &lt; classes) is shifted by +Signal for class c, the rest is noise; one neuron is constant.</summary>
internal static class ProbeTestData
{
    internal const int ConstantNeuron = 7;

    internal static (ActivationSet Acts, int[] Labels) Classification(int rows, int neurons, int classes, int seed, double signal = 2.0)
    {
        var rng = new Random(seed);
        var values = new float[rows * neurons];
        var labels = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            int y = r % classes;
            labels[r] = y;
            for (int j = 0; j < neurons; j++)
            {
                double v = Gauss(rng) + 0.5;
                if (j == y) v += signal;
                if (j == ConstantNeuron) v = 3.25;
                values[r * neurons + j] = (float)v;
            }
        }
        return (ActivationSet.Create(values, rows, LayerLayout.Flat(neurons)), labels);
    }

    internal static (ActivationSet Acts, double[] Targets) Regression(int rows, int neurons, int seed)
    {
        var rng = new Random(seed);
        var values = new float[rows * neurons];
        var t = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < neurons; j++) values[r * neurons + j] = (float)Gauss(rng);
            t[r] = 2 * values[r * neurons] - values[r * neurons + 1] + 0.5 + 0.05 * Gauss(rng);
        }
        return (ActivationSet.Create(values, rows, LayerLayout.Flat(neurons)), t);
    }

    private static double Gauss(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
