namespace CodeNeurons.Tasks;

/// <summary>
/// The data splits of Sharma et al. (arXiv 2305.00875), who follow Dalvi et al. (EMNLP 2020): the official training file is
/// split 90/10 into train and dev, and the official validation file is the test set (the official test labels were not
/// public). See <c>docs/tasks.md</c>.
/// </summary>
public static class PaperSplits
{
    /// <summary>The seed Dalvi et al.'s scripts pass to <c>np.random.seed</c> before the split.</summary>
    public const int DalviSeed = 7361;

    /// <summary>
    /// Dalvi et al.'s split of <paramref name="count"/> rows, exactly as their scripts draw it
    /// (<c>experiments/*/run_*.py</c>): <c>np.random.seed(seed)</c>, <c>all_idx = np.arange(count)</c>,
    /// <c>np.random.shuffle(all_idx)</c>, the first <c>int(count × trainFraction)</c> shuffled indices are train, the rest dev.
    /// The result is identical to NumPy's for the same seed.
    /// </summary>
    /// <param name="count">Rows of the official training file.</param>
    /// <param name="seed">NumPy seed in [0, 2³²) (default <see cref="DalviSeed"/>).</param>
    /// <param name="trainFraction">Share of train rows, in (0, 1) (default 0.9).</param>
    /// <returns>Row indices of train and dev, in shuffled order.</returns>
    public static (int[] Train, int[] Dev) DalviIndices(int count, long seed = DalviSeed, double trainFraction = 0.9)
    {
        if (count < 2) throw new ArgumentOutOfRangeException(nameof(count), count, "A split needs at least 2 rows.");
        if (seed < 0 || seed > uint.MaxValue) throw new ArgumentOutOfRangeException(nameof(seed), seed, "NumPy seeds are in [0, 2^32).");
        if (!(trainFraction > 0 && trainFraction < 1)) throw new ArgumentOutOfRangeException(nameof(trainFraction), trainFraction, "The train fraction must be in (0, 1).");
        var all = Enumerable.Range(0, count).ToArray();
        new NumpyRandomState((uint)seed).Shuffle(all);
        int train = (int)(count * trainFraction);
        return (all[..train], all[train..]);
    }

    /// <summary>The paper's split: <paramref name="officialTrain"/> split by <see cref="DalviIndices"/>, <paramref name="officialValid"/> as the test set.</summary>
    /// <typeparam name="T">Example type.</typeparam>
    /// <param name="officialTrain">Examples of the official training file, in file order.</param>
    /// <param name="officialValid">Examples of the official validation file (the test set here).</param>
    /// <param name="seed">NumPy seed (default <see cref="DalviSeed"/>).</param>
    /// <param name="trainFraction">Share of train rows (default 0.9).</param>
    /// <returns>Train and dev in Dalvi's shuffled order, test in file order.</returns>
    public static TaskSplit<T> Create<T>(IReadOnlyList<T> officialTrain, IReadOnlyList<T> officialValid, long seed = DalviSeed, double trainFraction = 0.9)
    {
        ArgumentNullException.ThrowIfNull(officialTrain);
        ArgumentNullException.ThrowIfNull(officialValid);
        var (train, dev) = DalviIndices(officialTrain.Count, seed, trainFraction);
        return new TaskSplit<T>(train.Select(i => officialTrain[i]).ToArray(), dev.Select(i => officialTrain[i]).ToArray(), officialValid.ToArray());
    }

    /// <summary>
    /// A seeded, stratified sample of labelled examples, optionally balanced: each class keeps the same share
    /// (<c>round(fraction × class size)</c> rows, at least one when the class has rows) so the label ratio is unchanged; with
    /// <paramref name="balance"/> the larger class is then down-sampled to the smaller one's size. Used for BigCloneBench,
    /// whose 901,028 training and 415,416 validation pairs CodeXGLUE already samples to 10 % before fine-tuning.
    /// </summary>
    /// <typeparam name="T">Example type.</typeparam>
    /// <param name="examples">The examples.</param>
    /// <param name="labelOf">The 0/1 label of an example.</param>
    /// <param name="fraction">Share kept of each class, in (0, 1].</param>
    /// <param name="balance">Down-sample the larger class to the smaller one's size.</param>
    /// <param name="seed">Seed of the sample.</param>
    /// <returns>The kept examples in their original order.</returns>
    public static IReadOnlyList<T> StratifiedSample<T>(IReadOnlyList<T> examples, Func<T, int> labelOf, double fraction, bool balance, int seed)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(labelOf);
        if (!(fraction > 0 && fraction <= 1)) throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The fraction must be in (0, 1].");
        var byClass = new List<int>[2] { [], [] };
        for (int i = 0; i < examples.Count; i++)
        {
            int y = labelOf(examples[i]);
            if (y is not (0 or 1)) throw new ArgumentException($"Example {i} has label {y}; expected 0 or 1.", nameof(examples));
            byClass[y].Add(i);
        }
        var rng = new Random(seed);
        var take = byClass.Select(c => c.Count == 0 ? 0 : Math.Max(1, (int)Math.Round(c.Count * fraction, MidpointRounding.AwayFromZero))).ToArray();
        if (balance)
        {
            if (take[0] == 0 || take[1] == 0) throw new ArgumentException("Balancing needs both classes; one class has no examples.", nameof(examples));
            take[0] = take[1] = Math.Min(take[0], take[1]);
        }
        var kept = new List<int>();
        for (int c = 0; c < 2; c++)
        {
            var rows = byClass[c].ToArray();
            rng.Shuffle(rows);
            kept.AddRange(rows.Take(take[c]));
        }
        kept.Sort();
        return kept.Select(i => examples[i]).ToArray();
    }
}
