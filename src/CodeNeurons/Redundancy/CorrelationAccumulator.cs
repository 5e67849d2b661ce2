using System.Numerics;

namespace CodeNeurons.Redundancy;

/// <summary>
/// Pearson correlation of every pair of neurons, accumulated over chunks of rows so that the number of rows
/// is unbounded: memory is one chunk plus the N·(N−1)/2 upper half of the co-moment matrix (double).
/// Partial accumulators (other chunks, threads or machines) merge exactly with <see cref="Merge"/>.
/// </summary>
/// <remarks>
/// Each chunk is centred by its own mean (in double) and its Gram matrix is added by an <see cref="IGramKernel"/>;
/// chunks are combined with the pairwise update of Chan, Golub and LeVeque (1979):
/// M = M_a + M_b + δ·δᵀ·n_a·n_b / n, δ = mean_b − mean_a. A neuron with zero variance has correlation 0 with
/// every other neuron (NeuroX turns the NaN of <c>np.corrcoef</c> into 0), so its distance is 1, never NaN.
/// </remarks>
public sealed class CorrelationAccumulator : IDisposable
{
    private readonly double[] _mean;
    private readonly double[] _diagonal;
    private double[]? _comoment;
    private readonly IGramKernel _kernel;
    private readonly List<(double Scale, double[] Vector)> _pending = [];
    private IGramSession? _session;
    private bool _sessionHasData;

    /// <summary>Creates an empty accumulator over <paramref name="neurons"/> columns.</summary>
    /// <param name="neurons">Number of neurons N (≥ 1; N·(N−1)/2 must fit in an array).</param>
    /// <param name="kernel">Gram kernel; <see langword="null"/> for <see cref="ManagedGramKernel"/>.</param>
    public CorrelationAccumulator(int neurons, IGramKernel? kernel = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(neurons, 1);
        long length = CondensedDistanceMatrix.LengthFor(neurons);
        if (length > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(neurons), neurons, $"{neurons} neurons need {length} pair entries, more than one array holds ({Array.MaxLength}); cluster a subset of layers.");
        Neurons = neurons;
        _kernel = kernel ?? new ManagedGramKernel();
        _mean = new double[neurons];
        _diagonal = new double[neurons];
        _comoment = new double[length];
        if (_kernel is IGramSessionKernel sessionKernel) _session = sessionKernel.OpenSession(neurons);
    }

    /// <summary>Releases what the kernel holds for this accumulator (e.g. GPU memory of a device-resident sum); the accumulated state stays readable.</summary>
    public void Dispose()
    {
        if (_session is null) return;
        if (_comoment is not null) DrainSession(CancellationToken.None);
        _session.Dispose();
        _session = null;
    }

    private void DrainSession(CancellationToken ct)
    {
        if (_session is null || !_sessionHasData) return;
        _session.DrainTo(Comoment, ct);
        _sessionHasData = false;
    }

    /// <summary>Number of neurons N.</summary>
    public int Neurons { get; }

    /// <summary>Rows accumulated so far.</summary>
    public long Count { get; private set; }

    /// <summary>The kernel that multiplies chunks.</summary>
    public IGramKernel Kernel => _kernel;

    /// <summary>Mean of each neuron over the rows accumulated so far.</summary>
    public IReadOnlyList<double> Mean => _mean;

    /// <summary>Sum of squared deviations of each neuron (N · variance).</summary>
    public IReadOnlyList<double> SumOfSquares => _diagonal;

    private double[] Comoment => _comoment ?? throw new InvalidOperationException("This accumulator was consumed by ToDistances(consume: true).");

    /// <summary>
    /// The Gram kernels multiply in float32: a centred value x with rows · x² above float32's range (3.4e38) overflows
    /// to ±Inf and the correlation becomes NaN. Such activations (around 1e17 and above) are refused, naming the neuron
    /// column and row, rather than ending in a NaN distance.
    /// </summary>
    private void EnsureInRange(ReadOnlySpan<float> centred, int rows, int n)
    {
        float limit = (float)Math.Sqrt(float.MaxValue / (4.0 * rows));
        for (int k = 0; k < centred.Length; k++)
        {
            if (MathF.Abs(centred[k]) > limit)
                throw new ArgumentException(
                    $"Activation at chunk row {k / n} (row {Count + k / n} overall), column {k % n} is {centred[k] + 0f:G4} away from its column's mean; " +
                    $"the correlation is computed in float32, which overflows beyond {limit:G3} for a chunk of {rows} rows. Rescale the activations (correlation does not depend on the scale) or use fewer rows per chunk.");
        }
    }

