using System.Diagnostics;
using CodeNeurons.Data;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodeNeurons.Redundancy;

/// <summary>
/// Correlation clustering without N² memory, exact for the cuts: the partitions equal those of one global
/// <see cref="CorrelationClustering"/> run at every threshold, for average, complete and single linkage.
/// </summary>
/// <remarks>
/// <para>
/// Why it is exact: with average, complete or single linkage the distance between two clusters is at least the smallest
/// distance between their members (a mean, maximum or minimum of member distances). So every merge at height ≤ t joins two
/// clusters that have a pair of members at distance ≤ t, and every cluster of the cut at t lies inside one connected
/// component of the graph G_t whose edges are the pairs at distance ≤ t. Clusters in different components never merge
/// below t, and the linkage between two clusters depends only on their own members, so clustering each component on its
/// own gives the same merges below t, hence the same partition at t (up to how exact ties are broken, as in any two runs).
/// One graph at the largest threshold serves every smaller threshold (G_t ⊆ G_tmax).
/// </para>
/// <para>
/// How: the columns are standardised once (float32, rows × N, the size of the activations); the correlations are computed
/// by <see cref="ManagedGramKernel"/> for pairs of blocks of <see cref="ThresholdGraphOptions.BlockColumns"/> columns, never stored: each pair within the largest threshold
/// (plus <see cref="ThresholdGraphOptions.EdgeSlack"/>) joins a union–find. Each component of two or more neurons is then
/// clustered by <see cref="CorrelationClustering"/> on its own columns (double-precision correlations, SciPy-exact linkage).
/// Memory: the activations, their standardised copy, O(N) for the union–find, one pair of blocks (rows and products), and
/// 8·C·(C−1)/2 bytes for the largest component C (bounded by <see cref="ThresholdGraphOptions.MaxComponent"/>). Time: the
/// N²·rows/2 products of the graph pass dominate (the same count as the global run's Gram matrix).
/// </para>
/// <para>Cluster ids differ from fcluster's numbering: 1..K by each cluster's first neuron. See docs/clustering.md.</para>
/// </remarks>
public sealed class ThresholdGraphClustering
{
    private readonly ILogger<ThresholdGraphClustering> _logger;

    /// <summary>Creates the clustering.</summary>
    /// <param name="options">Thresholds, linkage, signedness and representatives, as for <see cref="CorrelationClustering"/>; null for the defaults.</param>
    /// <param name="graph">Block size, component bound and edge slack; null for the defaults.</param>
    /// <param name="logger">Optional logger.</param>
    public ThresholdGraphClustering(CorrelationClusteringOptions? options = null, ThresholdGraphOptions? graph = null, ILogger<ThresholdGraphClustering>? logger = null)
    {
        Options = options ?? new CorrelationClusteringOptions();
        Options.Validate();
        Graph = graph ?? new ThresholdGraphOptions();
        Graph.Validate();
        _logger = logger ?? NullLogger<ThresholdGraphClustering>.Instance;
    }

    /// <summary>The clustering settings.</summary>
    public CorrelationClusteringOptions Options { get; }

    /// <summary>The graph settings.</summary>
    public ThresholdGraphOptions Graph { get; }

