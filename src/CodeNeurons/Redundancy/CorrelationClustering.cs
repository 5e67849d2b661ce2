using System.Buffers;
using System.Diagnostics;
using CodeNeurons.Data;
using CodeNeurons.Numerics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodeNeurons.Redundancy;

/// <summary>
/// General redundancy by correlation clustering of neurons (Dalvi et al. 2020; NeuroX
/// <c>create_correlation_clusters</c>): Pearson r between neuron columns, distance 1 − |r| (or 1 − r),
/// agglomerative clustering, flat clusters cut at merge distance ≤ threshold, one representative per cluster.
/// </summary>
/// <remarks>
/// The correlation is a Gram matrix accumulated over chunks of rows (<see cref="CorrelationAccumulator"/>), so
/// the number of tokens is unbounded; the hierarchy is built once and cut at every threshold of
/// <see cref="CorrelationClusteringOptions.Thresholds"/>. Partitions equal SciPy's <c>linkage</c> +
/// <c>fcluster(criterion="distance")</c> on the same distances.
/// </remarks>
public sealed class CorrelationClustering : IRedundancyFilter
{
    private readonly IGramKernel _kernel;
    private readonly ILogger<CorrelationClustering> _logger;

    /// <summary>Creates a clustering with the given settings.</summary>
    /// <param name="options">Settings (validated here); <see langword="null"/> for the defaults.</param>
    /// <param name="kernel">The Gram kernel; <see langword="null"/> for <see cref="ManagedGramKernel"/> (a TorchSharp kernel lives in CodeNeurons.Torch).</param>
    /// <param name="logger">Optional logger.</param>
    public CorrelationClustering(CorrelationClusteringOptions? options = null, IGramKernel? kernel = null, ILogger<CorrelationClustering>? logger = null)
    {
        Options = options ?? new CorrelationClusteringOptions();
        Options.Validate();
        _kernel = kernel ?? new ManagedGramKernel();
        _logger = logger ?? NullLogger<CorrelationClustering>.Instance;
    }

    /// <summary>The settings.</summary>
    public CorrelationClusteringOptions Options { get; }

    /// <summary>Keeps one representative per cluster at the first threshold (labels, if any, are carried along, not read).</summary>
    /// <param name="input">The activations [rows, neurons] to cluster.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The representatives; <see cref="RedundancyResult.Details"/> is the <see cref="CorrelationClusteringResult"/> with every threshold's cut.</returns>
    public RedundancyResult Filter(RedundancyInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var result = Cluster(input.Activations, progress: null, cancellationToken);
        return new RedundancyResult(input.SelectNeurons(result.Cuts[0].Representatives.Order().ToArray()), input.Neurons, result);
    }