    /// <summary>
    /// Adds a chunk of rows. The chunk buffer is used as scratch space: on return it holds the centred values.
    /// </summary>
    /// <param name="chunk">Row-major values [rows, N]; overwritten with the centred chunk.</param>
    /// <param name="rows">Number of rows in the chunk.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <exception cref="ArgumentException">The chunk is too short, or holds NaN or ±Inf (the message names the row within the chunk and the column).</exception>
    public void AddInPlace(Span<float> chunk, int rows, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        int n = Neurons;
        if ((long)rows * n > chunk.Length)
            throw new ArgumentException($"chunk has {chunk.Length} values but {rows} rows × {n} neurons need {(long)rows * n}.", nameof(chunk));
        if (rows == 0) return;
        var data = chunk[..(rows * n)];
        int bad = Numerics.FiniteCheck.IndexOfNonFinite(data);
        if (bad >= 0)
            throw new ArgumentException($"Activation at chunk row {bad / n} (row {Count + bad / n} overall), column {bad % n} is {data[bad]}; activations must be finite.", nameof(chunk));

        // Column sums in double (SIMD, widened from float), then centre by the mean rounded to float32.
        var sums = ColumnSums(data, rows, n, cancellationToken);
        var meanF = new float[n];
        for (int j = 0; j < n; j++) meanF[j] = (float)(sums[j] / rows);
        Subtract(data, rows, n, meanF, cancellationToken);
        EnsureInRange(data, rows, n);
        // The centred chunk C = X − m_f has column sums s = Σx − rows·m_f (up to rounding of each element);
        // its exact co-moment is CᵀC − s·sᵀ/rows, and its mean is m_f + s/rows.
        var residual = new double[n];
        var chunkMean = new double[n];
        for (int j = 0; j < n; j++)
        {
            residual[j] = sums[j] - (double)rows * meanF[j];
            chunkMean[j] = meanF[j] + residual[j] / rows;
        }
        var chunkDiag = new double[n];
        if (_session is not null)
        {
            SumsOfSquares(data, rows, n, chunkDiag, cancellationToken);
            _session.Add(data, rows, cancellationToken);
            _sessionHasData = true;
        }
        else
        {
            _kernel.AddGram(data, rows, n, Comoment, chunkDiag, cancellationToken);
        }
        for (int j = 0; j < n; j++) chunkDiag[j] = Math.Max(0, chunkDiag[j] - residual[j] * residual[j] / rows);
        AddPending(-1.0 / rows, residual, cancellationToken);
        MergeState(rows, chunkMean, chunkDiag, pairsB: null, cancellationToken);
    }

    private static double[] ColumnSums(Span<float> data, int rows, int n, CancellationToken ct)
    {
        var sums = new double[n];
        ColumnReduce(data, rows, n, sums, squares: false, ct);
        return sums;
    }

    private static void SumsOfSquares(Span<float> data, int rows, int n, double[] result, CancellationToken ct)
        => ColumnReduce(data, rows, n, result, squares: true, ct);

