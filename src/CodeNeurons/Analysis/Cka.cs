using System.Numerics;
using System.Runtime.InteropServices;
using CodeNeurons.Data;
using DenseMatrix = MathNet.Numerics.LinearAlgebra.Double.DenseMatrix;

namespace CodeNeurons.Analysis;

/// <summary>
/// Centered kernel alignment (CKA) between all pairs of layers with a linear kernel: minibatch CKA with the
/// unbiased HSIC estimator of Nguyen et al. (2020) ("Do Wide and Deep Networks Learn the Same Things?"), and the
/// biased full-data linear CKA of Kornblith et al. (2019) as a check. See <c>docs/cka.md</c>.
/// </summary>
public static class Cka
{
    /// <summary>
    /// Minibatch CKA between all layers of <paramref name="activations"/>: seeded minibatches of rows are drawn
    /// (<see cref="SampleMinibatches"/>), and CKA = mean HSIC(K, L) / √(mean HSIC(K, K) · mean HSIC(L, L)) with
    /// linear kernels K = X Xᵀ of each minibatch.
    /// </summary>
    /// <param name="activations">Activations with neurons of at least two layers (slice with <see cref="ActivationSet.SelectLayers"/>).</param>
    /// <param name="options">Minibatch size and count, seed, estimator; defaults when <see langword="null"/>.</param>
    /// <param name="progress">Receives a report after each minibatch.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The L × L matrix.</returns>
    /// <exception cref="ArgumentException">Fewer than two layers, or a bad minibatch size (below 4 for the unbiased estimator, above the number of rows) or count.</exception>
    public static CkaResult Compute(ActivationSet activations, CkaOptions? options = null, IProgress<CkaProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activations);
        options ??= new CkaOptions();
        var batches = SampleMinibatches(activations.Rows, options);
        var (matrix, layers) = MinibatchCore(activations, batches, options.Unbiased, progress, cancellationToken);
        return new CkaResult(matrix, layers, options.Unbiased ? CkaMethod.MinibatchUnbiased : CkaMethod.MinibatchBiased,
            options.MinibatchSize, options.Minibatches, options.Seed);
    }

    /// <summary>Minibatch CKA over explicitly given minibatches (row indices), e.g. to reproduce another implementation.</summary>
    /// <param name="activations">Activations with neurons of at least two layers.</param>
    /// <param name="minibatches">Row indices of each minibatch; all minibatches the same size, rows distinct within one.</param>
    /// <param name="unbiased"><see langword="true"/> for HSIC₁, <see langword="false"/> for HSIC₀.</param>
    /// <param name="progress">Receives a report after each minibatch.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The L × L matrix (<see cref="CkaResult.Seed"/> is <see langword="null"/>).</returns>
    /// <exception cref="ArgumentException">Fewer than two layers, no minibatches, unequal sizes, a row out of range or repeated, or a size too small.</exception>
    public static CkaResult Compute(ActivationSet activations, IReadOnlyList<IReadOnlyList<int>> minibatches, bool unbiased = true,
        IProgress<CkaProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activations);
        ArgumentNullException.ThrowIfNull(minibatches);
        if (minibatches.Count == 0) throw new ArgumentException("Give at least one minibatch.", nameof(minibatches));
        var batches = new int[minibatches.Count][];
        for (int b = 0; b < batches.Length; b++)
        {
            var batch = minibatches[b] ?? throw new ArgumentException($"minibatches[{b}] is null.", nameof(minibatches));
            batches[b] = batch.ToArray();
            if (batches[b].Length != batches[0].Length)
                throw new ArgumentException($"minibatches[{b}] has {batches[b].Length} rows but minibatches[0] has {batches[0].Length}; all minibatches must be the same size.", nameof(minibatches));
            var seen = new HashSet<int>();
            foreach (int r in batches[b])
            {
                if (r < 0 || r >= activations.Rows)
                    throw new ArgumentException($"minibatches[{b}] has row {r}, outside [0, {activations.Rows}).", nameof(minibatches));
                if (!seen.Add(r)) throw new ArgumentException($"minibatches[{b}] repeats row {r}.", nameof(minibatches));
            }
        }
        CheckMinibatchSize(batches[0].Length, activations.Rows, unbiased, nameof(minibatches));
        var (matrix, layers) = MinibatchCore(activations, batches, unbiased, progress, cancellationToken);
        return new CkaResult(matrix, layers, unbiased ? CkaMethod.MinibatchUnbiased : CkaMethod.MinibatchBiased, batches[0].Length, batches.Length, null);
    }

    /// <summary>
    /// The minibatches <see cref="Compute(ActivationSet, CkaOptions?, IProgress{CkaProgress}?, CancellationToken)"/> uses:
    /// epochs over a seeded random permutation of the rows, cut into consecutive chunks of <see cref="CkaOptions.MinibatchSize"/>
    /// (a leftover chunk is dropped and a new permutation drawn), so minibatches of one epoch do not overlap. Each minibatch is sorted.
    /// </summary>
    /// <param name="rows">Number of rows.</param>
    /// <param name="options">Size, count and seed.</param>
    /// <returns><see cref="CkaOptions.Minibatches"/> arrays of row indices.</returns>
    /// <exception cref="ArgumentException">Bad minibatch size or count.</exception>
    public static int[][] SampleMinibatches(int rows, CkaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        if (options.Minibatches < 1)
            throw new ArgumentException($"Minibatches is {options.Minibatches}; average over at least one minibatch.", nameof(options));
        CheckMinibatchSize(options.MinibatchSize, rows, options.Unbiased, nameof(options));
        int n = options.MinibatchSize;
        var rng = new Random(options.Seed);
        var perm = Enumerable.Range(0, rows).ToArray();
        int next = rows;
        var result = new int[options.Minibatches][];
        for (int b = 0; b < result.Length; b++)
        {
            if (next + n > rows)
            {
                rng.Shuffle(perm);
                next = 0;
            }
            var batch = perm.AsSpan(next, n).ToArray();
            Array.Sort(batch);
            result[b] = batch;
            next += n;
        }
        return result;
    }

    /// <summary>
    /// Biased linear CKA between all layers on all rows (Kornblith et al. 2019): with each layer's columns centred,
    /// CKA(X, Y) = ‖YᵀX‖²_F / (‖XᵀX‖_F ‖YᵀY‖_F). Costs about L²/2 · T · D² multiply-adds; meant as a check on small sets.
    /// </summary>
    /// <param name="activations">Activations with neurons of at least two layers and at least two rows.</param>
    /// <param name="cancellationToken">Cancels the work (checked between layer pairs).</param>
    /// <returns>The L × L matrix (<see cref="CkaResult.Method"/> is <see cref="CkaMethod.FullBiased"/>).</returns>
    /// <exception cref="ArgumentException">Fewer than two layers or two rows.</exception>
    public static CkaResult ComputeFull(ActivationSet activations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activations);
        var groups = LayerGroups(activations);
        int rows = activations.Rows;
        if (rows < 2) throw new ArgumentException($"Full CKA needs at least 2 rows; the set has {rows}.", nameof(activations));
        var mats = new DenseMatrix[groups.Length];
        for (int l = 0; l < groups.Length; l++)
        {
            var (start, width) = (groups[l].Start, groups[l].Width);
            var m = new DenseMatrix(rows, width);
            for (int c = 0; c < width; c++)
            {
                double mean = 0;
                for (int r = 0; r < rows; r++) mean += activations[r, start + c];
                mean /= rows;
                for (int r = 0; r < rows; r++) m[r, c] = activations[r, start + c] - mean;
            }
            mats[l] = m;
        }
        int count = groups.Length;
        var cross = new double[count, count];
        for (int i = 0; i < count; i++)
        {
            for (int j = i; j < count; j++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                double f = mats[i].TransposeThisAndMultiply(mats[j]).FrobeniusNorm();
                cross[i, j] = cross[j, i] = f * f;
            }
        }
        return new CkaResult(Normalise(cross, ConstantLayers(activations, groups)), groups.Select(g => g.Layer).ToArray(), CkaMethod.FullBiased, rows, 1, null);
    }

    private static void CheckMinibatchSize(int n, int rows, bool unbiased, string param)
    {
        int min = unbiased ? 4 : 2;
        if (n < min)
            throw new ArgumentException(unbiased
                ? $"Minibatch size {n} is too small for the unbiased HSIC estimator, which divides by n − 3; use at least 4 rows (hundreds in practice)."
                : $"Minibatch size {n} is too small; use at least 2 rows.", param);
        if (n > rows)
            throw new ArgumentException($"Minibatch size {n} is larger than the {rows} rows of the activation set.", param);
    }

    private readonly record struct LayerGroup(int Layer, int Start, int Width);

    private static LayerGroup[] LayerGroups(ActivationSet activations)
    {
        var ids = activations.NeuronIds;
        int d = activations.Layout.NeuronsPerLayer;
        var groups = new List<LayerGroup>();
        int start = 0;
        for (int c = 1; c <= ids.Count; c++)
        {
            if (c == ids.Count || ids[c] / d != ids[start] / d)
            {
                groups.Add(new LayerGroup(ids[start] / d, start, c - start));
                start = c;
            }
        }
        if (groups.Count < 2)
            throw new ArgumentException($"CKA compares layers, but the activation set has neurons of only layer {groups[0].Layer}; give at least two layers.", nameof(activations));
        return groups.ToArray();
    }

    private static (double[,] Matrix, int[] Layers) MinibatchCore(ActivationSet activations, int[][] batches, bool unbiased,
        IProgress<CkaProgress>? progress, CancellationToken cancellationToken)
    {
        var groups = LayerGroups(activations);
        int count = groups.Length, n = batches[0].Length;
        var grams = new double[count][];
        var rowSums = new double[count][];
        var totals = new double[count];
        for (int l = 0; l < count; l++)
        {
            grams[l] = new double[n * n];
            rowSums[l] = new double[n];
        }
        var cross = new double[count, count];
        var pairs = new List<(int I, int J)>();
        for (int i = 0; i < count; i++)
            for (int j = i; j < count; j++) pairs.Add((i, j));
        var values = new double[pairs.Count];
        var parallel = new ParallelOptions { CancellationToken = cancellationToken };
        for (int b = 0; b < batches.Length; b++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = batches[b];
            Parallel.For(0, count, parallel, l => PrepareGram(activations, batch, groups[l], unbiased, grams[l], rowSums[l], out totals[l]));
            Parallel.For(0, pairs.Count, parallel, p =>
            {
                var (i, j) = pairs[p];
                double sum = Dot(grams[i], grams[j]);
                values[p] = unbiased
                    ? (sum + totals[i] * totals[j] / ((n - 1.0) * (n - 2.0)) - 2.0 / (n - 2.0) * Dot(rowSums[i], rowSums[j])) / (n * (n - 3.0))
                    : sum / ((n - 1.0) * (n - 1.0));
            });
            for (int p = 0; p < pairs.Count; p++) cross[pairs[p].I, pairs[p].J] += values[p];
            progress?.Report(new CkaProgress(b + 1, batches.Length));
        }
        for (int i = 0; i < count; i++)
            for (int j = i; j < count; j++) cross[j, i] = cross[i, j] /= batches.Length;
        return (Normalise(cross, ConstantLayers(activations, groups)), groups.Select(g => g.Layer).ToArray());
    }

    /// <summary>
    /// Fills <paramref name="gram"/> with K = X Xᵀ of the minibatch rows of one layer: for the unbiased estimator with
    /// a zeroed diagonal (plus its row sums and total), for the biased one double-centred (HKH).
    /// </summary>
    private static void PrepareGram(ActivationSet activations, int[] batch, LayerGroup group, bool unbiased, double[] gram, double[] rowSums, out double total)
    {
        int n = batch.Length, d = group.Width;
        var x = new double[n * d];
        for (int r = 0; r < n; r++)
        {
            var src = activations.Row(batch[r]).Slice(group.Start, d);
            var dst = x.AsSpan(r * d, d);
            for (int c = 0; c < d; c++) dst[c] = src[c];
        }
        for (int i = 0; i < n; i++)
        {
            var xi = x.AsSpan(i * d, d);
            for (int j = i; j < n; j++)
            {
                double v = Dot(xi, x.AsSpan(j * d, d));
                gram[i * n + j] = v;
                gram[j * n + i] = v;
            }
        }
        if (unbiased)
            for (int i = 0; i < n; i++) gram[i * n + i] = 0;
        total = 0;
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            for (int j = 0; j < n; j++) s += gram[i * n + j];
            rowSums[i] = s;
            total += s;
        }
        if (!unbiased)
        {
            double grand = total / ((double)n * n);
            for (int i = 0; i < n; i++)
            {
                double ri = rowSums[i] / n;
                for (int j = 0; j < n; j++) gram[i * n + j] += grand - ri - rowSums[j] / n;
            }
        }
    }

    /// <summary>
    /// CKA from the HSIC values. CKA is undefined for a layer whose activations are constant (its HSIC with itself is 0,
    /// so CKA would be 0 / 0): every entry of such a layer's row and column, its diagonal included, is
    /// <see cref="double.NaN"/> (written as <c>null</c> by <c>codeneurons cka</c>). So is an entry whose self-HSIC
    /// estimates are not positive (the unbiased estimator on a minibatch where the layer barely varies).
    /// </summary>
    private static double[,] Normalise(double[,] cross, bool[] constant)
    {
        int count = cross.GetLength(0);
        var m = new double[count, count];
        for (int i = 0; i < count; i++)
        {
            for (int j = 0; j < count; j++)
            {
                bool defined = !constant[i] && !constant[j] && cross[i, i] > 0 && cross[j, j] > 0;
                m[i, j] = !defined ? double.NaN : i == j ? 1.0 : cross[i, j] / Math.Sqrt(cross[i, i] * cross[j, j]);
            }
        }
        return m;
    }

    /// <summary>For each layer group: true when every one of its neurons has a single value over all rows.</summary>
    private static bool[] ConstantLayers(ActivationSet activations, LayerGroup[] groups)
    {
        var constant = new bool[groups.Length];
        for (int l = 0; l < groups.Length; l++)
        {
            bool same = true;
            for (int c = groups[l].Start; same && c < groups[l].Start + groups[l].Width; c++)
            {
                float first = activations[0, c];
                for (int r = 1; r < activations.Rows; r++)
                {
                    if (activations[r, c] != first) { same = false; break; }
                }
            }
            constant[l] = same && activations.Rows > 0;
        }
        return constant;
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int i = 0;
        double sum = 0;
        if (Vector.IsHardwareAccelerated && a.Length >= Vector<double>.Count)
        {
            var va = MemoryMarshal.Cast<double, Vector<double>>(a);
            var vb = MemoryMarshal.Cast<double, Vector<double>>(b);
            var acc = Vector<double>.Zero;
            for (int k = 0; k < va.Length; k++) acc += va[k] * vb[k];
            sum = Vector.Sum(acc);
            i = va.Length * Vector<double>.Count;
        }
        for (; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }
}