    /// <summary>Clusters the neurons of <paramref name="activations"/>.</summary>
    /// <param name="activations">Activations [rows ≥ 1, neurons]; rows × neurons must fit one array.</param>
    /// <param name="progress">Optional progress (stage <c>graph</c>: pairs of column blocks done of all; <c>components</c>).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>One partition per threshold.</returns>
    /// <exception cref="InvalidOperationException">A component exceeds <see cref="ThresholdGraphOptions.MaxComponent"/> (the message gives its size and the memory it would need).</exception>
    public ThresholdGraphClusteringResult Cluster(ActivationSet activations, IProgress<ClusteringProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activations);
        return Run(ActivationRows.Of(activations), activations.SelectNeurons, progress, cancellationToken);
    }

    /// <summary>
    /// Clusters the neurons of rows read on demand (e.g. a raw folder, or a column view of one): the standardised copy is
    /// built chunk by chunk, so the activations themselves are never held; after the graph pass that copy is dropped and
    /// the columns of the components of two or more neurons are read once. Same partitions as
    /// <see cref="Cluster(ActivationSet, IProgress{ClusteringProgress}?, CancellationToken)"/> on the same values.
    /// </summary>
    /// <param name="rows">Activations [rows ≥ 1, neurons]; rows × neurons must fit one array.</param>
    /// <param name="progress">Optional progress (stage <c>graph</c>: pairs of column blocks done of all; <c>components</c>).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>One partition per threshold.</returns>
    /// <exception cref="InvalidOperationException">A component exceeds <see cref="ThresholdGraphOptions.MaxComponent"/>.</exception>
    /// <remarks>Memory: 4·T·N bytes for the standardised columns, then 4·T·M for the M neurons in components of two or more, plus the largest component's hierarchy.</remarks>
    public ThresholdGraphClusteringResult Cluster(IActivationRows rows, IProgress<ClusteringProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return Run(rows, null, progress, cancellationToken);
    }

    private ThresholdGraphClusteringResult Run(IActivationRows source, Func<IEnumerable<int>, ActivationSet>? columns, IProgress<ClusteringProgress>? progress, CancellationToken cancellationToken)
    {
        int rows = source.Rows, n = source.NeuronIds.Count;
        if (rows < 1) throw new ArgumentException("The activations have no rows: correlations need at least one row.", "activations");
        var timings = new Dictionary<string, double>();
        var clock = Stopwatch.StartNew();
        float[]? z = Standardise(source, rows, n);
        timings["standardise"] = clock.Elapsed.TotalSeconds;

        clock.Restart();
        double tmax = Options.Thresholds.Max() + Graph.EdgeSlack;
        var parent = new int[n];
        for (int i = 0; i < n; i++) parent[i] = i;
        long edges = Edges(z, rows, n, tmax, parent, progress, cancellationToken);
        z = null; // the standardised copy is not needed any more
        timings["graph"] = clock.Elapsed.TotalSeconds;

        clock.Restart();
        var members = new Dictionary<int, List<int>>();
        for (int i = 0; i < n; i++)
        {
            int root = Find(parent, i);
            if (!members.TryGetValue(root, out var list)) members[root] = list = [];
            list.Add(i);
        }
        int largest = members.Values.Max(m => m.Count);
        if (largest > Graph.MaxComponent)
            throw new InvalidOperationException(
                $"At threshold {Options.Thresholds.Max()} the correlation graph has a component of {largest} neurons, more than MaxComponent = {Graph.MaxComponent} " +
                $"(its hierarchy would need {8.0 * largest * (largest - 1) / 2 / (1 << 30):F1} GiB). Use a smaller threshold or raise ThresholdGraphOptions.MaxComponent.");
        _logger.LogInformation("Threshold graph over {Neurons} neurons: {Edges} edges, {Components} components, largest {Largest}.", n, edges, members.Count, largest);

        // Per threshold: the cluster (by its first neuron) of every neuron, and each cluster's representative.
        int thresholds = Options.Thresholds.Count;
        var clusterOf = new int[thresholds][];
        var representativeOf = new Dictionary<int, int>[thresholds];
        for (int t = 0; t < thresholds; t++)
        {
            clusterOf[t] = new int[n];
            for (int i = 0; i < n; i++) clusterOf[t][i] = i;
            representativeOf[t] = [];
        }
        var ids = source.NeuronIds;
        if (columns is null)
        {
            // Read the columns of every component of two or more neurons once, then cluster each from memory.
            int[] multi = members.Values.Where(m => m.Count > 1).SelectMany(m => m).Select(c => ids[c]).ToArray();
            var gathered = multi.Length == 0 ? null : ActivationRows.ReadAll(source.SelectNeurons(multi));
            columns = wanted => gathered!.SelectNeurons(wanted);
        }
        var clustering = new CorrelationClustering(Options);
        int done = 0;
        foreach (var component in members.Values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (component.Count == 1)
            {
                for (int t = 0; t < thresholds; t++) representativeOf[t][component[0]] = ids[component[0]];
                continue;
            }
            var sub = columns(component.Select(c => ids[c]));
            // SelectNeurons returns ascending ids; map them back to columns.
            var columnOf = component.ToDictionary(c => ids[c]);
            var result = clustering.Cluster(sub, null, cancellationToken);
            for (int t = 0; t < thresholds; t++)
            {
                var cut = result.Cuts[t];
                var first = new Dictionary<int, int>();
                for (int k = 0; k < sub.Neurons; k++)
                {
                    int column = columnOf[sub.NeuronIds[k]];
                    if (!first.TryGetValue(cut.Labels[k], out int f) || column < f) first[cut.Labels[k]] = column;
                }
                for (int k = 0; k < sub.Neurons; k++) clusterOf[t][columnOf[sub.NeuronIds[k]]] = first[cut.Labels[k]];
                for (int label = 1; label <= cut.ClusterCount; label++) representativeOf[t][first[label]] = cut.Representatives[label - 1];
            }
            progress?.Report(new ClusteringProgress("components", ++done, members.Count));
        }

        var cuts = new ClusterCut[thresholds];
        for (int t = 0; t < thresholds; t++)
        {
            var labels = new int[n];
            var idOf = new Dictionary<int, int>();
            var reps = new List<int>();
            for (int i = 0; i < n; i++)
            {
                int f = clusterOf[t][i];
                if (!idOf.TryGetValue(f, out int id))
                {
                    idOf[f] = id = idOf.Count + 1;
                    reps.Add(representativeOf[t][f]);
                }
                labels[i] = id;
            }
            cuts[t] = new ClusterCut(Options.Thresholds[t], idOf.Count, labels, reps);
        }
        timings["components"] = clock.Elapsed.TotalSeconds;
        return new ThresholdGraphClusteringResult([.. ids], cuts, rows, edges, members.Count, largest, timings);
    }

    /// <summary>Row-major standardised values: z[r, j] = (x_rj − mean_j) / ‖x_j − mean_j‖, zero for a constant column, so r(i, j) = Σ_r z[r, i]·z[r, j].</summary>
    /// <remarks>The rows are read in chunks of at most 4 M values, three times (means, sums of squares, z), in row order.</remarks>
    private static float[] Standardise(IActivationRows source, int rows, int n)
    {
        if ((long)rows * n > Array.MaxLength) throw new ArgumentException($"{rows} rows × {n} neurons do not fit one array.", "activations");
        int chunk = (int)Math.Clamp((1 << 22) / n, 1, rows);
        var x = new float[(long)chunk * n];
        void Pass(Action<int, ReadOnlySpan<float>> body) => ActivationRows.ForEachChunk(source, chunk, (start, count) =>
        {
            source.ReadRows(ActivationRows.Range(start, count), x);
            for (int i = 0; i < count; i++) body(start + i, x.AsSpan(i * n, n));
        });
        var mean = new double[n];
        var ss = new double[n];
        Pass((_, row) => { for (int j = 0; j < n; j++) mean[j] += row[j]; });
        for (int j = 0; j < n; j++) mean[j] /= rows;
        Pass((_, row) => { for (int j = 0; j < n; j++) { double d = row[j] - mean[j]; ss[j] += d * d; } });
        var scale = new double[n];
        for (int j = 0; j < n; j++) scale[j] = ss[j] > 0 ? 1 / Math.Sqrt(ss[j]) : 0;
        var z = new float[(long)rows * n];
        Pass((r, row) =>
        {
            var zr = z.AsSpan((int)((long)r * n), n);
            for (int j = 0; j < n; j++) zr[j] = (float)((row[j] - mean[j]) * scale[j]);
        });
        return z;
    }

    /// <summary>
    /// Joins, in the union–find, every pair with distance ≤ <paramref name="tmax"/>; returns the number of such pairs.
    /// </summary>
    /// <remarks>
    /// The columns are cut into blocks of <see cref="ThresholdGraphOptions.BlockColumns"/>. For every pair of blocks P &lt; Q
    /// the rows of [P | Q] are copied into one row-major chunk and <see cref="ManagedGramKernel"/> (packed, register-tiled
    /// SIMD on all cores) computes the upper half of its Gram matrix: the P × Q products are the pair's correlations; the
    /// P × P half is taken from the pair (P, P + 1) and the last block's from the last pair, so every pair of columns is
    /// looked at exactly once (the kernel also computes the diagonal blocks of the other pairs: about twice the products of
    /// the half Gram matrix, in exchange for the kernel's speed). Memory: the chunk (rows × 2·BlockColumns floats) and its
    /// condensed products (2·BlockColumns² doubles). The kernel sums floats within blocks of 256 rows and doubles across
    /// them, so a correlation errs by ≲ 256·2⁻²⁴ ≈ 1.5e-5 at worst (~1e-7 measured), inside <see cref="ThresholdGraphOptions.EdgeSlack"/>.
    /// </remarks>
    private long Edges(float[] z, int rows, int n, double tmax, int[] parent, IProgress<ClusteringProgress>? progress, CancellationToken ct)
    {
        int b = Math.Min(Graph.BlockColumns, n), blocks = (n + b - 1) / b;
        bool signed = Options.Signed;
        var kernel = new ManagedGramKernel();
        int widest = Math.Min(n, 2 * b);
        var chunk = new float[(long)rows * widest];
        var condensed = new double[(long)widest * (widest - 1) / 2];
        var diagonal = new double[widest];
        long edges = 0, done = 0, total = blocks == 1 ? 1 : (long)blocks * (blocks - 1) / 2;
        for (int p = 0; p < blocks; p++)
        {
            for (int q = blocks == 1 ? p : p + 1; q < blocks; q++)
            {
                ct.ThrowIfCancellationRequested();
                int p0 = p * b, pw = Math.Min(b, n - p0);
                int q0 = q * b, qw = q == p ? 0 : Math.Min(b, n - q0);
                int w = pw + qw;
                for (int r = 0; r < rows; r++)
                {
                    long at = (long)r * n;
                    z.AsSpan((int)(at + p0), pw).CopyTo(chunk.AsSpan(r * w, pw));
                    if (qw > 0) z.AsSpan((int)(at + q0), qw).CopyTo(chunk.AsSpan(r * w + pw, qw));
                }
                var products = condensed.AsSpan(0, w * (w - 1) / 2);
                var diag = diagonal.AsSpan(0, w);
                products.Clear();
                diag.Clear();
                kernel.AddGram(chunk.AsSpan(0, rows * w), rows, w, products, diag, ct);
                bool takeP = q == p || q == p + 1, takeQ = q != p && q == blocks - 1 && p == blocks - 2;
                for (int i = 0; i < w; i++)
                {
                    bool inP = i < pw;
                    int from = inP ? (takeP ? i + 1 : pw) : (takeQ ? i + 1 : w);
                    long row = (long)i * w - (long)i * (i + 1) / 2 - i - 1; // condensed index of (i, j) is row + j
                    int gi = inP ? p0 + i : q0 + i - pw;
                    for (int j = from; j < w; j++)
                    {
                        double c = products[(int)(row + j)];
                        if ((signed ? 1 - c : 1 - Math.Abs(c)) <= tmax)
                        {
                            Union(parent, gi, j < pw ? p0 + j : q0 + j - pw);
                            edges++;
                        }
                    }
                }
                progress?.Report(new ClusteringProgress("graph", ++done, total));
            }
        }
        return edges;
    }

    private static int Find(int[] parent, int x)
    {
        while (parent[x] != x)
        {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    }

    private static void Union(int[] parent, int a, int b)
    {
        int ra = Find(parent, a), rb = Find(parent, b);
        if (ra != rb) parent[Math.Max(ra, rb)] = Math.Min(ra, rb);
    }
}