    /// <summary>result[j] = Σ_r x[r, j] (or x[r, j]²), in double, SIMD (widened from float), parallel over column blocks.</summary>
    private static void ColumnReduce(Span<float> data, int rows, int n, double[] result, bool squares, CancellationToken ct)
    {
        int blocks = (n + ColumnBlock - 1) / ColumnBlock;
        unsafe
        {
            fixed (float* p = data)
            {
                float* basePtr = p;
                Parallel.For(0, blocks, new ParallelOptions { CancellationToken = ct }, b =>
                {
                    int j0 = b * ColumnBlock, j1 = Math.Min(n, j0 + ColumnBlock), w = j1 - j0;
                    Span<double> acc = stackalloc double[ColumnBlock];
                    acc.Clear();
                    int wf = Vector<float>.Count, wd = Vector<double>.Count;
                    for (int r = 0; r < rows; r++)
                    {
                        var row = new ReadOnlySpan<float>(basePtr + (long)r * n + j0, w);
                        int j = 0;
                        for (; j <= w - wf; j += wf)
                        {
                            Vector.Widen(new Vector<float>(row.Slice(j, wf)), out var lo, out var hi);
                            if (squares) { lo *= lo; hi *= hi; }
                            (new Vector<double>(acc.Slice(j, wd)) + lo).CopyTo(acc.Slice(j, wd));
                            (new Vector<double>(acc.Slice(j + wd, wd)) + hi).CopyTo(acc.Slice(j + wd, wd));
                        }
                        for (; j < w; j++) acc[j] += squares ? (double)row[j] * row[j] : row[j];
                    }
                    acc[..w].CopyTo(result.AsSpan(j0, w));
                });
            }
        }
    }

    private static void Subtract(Span<float> data, int rows, int n, float[] mean, CancellationToken ct)
    {
        unsafe
        {
            fixed (float* p = data)
            {
                float* basePtr = p;
                Parallel.For(0, rows, new ParallelOptions { CancellationToken = ct }, r =>
                {
                    var row = new Span<float>(basePtr + (long)r * n, n);
                    int j = 0, w = Vector<float>.Count;
                    for (; j <= n - w; j += w) (new Vector<float>(row.Slice(j, w)) - new Vector<float>(mean, j)).CopyTo(row.Slice(j, w));
                    for (; j < n; j++) row[j] -= mean[j];
                });
            }
        }
    }

    /// <summary>Records pairs += scale · v·vᵀ, applied later in one pass over the pairs (see <see cref="Flush"/>).</summary>
    private void AddPending(double scale, double[] v, CancellationToken ct)
    {
        if (scale == 0) return;
        _pending.Add((scale, v));
        if (_pending.Count >= 32) Flush(ct);
    }

    /// <summary>Applies the recorded rank-one corrections to the pairs in one pass.</summary>
    private void Flush(CancellationToken ct)
    {
        DrainSession(ct);
        if (_pending.Count == 0) return;
        var pending = _pending.ToArray();
        _pending.Clear();
        int n = Neurons;
        var pairs = Comoment;
        Parallel.For(0, n - 1, new ParallelOptions { CancellationToken = ct }, i =>
        {
            long start = CondensedDistanceMatrix.IndexOf(n, i, i + 1);
            var dst = pairs.AsSpan((int)start, n - i - 1);
            foreach (var (scale, v) in pending)
            {
                double a = scale * v[i];
                if (a == 0) continue;
                var src = v.AsSpan(i + 1);
                int j = 0, w = Vector<double>.Count;
                var av = new Vector<double>(a);
                for (; j <= dst.Length - w; j += w) (new Vector<double>(dst.Slice(j, w)) + av * new Vector<double>(src.Slice(j, w))).CopyTo(dst.Slice(j, w));
                for (; j < dst.Length; j++) dst[j] += a * src[j];
            }
        });
    }

    private const int ColumnBlock = 512;

