namespace CodeNeurons.Data;

/// <summary>Activations with a planted answer, and the answer.</summary>
/// <param name="Activations">The activations.</param>
/// <param name="Groups">The planted groups of near-duplicate neurons (global ids, ascending); every other neuron is independent noise.</param>
public sealed record SyntheticActivations(ActivationSet Activations, IReadOnlyList<IReadOnlyList<int>> Groups)
{
    /// <summary>
    /// Makes activations in which each planted group is a set of noisy copies (with random sign and affine
    /// transform) of one shared signal and every other neuron is independent Gaussian noise; average linkage
    /// on 1 − |r| at threshold 0.5 recovers exactly the groups (each one cluster, all other neurons singletons).
    /// The same seed gives the same data. This is the built-in example of the <c>codeneurons</c> CLI.
    /// </summary>
    /// <param name="options">Sizes and seed; <see langword="null"/> for the defaults (3 × 64 neurons, 2000 rows).</param>
    /// <returns>The activations and the planted groups.</returns>
    public static SyntheticActivations Create(SyntheticActivationsOptions? options = null)
    {
        var o = options ?? new SyntheticActivationsOptions();
        var layout = LayerLayout.Create(o.Layers, o.NeuronsPerLayer);
        ArgumentOutOfRangeException.ThrowIfLessThan(o.Rows, 2, nameof(o.Rows));
        ArgumentOutOfRangeException.ThrowIfLessThan(o.GroupSizeMin, 2, nameof(o.GroupSizeMin));
        ArgumentOutOfRangeException.ThrowIfLessThan(o.GroupSizeMax, o.GroupSizeMin, nameof(o.GroupSizeMax));
        ArgumentOutOfRangeException.ThrowIfNegative(o.Groups, nameof(o.Groups));
        int n = layout.Neurons, t = o.Rows;
        var rng = new Random(o.Seed);
        var perm = Enumerable.Range(0, n).ToArray();
        rng.Shuffle(perm);
        var sizes = Enumerable.Range(0, o.Groups).Select(_ => rng.Next(o.GroupSizeMin, o.GroupSizeMax + 1)).ToArray();
        if (sizes.Sum() > n)
            throw new ArgumentException($"{o.Groups} groups need {sizes.Sum()} neurons but there are only {n}.", nameof(options));

        var values = new float[(long)t * n];
        for (long k = 0; k < values.LongLength; k++) values[k] = (float)Gaussian(rng);
        var groups = new List<IReadOnlyList<int>>();
        int pos = 0;
        var shared = new double[t];
        foreach (int size in sizes)
        {
            var members = perm.AsSpan(pos, size).ToArray();
            pos += size;
            double sigma = o.GroupNoiseMin + (o.GroupNoiseMax - o.GroupNoiseMin) * rng.NextDouble();
            for (int r = 0; r < t; r++) shared[r] = Gaussian(rng);
            foreach (int m in members)
            {
                double sign = rng.Next(2) == 0 ? -1 : 1;
                for (int r = 0; r < t; r++)
                {
                    long k = (long)r * n + m;
                    values[k] = (float)(sign * shared[r] + sigma * values[k]);
                }
            }
            Array.Sort(members);
            groups.Add(members);
        }
        if (o.LayerCommon != 0)
        {
            for (int l = 0; l < o.Layers; l++)
            {
                for (int r = 0; r < t; r++)
                {
                    float u = (float)(o.LayerCommon * Gaussian(rng));
                    var row = values.AsSpan(r * n + l * o.NeuronsPerLayer, o.NeuronsPerLayer);
                    for (int j = 0; j < row.Length; j++) row[j] += u;
                }
            }
        }
        // Per-neuron affine transform: correlations are unchanged, but a naive uncentred computation would fail.
        for (int m = 0; m < n; m++)
        {
            double scale = Math.Exp(0.3 * Gaussian(rng)), offset = 3 * Gaussian(rng);
            for (int r = 0; r < t; r++)
            {
                long k = (long)r * n + m;
                values[k] = (float)(offset + scale * values[k]);
            }
        }
        var tokens = Enumerable.Range(0, t).Select(r => $"tok{r % 97}").ToArray();
        var sentences = Enumerable.Range(0, t).Select(r => r / 20).ToArray();
        return new SyntheticActivations(ActivationSet.Create(values, t, layout, tokens, sentences), groups.OrderBy(g => g[0]).ToArray());
    }

    private static double Gaussian(Random rng)
    {
        double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
