namespace CodeNeurons.Interpretation;

/// <summary>
/// NeuroX's probe weight-mass rankings (Dalvi et al. 2019) on a plain weight matrix <c>[classes, neurons]</c>:
/// top / bottom neurons by cumulative |w| mass, the hard threshold, random selections and the global ordering.
/// </summary>
/// <remarks>
/// All selections use |w|. Sums are in double precision. Where NeuroX's order is arbitrary (numpy's unstable
/// argsort on ties, Python set order inside a stride), this class orders by |w| (descending for top, ascending for
/// bottom; for the global ordering the largest |w| of the neuron over classes) and then by neuron id ascending.
/// </remarks>
public static class WeightMassRanking
{
    /// <summary>
    /// NeuroX <c>get_top_neurons</c>: per class, sort |w| descending and take neurons until their cumulative |w|
    /// reaches <paramref name="percentage"/> × the class's total |w| (the neuron that crosses it is included).
    /// </summary>
    /// <param name="weights">Probe weights <c>[classes, neurons]</c>.</param>
    /// <param name="neuronIds">The global neuron id of each weight column (distinct).</param>
    /// <param name="percentage">Share of the weight mass in (0, 1].</param>
    /// <param name="classNames">Name of each class row (default "0", "1", …).</param>
    /// <returns>Per-class selections and their union.</returns>
    /// <exception cref="ArgumentException">Empty or non-finite weights, mismatched ids or class names, repeated ids.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="percentage"/> is outside (0, 1].</exception>
    public static TopNeurons TopNeurons(double[,] weights, IReadOnlyList<int> neuronIds, double percentage, IReadOnlyList<string>? classNames = null)
    {
        CheckPercentage(percentage);
        var m = new AbsWeights(weights, neuronIds, classNames);
        return MassSelection(m, percentage, top: true);
    }

    /// <inheritdoc cref="TopNeurons(double[,], IReadOnlyList{int}, double, IReadOnlyList{string}?)"/>
    public static TopNeurons TopNeurons(float[,] weights, IReadOnlyList<int> neuronIds, double percentage, IReadOnlyList<string>? classNames = null) =>
        TopNeurons(ToDouble(weights), neuronIds, percentage, classNames);

    /// <summary>
    /// NeuroX <c>get_bottom_neurons</c>: per class, sort |w| ascending and take neurons until their cumulative |w|
    /// reaches <paramref name="percentage"/> × the class's total |w| (the crossing neuron included).
    /// </summary>
    /// <param name="weights">Probe weights <c>[classes, neurons]</c>.</param>
    /// <param name="neuronIds">The global neuron id of each weight column (distinct).</param>
    /// <param name="percentage">Share of the weight mass in (0, 1].</param>
    /// <param name="classNames">Name of each class row (default "0", "1", …).</param>
    /// <returns>Per-class selections (|w| ascending, ties by id) and their union.</returns>
    /// <exception cref="ArgumentException">Empty or non-finite weights, mismatched ids or class names, repeated ids.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="percentage"/> is outside (0, 1].</exception>
    public static TopNeurons BottomNeurons(double[,] weights, IReadOnlyList<int> neuronIds, double percentage, IReadOnlyList<string>? classNames = null)
    {
        CheckPercentage(percentage);
        var m = new AbsWeights(weights, neuronIds, classNames);
        return MassSelection(m, percentage, top: false);
    }

    /// <inheritdoc cref="BottomNeurons(double[,], IReadOnlyList{int}, double, IReadOnlyList{string}?)"/>
    public static TopNeurons BottomNeurons(float[,] weights, IReadOnlyList<int> neuronIds, double percentage, IReadOnlyList<string>? classNames = null) =>
        BottomNeurons(ToDouble(weights), neuronIds, percentage, classNames);

