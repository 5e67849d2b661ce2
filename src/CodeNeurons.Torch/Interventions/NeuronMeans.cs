using CodeNeurons.Torch.Models;

namespace CodeNeurons.Torch.Interventions;

/// <summary>
/// Each neuron's mean over the real (non-padding) token positions of a reference corpus, [layers + 1, hidden]: the value
/// mean ablation (<see cref="InterventionMode.Mean"/>) writes.
/// </summary>
public sealed class NeuronMeans
{
    private readonly double[,] _means;

    private NeuronMeans(double[,] means, long positions)
    {
        _means = means;
        Positions = positions;
    }

    /// <summary>Number of hidden states (blocks + 1).</summary>
    public int LayerCount => _means.GetLength(0);

    /// <summary>Hidden size.</summary>
    public int HiddenSize => _means.GetLength(1);

    /// <summary>Number of token positions averaged.</summary>
    public long Positions { get; }

    /// <summary>The mean of one neuron.</summary>
    /// <param name="neuron">The neuron.</param>
    /// <returns>Its mean.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The neuron is outside [0, <see cref="LayerCount"/>) × [0, <see cref="HiddenSize"/>).</exception>
    public double this[ModelNeuron neuron] =>
        neuron.Layer >= 0 && neuron.Layer < LayerCount && neuron.Unit >= 0 && neuron.Unit < HiddenSize
            ? _means[neuron.Layer, neuron.Unit]
            : throw new ArgumentOutOfRangeException(nameof(neuron), $"Neuron {neuron} is outside the means' layers [0, {LayerCount - 1}] and units [0, {HiddenSize - 1}].");

    /// <summary>Averages clean runs (see <see cref="InterventionRunner.ComputeMeans"/> for a corpus).</summary>
    /// <param name="runs">Hidden states of clean forward passes; all with the same layer count and hidden size.</param>
    /// <returns>The means.</returns>
    /// <exception cref="ArgumentException">No run has a real token, or the runs disagree in shape.</exception>
    public static NeuronMeans FromStates(IEnumerable<HiddenStates> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        double[,]? sum = null;
        long count = 0;
        foreach (var run in runs)
        {
            sum ??= new double[run.LayerCount, run.HiddenSize];
            if (run.LayerCount != sum.GetLength(0) || run.HiddenSize != sum.GetLength(1))
                throw new ArgumentException($"A run has [{run.LayerCount} layers, hidden {run.HiddenSize}] but the first had [{sum.GetLength(0)}, {sum.GetLength(1)}].", nameof(runs));
            var v = run.Values;
            for (int b = 0; b < run.BatchSize; b++)
                for (int p = 0; p < run.SequenceLength; p++)
                {
                    if (run.AttentionMask[b, p] == 0) continue;
                    count++;
                    for (int l = 0; l < run.LayerCount; l++)
                        for (int h = 0; h < run.HiddenSize; h++) sum[l, h] += v[l, b, p, h];
                }
        }
        if (sum is null || count == 0) throw new ArgumentException("The reference runs have no real token; means need at least one.", nameof(runs));
        for (int l = 0; l < sum.GetLength(0); l++)
            for (int h = 0; h < sum.GetLength(1); h++) sum[l, h] /= count;
        return new NeuronMeans(sum, count);
    }
}
