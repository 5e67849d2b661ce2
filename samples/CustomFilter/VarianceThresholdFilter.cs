using CodeNeurons;
using CodeNeurons.Data;
using CodeNeurons.Redundancy;

namespace CustomFilter;

/// <summary>
/// A user-written <see cref="IRedundancyFilter"/>: drops near-constant ("dead") neurons, whose variance over the rows is
/// at most <paramref name="minVariance"/>. Such neurons carry no information, and their correlations are noise.
/// </summary>
/// <param name="minVariance">Neurons with a (population) variance at most this are removed.</param>
public sealed class VarianceThresholdFilter(double minVariance) : IRedundancyFilter
{
    /// <summary>The variance of every neuron in the last call, by column of its input.</summary>
    public double[] LastVariances { get; private set; } = [];

    /// <inheritdoc />
    public RedundancyResult Filter(ActivationSet activations, CancellationToken cancellationToken = default)
    {
        int n = activations.Neurons;
        var sum = new double[n];
        var sumSquares = new double[n];
        for (int r = 0; r < activations.Rows; r++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ReadOnlySpan<float> row = activations.Row(r);
            for (int j = 0; j < n; j++)
            {
                sum[j] += row[j];
                sumSquares[j] += (double)row[j] * row[j];
            }
        }
        LastVariances = new double[n];
        for (int j = 0; j < n; j++)
        {
            double mean = sum[j] / activations.Rows;
            LastVariances[j] = Math.Max(0, sumSquares[j] / activations.Rows - mean * mean);
        }
        var kept = Enumerable.Range(0, n).Where(j => LastVariances[j] > minVariance).Select(j => activations.NeuronIds[j]);
        return new RedundancyResult(activations.SelectNeurons(kept), n);
    }
}

/// <summary>Runs filters one after another, each on what the previous one kept; itself an <see cref="IRedundancyFilter"/>.</summary>
/// <param name="stages">The filters, in order.</param>
public sealed class FilterPipeline(params IRedundancyFilter[] stages) : IRedundancyFilter
{
    /// <inheritdoc />
    public RedundancyResult Filter(ActivationSet activations, CancellationToken cancellationToken = default)
    {
        ActivationSet current = activations;
        foreach (IRedundancyFilter stage in stages)
            current = stage.Filter(current, cancellationToken).Kept;
        return new RedundancyResult(current, activations.Neurons);
    }
}