    /// <summary>
    /// NeuroX <c>get_top_neurons_hard_threshold</c>: per class, the neurons with |w| strictly greater than
    /// max|w| / <paramref name="fraction"/> (NeuroX divides by the fraction; its docstring's "threshold × max" is
    /// not what the code does). With fraction 2, the neurons above half the class maximum.
    /// </summary>
    /// <param name="weights">Probe weights <c>[classes, neurons]</c>.</param>
    /// <param name="neuronIds">The global neuron id of each weight column (distinct).</param>
    /// <param name="fraction">Divisor of the class maximum (&gt; 0; values ≤ 1 select nothing).</param>
    /// <param name="classNames">Name of each class row (default "0", "1", …).</param>
    /// <returns>Per-class selections (|w| descending, ties by id) and their union.</returns>
    /// <exception cref="ArgumentException">Empty or non-finite weights, mismatched ids or class names, repeated ids.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fraction"/> is not a positive finite number.</exception>
    public static TopNeurons HardThreshold(double[,] weights, IReadOnlyList<int> neuronIds, double fraction, IReadOnlyList<string>? classNames = null)
    {
        if (!(fraction > 0) || double.IsInfinity(fraction))
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "fraction must be a positive finite number (neurons with |w| > max|w| / fraction are selected).");
        var m = new AbsWeights(weights, neuronIds, classNames);
        var result = new ClassTopNeurons[m.Classes];
        for (int c = 0; c < m.Classes; c++)
        {
            var order = m.SortedDescending(c);
            double max = m.W[c, order[0]];
            double threshold = max / fraction;
            var sel = order.Where(j => m.W[c, j] > threshold).ToArray();
            double total = m.Total(c), mass = sel.Sum(j => m.W[c, j]);
            result[c] = new ClassTopNeurons(m.Names[c], sel.Select(j => m.Ids[j]).ToArray(), total > 0 ? mass / total : 0);
        }
        return new TopNeurons(result);
    }

    /// <inheritdoc cref="HardThreshold(double[,], IReadOnlyList{int}, double, IReadOnlyList{string}?)"/>
    public static TopNeurons HardThreshold(float[,] weights, IReadOnlyList<int> neuronIds, double fraction, IReadOnlyList<string>? classNames = null) =>
        HardThreshold(ToDouble(weights), neuronIds, fraction, classNames);

    /// <summary>
    /// NeuroX <c>get_neuron_ordering</c>: the union of <see cref="TopNeurons(double[,], IReadOnlyList{int}, double, IReadOnlyList{string}?)"/>
    /// at percentages 0, 1/stride, …, 1, each step appending the neurons not yet listed. Within a step neurons are
    /// ordered by their largest |w| over classes, then by id. Neurons never selected (they carry no mass once the rest
    /// is taken, e.g. zero weights) are appended after the last cutoff in the same order, so every neuron is ranked.
    /// </summary>
    /// <param name="weights">Probe weights <c>[classes, neurons]</c>.</param>
    /// <param name="neuronIds">The global neuron id of each weight column (distinct).</param>
    /// <param name="searchStride">Number of mass steps (NeuroX default 100; ≥ 1).</param>
    /// <returns>The ranking, with <c>searchStride + 1</c> cutoffs and scores = largest |w| over classes.</returns>
    /// <exception cref="ArgumentException">Empty or non-finite weights, mismatched or repeated ids.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="searchStride"/> is below 1.</exception>
    public static NeuronRanking Ordering(double[,] weights, IReadOnlyList<int> neuronIds, int searchStride = 100)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(searchStride, 1);
        var m = new AbsWeights(weights, neuronIds, null);
        var (order, cutoffs) = BuildOrdering(m, searchStride);
        return new NeuronRanking(RankingMethod.WeightMass, order.Select(j => m.Ids[j]).ToArray(), order.Select(j => m.MaxAbs[j]).ToArray(), cutoffs);
    }

    /// <inheritdoc cref="Ordering(double[,], IReadOnlyList{int}, int)"/>
    public static NeuronRanking Ordering(float[,] weights, IReadOnlyList<int> neuronIds, int searchStride = 100) =>
        Ordering(ToDouble(weights), neuronIds, searchStride);

    /// <summary>
    /// NeuroX <c>get_neuron_ordering_granular</c>: for i = 0, g, 2g, … ≤ N, take the first mass step whose union has
    /// at least i neurons and append its new neurons as one chunk (a cutoff after each non-empty chunk). Chunks keep
    /// the order of <see cref="Ordering(double[,], IReadOnlyList{int}, int)"/>; neurons never selected are appended last.
    /// </summary>
    /// <param name="weights">Probe weights <c>[classes, neurons]</c>.</param>
    /// <param name="neuronIds">The global neuron id of each weight column (distinct).</param>
    /// <param name="granularity">Approximate chunk size (NeuroX default 50; ≥ 1).</param>
    /// <param name="searchStride">Number of mass steps (NeuroX default 100; ≥ 1).</param>
    /// <returns>The ranking; its ids equal those of <see cref="Ordering(double[,], IReadOnlyList{int}, int)"/>, its cutoffs are the chunk ends.</returns>
    /// <exception cref="ArgumentException">Empty or non-finite weights, mismatched or repeated ids.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="granularity"/> or <paramref name="searchStride"/> is below 1.</exception>
    public static NeuronRanking OrderingGranular(double[,] weights, IReadOnlyList<int> neuronIds, int granularity = 50, int searchStride = 100)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(granularity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(searchStride, 1);
        var m = new AbsWeights(weights, neuronIds, null);
        var (order, stepCutoffs) = BuildOrdering(m, searchStride);
        var cutoffs = new List<int>();
        int considered = 0, sliding = 0;
        for (int i = 0; i <= m.Neurons; i += granularity)
        {
            while (sliding < stepCutoffs.Length && stepCutoffs[sliding] < i) sliding++;
            if (sliding == stepCutoffs.Length) break; // NeuroX would index past its list here (zero-mass neurons).
            if (stepCutoffs[sliding] > considered)
            {
                considered = stepCutoffs[sliding];
                cutoffs.Add(considered);
            }
        }
        return new NeuronRanking(RankingMethod.WeightMassGranular, order.Select(j => m.Ids[j]).ToArray(), order.Select(j => m.MaxAbs[j]).ToArray(), cutoffs);
    }

    /// <inheritdoc cref="OrderingGranular(double[,], IReadOnlyList{int}, int, int)"/>
    public static NeuronRanking OrderingGranular(float[,] weights, IReadOnlyList<int> neuronIds, int granularity = 50, int searchStride = 100) =>
        OrderingGranular(ToDouble(weights), neuronIds, granularity, searchStride);

    /// <summary>
    /// NeuroX <c>get_random_neurons</c>: each neuron is kept when a uniform draw in [0, 1) is ≤ <paramref name="probability"/>
    /// (draws in <paramref name="neuronIds"/> order from <c>new Random(seed)</c>).
    /// </summary>
    /// <param name="neuronIds">Candidate global ids.</param>
    /// <param name="probability">Inclusion probability in [0, 1].</param>
    /// <param name="seed">Random seed.</param>
    /// <returns>The kept ids, in input order.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="probability"/> is outside [0, 1].</exception>
    public static int[] RandomNeurons(IReadOnlyList<int> neuronIds, double probability, int seed)
    {
        ArgumentNullException.ThrowIfNull(neuronIds);
        if (!(probability >= 0 && probability <= 1))
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "probability must be in [0, 1].");
        var rng = new Random(seed);
        return neuronIds.Where(_ => rng.NextDouble() <= probability).ToArray();
    }

    /// <summary>
    /// Exactly <paramref name="count"/> distinct ids drawn uniformly without replacement (a random baseline of a given
    /// size, e.g. matching the number of top neurons).
    /// </summary>
    /// <param name="neuronIds">Candidate global ids (distinct).</param>
    /// <param name="count">How many, in [0, neuronIds.Count].</param>
    /// <param name="seed">Random seed.</param>
    /// <returns>The drawn ids, ascending.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative or exceeds the candidates.</exception>
    public static int[] RandomSubset(IReadOnlyList<int> neuronIds, int count, int seed)
    {
        ArgumentNullException.ThrowIfNull(neuronIds);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, neuronIds.Count);
        var pool = neuronIds.ToArray();
        var rng = new Random(seed);
        for (int i = 0; i < count; i++)
        {
            int j = rng.Next(i, pool.Length);
            (pool[i], pool[j]) = (pool[j], pool[i]);
        }
        var result = pool[..count];
        Array.Sort(result);
        return result;
    }

    private static void CheckPercentage(double percentage)
    {
        if (!(percentage > 0 && percentage <= 1))
            throw new ArgumentOutOfRangeException(nameof(percentage), percentage, "percentage must be in (0, 1] (a share of the weight mass, e.g. 0.05 for 5%).");
    }

    private static double[,] ToDouble(float[,] weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var d = new double[weights.GetLength(0), weights.GetLength(1)];
        for (int i = 0; i < d.GetLength(0); i++)
            for (int j = 0; j < d.GetLength(1); j++) d[i, j] = weights[i, j];
        return d;
    }

    /// <summary>Length of the sorted-order prefix selected at mass share <paramref name="p"/> (NeuroX: first index with cumsum ≥ total·p, inclusive; all when none).</summary>
    private static int PrefixLength(double[] cum, double total, double p)
    {
        double target = total * p;
        for (int k = 0; k < cum.Length; k++)
            if (cum[k] >= target) return k + 1;
        return cum.Length;
    }

    private static TopNeurons MassSelection(AbsWeights m, double p, bool top)
    {
        var result = new ClassTopNeurons[m.Classes];
        for (int c = 0; c < m.Classes; c++)
        {
            var order = top ? m.SortedDescending(c) : m.SortedAscending(c);
            var cum = m.CumulativeSums(c, order);
            double total = m.Total(c);
            int len = PrefixLength(cum, total, p);
            result[c] = new ClassTopNeurons(m.Names[c], order[..len].Select(j => m.Ids[j]).ToArray(), total > 0 ? cum[len - 1] / total : 0);
        }
        return new TopNeurons(result);
    }

    private static (int[] Order, int[] Cutoffs) BuildOrdering(AbsWeights m, int stride)
    {
        var orders = new int[m.Classes][];
        var cums = new double[m.Classes][];
        var prefix = new int[m.Classes];
        for (int c = 0; c < m.Classes; c++)
        {
            orders[c] = m.SortedDescending(c);
            cums[c] = m.CumulativeSums(c, orders[c]);
        }
        var taken = new bool[m.Neurons];
        var order = new List<int>(m.Neurons);
        var cutoffs = new int[stride + 1];
        var fresh = new List<int>();
        for (int s = 0; s <= stride; s++)
        {
            double p = (double)s / stride;
            fresh.Clear();
            for (int c = 0; c < m.Classes; c++)
            {
                int len = PrefixLength(cums[c], m.Total(c), p);
                for (int k = prefix[c]; k < len; k++)
                {
                    int j = orders[c][k];
                    if (!taken[j]) { taken[j] = true; fresh.Add(j); }
                }
                prefix[c] = Math.Max(prefix[c], len);
            }
            fresh.Sort(m.CompareByMaxAbsThenId);
            order.AddRange(fresh);
            cutoffs[s] = order.Count;
        }
        var rest = Enumerable.Range(0, m.Neurons).Where(j => !taken[j]).ToList();
        rest.Sort(m.CompareByMaxAbsThenId);
        order.AddRange(rest);
        return (order.ToArray(), cutoffs);
    }

    /// <summary>|w| with validated ids and names.</summary>
    private sealed class AbsWeights
    {
        public AbsWeights(double[,] weights, IReadOnlyList<int> neuronIds, IReadOnlyList<string>? classNames)
        {
            ArgumentNullException.ThrowIfNull(weights);
            ArgumentNullException.ThrowIfNull(neuronIds);
            Classes = weights.GetLength(0);
            Neurons = weights.GetLength(1);
            if (Classes == 0 || Neurons == 0)
                throw new ArgumentException($"weights is {Classes}×{Neurons}; a probe needs at least one class and one neuron.", nameof(weights));
            if (neuronIds.Count != Neurons)
                throw new ArgumentException($"neuronIds has {neuronIds.Count} entries but weights has {Neurons} neuron columns.", nameof(neuronIds));
            Ids = neuronIds.ToArray();
            if (Ids.Distinct().Count() != Ids.Length)
                throw new ArgumentException("neuronIds must be distinct.", nameof(neuronIds));
            if (classNames is not null && classNames.Count != Classes)
                throw new ArgumentException($"classNames has {classNames.Count} entries but weights has {Classes} class rows.", nameof(classNames));
            Names = classNames?.ToArray() ?? Enumerable.Range(0, Classes).Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            W = new double[Classes, Neurons];
            MaxAbs = new double[Neurons];
            _totals = new double[Classes];
            for (int c = 0; c < Classes; c++)
            {
                for (int j = 0; j < Neurons; j++)
                {
                    double v = weights[c, j];
                    if (!double.IsFinite(v))
                        throw new ArgumentException($"Weight of class {c}, neuron {Ids[j]} is {v}; weights must be finite.", nameof(weights));
                    v = Math.Abs(v);
                    W[c, j] = v;
                    _totals[c] += v;
                    MaxAbs[j] = Math.Max(MaxAbs[j], v);
                }
            }
        }

        private readonly double[] _totals;
        public int Classes { get; }
        public int Neurons { get; }
        public int[] Ids { get; }
        public string[] Names { get; }
        public double[,] W { get; }
        public double[] MaxAbs { get; }
        public double Total(int c) => _totals[c];

        public int[] SortedDescending(int c)
        {
            var idx = Enumerable.Range(0, Neurons).ToArray();
            Array.Sort(idx, (a, b) => W[c, b].CompareTo(W[c, a]) is var k && k != 0 ? k : Ids[a].CompareTo(Ids[b]));
            return idx;
        }

        public int[] SortedAscending(int c)
        {
            var idx = Enumerable.Range(0, Neurons).ToArray();
            Array.Sort(idx, (a, b) => W[c, a].CompareTo(W[c, b]) is var k && k != 0 ? k : Ids[a].CompareTo(Ids[b]));
            return idx;
        }

        public double[] CumulativeSums(int c, int[] order)
        {
            var cum = new double[order.Length];
            double s = 0;
            for (int k = 0; k < order.Length; k++) { s += W[c, order[k]]; cum[k] = s; }
            return cum;
        }

        public int CompareByMaxAbsThenId(int a, int b)
        {
            int k = MaxAbs[b].CompareTo(MaxAbs[a]);
            return k != 0 ? k : Ids[a].CompareTo(Ids[b]);
        }
    }
}