    /// <summary>Clusters the neurons of an in-memory activation set.</summary>
    /// <param name="activations">Activations [rows ≥ 1, neurons].</param>
    /// <param name="progress">Optional progress reports.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The hierarchy and one cut per threshold.</returns>
    public CorrelationClusteringResult Cluster(ActivationSet activations, IProgress<ClusteringProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activations);
        using var stream = activations.OpenStream();
        return Cluster(stream, progress, cancellationToken);
    }

    /// <summary>Clusters the neurons of a stream of rows, reading it chunk by chunk (memory: one chunk plus the N×N half).</summary>
    /// <param name="activations">The rows; read to the end.</param>
    /// <param name="progress">Optional progress reports.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The hierarchy and one cut per threshold.</returns>
    /// <exception cref="ArgumentException">The stream has no rows.</exception>
    public CorrelationClusteringResult Cluster(IActivationStream activations, IProgress<ClusteringProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activations);
        int n = activations.NeuronIds.Count;
        var timings = new Dictionary<string, double>();
        var clock = Stopwatch.StartNew();
        using var accumulator = new CorrelationAccumulator(n, _kernel);
        double readSeconds = Accumulate(activations, accumulator, Options.ChunkRows, progress, cancellationToken);
        if (accumulator.Count == 0)
            throw new ArgumentException("The activations have no rows: correlations need at least one row.", nameof(activations));
        timings["read"] = readSeconds;
        timings["correlation"] = clock.Elapsed.TotalSeconds - readSeconds;
        _logger.LogInformation("Accumulated correlations of {Neurons} neurons over {Rows} rows with the {Kernel} kernel in {Seconds:F2} s.", n, accumulator.Count, _kernel.Name, clock.Elapsed.TotalSeconds);
        return Cluster(accumulator, activations.NeuronIds, progress, cancellationToken, timings, consume: true);
    }

    /// <summary>Reads <paramref name="activations"/> to the end in chunks of rows into <paramref name="accumulator"/>; returns the seconds spent reading.</summary>
    internal static double Accumulate(IActivationStream activations, CorrelationAccumulator accumulator, int chunkRows,
        IProgress<ClusteringProgress>? progress, CancellationToken cancellationToken)
    {
        int n = activations.NeuronIds.Count;
        chunkRows = (int)Math.Max(1, Math.Min(chunkRows, Array.MaxLength / n));
        var buffer = ArrayPool<float>.Shared.Rent(chunkRows * n);
        double readSeconds = 0;
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                long t0 = Stopwatch.GetTimestamp();
                int rows = activations.Read(buffer.AsSpan(0, chunkRows * n));
                readSeconds += Stopwatch.GetElapsedTime(t0).TotalSeconds;
                if (rows == 0) break;
                accumulator.AddInPlace(buffer, rows, cancellationToken);
                progress?.Report(new ClusteringProgress("correlation", accumulator.Count, activations.RowCount));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
        return readSeconds;
    }

    /// <summary>Clusters from correlations already accumulated (e.g. partial accumulators merged from several machines).</summary>
    /// <param name="accumulator">The accumulated correlations (left intact).</param>
    /// <param name="neuronIds">Global id of each of the accumulator's neurons.</param>
    /// <param name="progress">Optional progress reports.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The hierarchy and one cut per threshold.</returns>
    public CorrelationClusteringResult Cluster(CorrelationAccumulator accumulator, IReadOnlyList<int> neuronIds, IProgress<ClusteringProgress>? progress = null, CancellationToken cancellationToken = default)
        => Cluster(accumulator, neuronIds, progress, cancellationToken, new Dictionary<string, double>(), consume: false);

    /// <summary>
    /// Clusters from correlation distances already computed, e.g. a block of a larger matrix
    /// (<see cref="CondensedDistanceMatrix.Select"/>) so that several neuron subsets share one correlation pass.
    /// <see cref="CorrelationClusteringOptions.Signed"/> is not consulted: the distances are used as given.
    /// </summary>
    /// <param name="distances">Distances between the neurons (left intact).</param>
    /// <param name="neuronIds">Global id of each of the matrix's items.</param>
    /// <param name="rows">Rows (tokens) the distances were computed over, reported in the result.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The hierarchy and one cut per threshold.</returns>
    /// <exception cref="ArgumentException"><paramref name="neuronIds"/> does not have one entry per item.</exception>
    public CorrelationClusteringResult Cluster(CondensedDistanceMatrix distances, IReadOnlyList<int> neuronIds, long rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(distances);
        ArgumentNullException.ThrowIfNull(neuronIds);
        if (neuronIds.Count != distances.Count)
            throw new ArgumentException($"neuronIds has {neuronIds.Count} entries but the distance matrix has {distances.Count} items.", nameof(neuronIds));
        return Cluster(distances, neuronIds, rows, null, cancellationToken, new Dictionary<string, double>(), ownsDistances: false);
    }

    private CorrelationClusteringResult Cluster(CorrelationAccumulator accumulator, IReadOnlyList<int> neuronIds, IProgress<ClusteringProgress>? progress, CancellationToken ct, Dictionary<string, double> timings, bool consume)
    {
        ArgumentNullException.ThrowIfNull(accumulator);
        ArgumentNullException.ThrowIfNull(neuronIds);
        if (neuronIds.Count != accumulator.Neurons)
            throw new ArgumentException($"neuronIds has {neuronIds.Count} entries but the accumulator has {accumulator.Neurons} neurons.", nameof(neuronIds));
        long rows = accumulator.Count;
        var clock = Stopwatch.StartNew();
        progress?.Report(new ClusteringProgress("distances", rows, rows));
        var distances = accumulator.ToDistances(Options.Signed, consume, ct);
        timings["distances"] = clock.Elapsed.TotalSeconds;
        return Cluster(distances, neuronIds, rows, progress, ct, timings, ownsDistances: true);
    }

    private CorrelationClusteringResult Cluster(CondensedDistanceMatrix distances, IReadOnlyList<int> neuronIds, long rows, IProgress<ClusteringProgress>? progress, CancellationToken ct, Dictionary<string, double> timings, bool ownsDistances)
    {
        var clock = Stopwatch.StartNew();
        progress?.Report(new ClusteringProgress("linkage", rows, rows));
        // Medoids need the distances after linkage: give linkage its own copy then; otherwise let it work in place.
        var hierarchy = Options.Representative == RepresentativeSelection.Medoid || !ownsDistances
            ? HierarchicalClustering.Build(distances, Options.Linkage, ct)
            : HierarchicalClustering.BuildInPlace(distances, Options.Linkage, ct);
        timings["linkage"] = clock.Elapsed.TotalSeconds;
        _logger.LogInformation("Built the {Method} hierarchy over {Neurons} neurons in {Seconds:F2} s.", Options.Linkage, distances.Count, timings["linkage"]);

        clock.Restart();
        progress?.Report(new ClusteringProgress("cuts", rows, rows));
        var cuts = new ClusterCut[Options.Thresholds.Count];
        for (int t = 0; t < cuts.Length; t++)
        {
            ct.ThrowIfCancellationRequested();
            double threshold = Options.Thresholds[t];
            int[] labels = hierarchy.Cut(threshold);

            int k = labels.Length == 0 ? 0 : labels.Max();
            int[] reps = ChooseRepresentatives(labels, k, distances, neuronIds, t, ct);
            cuts[t] = new ClusterCut(threshold, k, labels, reps);
        }
        timings["cuts"] = clock.Elapsed.TotalSeconds;
        return new CorrelationClusteringResult(neuronIds.ToArray(), hierarchy, cuts, rows, timings);
    }

    private int[] ChooseRepresentatives(int[] labels, int k, CondensedDistanceMatrix distances, IReadOnlyList<int> neuronIds, int thresholdIndex, CancellationToken ct)
    {
        // Members of each cluster, in ascending column order.
        var counts = new int[k + 1];
        foreach (int l in labels) counts[l]++;
        var starts = new int[k + 2];
        for (int c = 1; c <= k; c++) starts[c + 1] = starts[c] + counts[c];
        var members = new int[labels.Length];
        var fill = (int[])starts.Clone();
        for (int i = 0; i < labels.Length; i++) members[fill[labels[i]]++] = i;

        var reps = new int[k];
        switch (Options.Representative)
        {
            case RepresentativeSelection.Lowest:
                for (int c = 1; c <= k; c++) reps[c - 1] = neuronIds[members[starts[c]]];
                break;
            case RepresentativeSelection.Random:
                var rng = new Random(Seeds.Mix(Options.Seed, thresholdIndex));
                for (int c = 1; c <= k; c++) reps[c - 1] = neuronIds[members[starts[c] + rng.Next(counts[c])]];
                break;
            default:
                var d = distances.Values;
                int n = distances.Count;
                Parallel.For(1, k + 1, new ParallelOptions { CancellationToken = ct }, c =>
                {
                    int size = counts[c], s0 = starts[c];
                    if (size <= 2) { reps[c - 1] = neuronIds[members[s0]]; return; }
                    var sums = new double[size];
                    for (int a = 0; a < size; a++)
                    {
                        int i = members[s0 + a];
                        long rowBase = (long)n * i - (long)i * (i + 1) / 2 - i - 1;
                        for (int b = a + 1; b < size; b++)
                        {
                            double v = d[rowBase + members[s0 + b]];
                            sums[a] += v;
                            sums[b] += v;
                        }
                    }
                    int best = 0;
                    for (int a = 1; a < size; a++) if (sums[a] < sums[best]) best = a;
                    reps[c - 1] = neuronIds[members[s0 + best]];
                });
                break;
        }
        return reps;
    }
}