    /// <summary>Adds a chunk of rows without modifying it (a scratch copy is made).</summary>
    /// <param name="chunk">Row-major values [rows, N].</param>
    /// <param name="rows">Number of rows.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public void Add(ReadOnlySpan<float> chunk, int rows, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        if ((long)rows * Neurons > chunk.Length)
            throw new ArgumentException($"chunk has {chunk.Length} values but {rows} rows × {Neurons} neurons need {(long)rows * Neurons}.", nameof(chunk));
        var copy = chunk[..(rows * Neurons)].ToArray();
        AddInPlace(copy, rows, cancellationToken);
    }

    /// <summary>Adds the rows of another accumulator (Chan et al.'s parallel update); <paramref name="other"/> is unchanged.</summary>
    /// <param name="other">An accumulator over the same number of neurons.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <exception cref="ArgumentException">The neuron counts differ.</exception>
    public void Merge(CorrelationAccumulator other, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Neurons != Neurons)
            throw new ArgumentException($"Cannot merge an accumulator over {other.Neurons} neurons into one over {Neurons}.", nameof(other));
        if (other.Count == 0) return;
        Flush(cancellationToken);
        other.Flush(cancellationToken);
        if (Count == 0)
        {
            Array.Copy(other._mean, _mean, Neurons);
            Array.Copy(other._diagonal, _diagonal, Neurons);
            Array.Copy(other.Comoment, Comoment, Comoment.Length);
            Count = other.Count;
            return;
        }
        MergeState(other.Count, other._mean, other._diagonal, other.Comoment, cancellationToken);
    }

    private void MergeState(long countB, double[] meanB, double[] diagB, double[]? pairsB, CancellationToken ct)
    {
        int n = Neurons;
        long countA = Count;
        long total = countA + countB;
        var delta = new double[n];
        for (int j = 0; j < n; j++) delta[j] = meanB[j] - _mean[j];
        double f = countA == 0 ? 0 : (double)countA * countB / total;
        var comoment = Comoment;
        if (pairsB is not null)
        {
            Parallel.For(0, n, new ParallelOptions { CancellationToken = ct }, i =>
            {
                if (i + 1 >= n) return;
                long start = CondensedDistanceMatrix.IndexOf(n, i, i + 1);
                int len = n - i - 1;
                var dst = comoment.AsSpan((int)start, len);
                var src = pairsB.AsSpan((int)start, len);
                for (int k = 0; k < len; k++) dst[k] += src[k];
            });
        }
        if (f != 0) AddPending(f, delta, ct);
        for (int j = 0; j < n; j++)
        {
            _diagonal[j] += diagB[j] + f * delta[j] * delta[j];
            _mean[j] += delta[j] * countB / total;
        }
        Count = total;
    }

    /// <summary>The Pearson correlation of neurons <paramref name="i"/> and <paramref name="j"/> (0 when either has zero variance).</summary>
    /// <param name="i">First neuron (column).</param>
    /// <param name="j">Second neuron (column).</param>
    /// <returns>r in [−1, 1]; 1 when i = j.</returns>
    public double Correlation(int i, int j)
    {
        if ((uint)i >= (uint)Neurons) throw new ArgumentOutOfRangeException(nameof(i));
        if ((uint)j >= (uint)Neurons) throw new ArgumentOutOfRangeException(nameof(j));
        if (i == j) return 1;
        DrainSession(CancellationToken.None);
        double m = Comoment[CondensedDistanceMatrix.IndexOf(Neurons, i, j)];
        foreach (var (scale, v) in _pending) m += scale * v[i] * v[j];
        return Pearson(m, InverseNorm(_diagonal[i]), InverseNorm(_diagonal[j]));
    }

    private static double InverseNorm(double sumOfSquares) => sumOfSquares > 0 ? 1.0 / Math.Sqrt(sumOfSquares) : 0.0;

    private static double Pearson(double m, double invI, double invJ) => Math.Clamp(m * invI * invJ, -1.0, 1.0);

    /// <summary>
    /// The correlation distances 1 − |r| (or 1 − r when <paramref name="signed"/>) of every pair, as a condensed
    /// matrix ready for <see cref="HierarchicalClustering"/>.
    /// </summary>
    /// <param name="signed">Use 1 − r (range [0, 2]) instead of 1 − |r| (range [0, 1]).</param>
    /// <param name="consume">Reuse this accumulator's memory for the result (the accumulator cannot be used afterwards); saves N·(N−1)/2 doubles.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The condensed distance matrix.</returns>
    /// <exception cref="InvalidOperationException">No rows were accumulated.</exception>
    public CondensedDistanceMatrix ToDistances(bool signed = false, bool consume = false, CancellationToken cancellationToken = default)
    {
        if (Count == 0) throw new InvalidOperationException("No rows were accumulated: correlations need at least one row.");
        Flush(cancellationToken);
        int n = Neurons;
        var source = Comoment;
        var target = consume ? source : new double[source.Length];
        var inv = new double[n];
        for (int j = 0; j < n; j++) inv[j] = InverseNorm(_diagonal[j]);
        Parallel.For(0, n - 1, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            long start = CondensedDistanceMatrix.IndexOf(n, i, i + 1);
            int len = n - i - 1;
            var src = source.AsSpan((int)start, len);
            var dst = target.AsSpan((int)start, len);
            double a = inv[i];
            for (int k = 0; k < len; k++)
            {
                double r = Pearson(src[k], a, inv[i + 1 + k]);
                dst[k] = signed ? 1.0 - r : 1.0 - Math.Abs(r);
            }
        });
        if (consume)
        {
            _comoment = null;
            _session?.Dispose();
            _session = null;
        }
        return new CondensedDistanceMatrix(n, target);
    }

    private static ReadOnlySpan<byte> Magic => "CNCORR01"u8;

    /// <summary>
    /// Writes the accumulated state (row count, means, sums of squares and the co-moment half) so that partial
    /// accumulators computed on other machines can be loaded and merged. Written atomically (temporary file, then rename).
    /// </summary>
    /// <param name="path">The file to write (little-endian binary, 8·(N·(N−1)/2 + 2N) bytes plus a 24-byte header).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public void Save(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        Flush(cancellationToken);
        var comoment = Comoment;
        Formats.IoUtil.WriteAtomically(path, (FileStream fs) =>
        {
            using var w = new BinaryWriter(fs, System.Text.Encoding.UTF8, leaveOpen: true);
            w.Write(Magic);
            w.Write(Neurons);
            w.Write(0);
            w.Write(Count);
            WriteDoubles(w, _mean);
            WriteDoubles(w, _diagonal);
            const int block = 1 << 20;
            for (int k = 0; k < comoment.Length; k += block)
            {
                cancellationToken.ThrowIfCancellationRequested();
                WriteDoubles(w, comoment.AsSpan(k, Math.Min(block, comoment.Length - k)));
            }
        });

        static void WriteDoubles(BinaryWriter w, ReadOnlySpan<double> values)
            => w.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values));
    }

    /// <summary>Reads an accumulator written by <see cref="Save"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="kernel">Kernel for further <see cref="Add"/> calls; <see langword="null"/> for <see cref="ManagedGramKernel"/>.</param>
    /// <returns>The accumulator.</returns>
    /// <exception cref="InvalidDataException">The file is not an accumulator file, or is truncated (the message names the file, the expected and the actual size).</exception>
    public static CorrelationAccumulator Load(string path, IGramKernel? kernel = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        Span<byte> header = stackalloc byte[24];
        if (fs.ReadAtLeast(header, 24, throwOnEndOfStream: false) < 24 || !header[..8].SequenceEqual(Magic))
            throw new InvalidDataException($"'{path}' is not a CodeNeurons correlation accumulator (missing the CNCORR01 header).");
        int n = BitConverter.ToInt32(header[8..12]);
        long count = BitConverter.ToInt64(header[16..24]);
        if (n < 1 || count < 0)
            throw new InvalidDataException($"'{path}': header says {n} neurons and {count} rows.");
        long expected = 24 + 8L * (2L * n + CondensedDistanceMatrix.LengthFor(n));
        if (fs.Length != expected)
            throw new InvalidDataException($"'{path}' has {fs.Length} bytes but an accumulator over {n} neurons has {expected}; the file is truncated or corrupt.");
        var acc = new CorrelationAccumulator(n, kernel) { Count = count };
        fs.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(acc._mean.AsSpan()));
        fs.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(acc._diagonal.AsSpan()));
        var comoment = acc.Comoment;
        const int block = 1 << 20;
        for (int k = 0; k < comoment.Length; k += block)
            fs.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(comoment.AsSpan(k, Math.Min(block, comoment.Length - k))));
        for (int j = 0; j < n; j++)
        {
            if (!double.IsFinite(acc._mean[j]) || !(acc._diagonal[j] >= 0) || double.IsInfinity(acc._diagonal[j]))
                throw new InvalidDataException($"'{path}': neuron {j} has mean {acc._mean[j]} and sum of squares {acc._diagonal[j]}; the file is corrupt.");
        }
        return acc;
    }
}
