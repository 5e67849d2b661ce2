using CodeNeurons.Data;
using CodeNeurons.Redundancy;

namespace CustomFilter;

/// <summary>What <see cref="VarianceThresholdFilter"/> measured: the variance of every input neuron.</summary>
/// <param name="NeuronIds">The input's neuron ids.</param>
/// <param name="Variances">The population variance of each, in the same order.</param>
public sealed record VarianceDetails(IReadOnlyList<int> NeuronIds, IReadOnlyList<double> Variances);

/// <summary>
/// A user-written <see cref="IRedundancyFilter"/>: drops near-constant ("dead") neurons, whose variance over the rows is
/// at most <paramref name="minVariance"/>. Such neurons carry no information, and their correlations are noise. It reads
/// the activations only, so it works on labelled and unlabelled input alike; the variances are the result's details.
/// </summary>
/// <param name="minVariance">Neurons with a (population) variance at most this are removed.</param>
public sealed class VarianceThresholdFilter(double minVariance) : IRedundancyFilter
{
    /// <inheritdoc />
    public RedundancyResult Filter(RedundancyInput input, CancellationToken cancellationToken = default)
    {
        ActivationSet activations = input.Activations;
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
        var variances = new double[n];
        for (int j = 0; j < n; j++)
        {
            double mean = sum[j] / activations.Rows;
            variances[j] = Math.Max(0, sumSquares[j] / activations.Rows - mean * mean);
        }
        int[] kept = Enumerable.Range(0, n).Where(j => variances[j] > minVariance).Select(j => activations.NeuronIds[j]).ToArray();
        return new RedundancyResult(input.SelectNeurons(kept), n, new VarianceDetails(activations.NeuronIds, variances));
    }
}
