namespace CodeNeurons.Concepts;

/// <summary>
/// A control task (Hewitt and Liang 2019, "Designing and Interpreting Probes with Control Tasks"): every word type gets
/// one fixed random label, so a probe can only score well by memorising types. Selectivity = task accuracy − control
/// accuracy. Immutable.
/// </summary>
/// <remarks>
/// The label of a type is a pure function of (seed, type string, distribution): a 64-bit FNV-1a hash of the string's
/// UTF-16 code units, mixed with the seed by SplitMix64, gives a uniform number in [0, 1) that is mapped through the
/// cumulative distribution. Train types and types first seen in valid or test are labelled the same way, so the map is
/// stable across splits, runs and processes.
/// </remarks>
public sealed class ControlTask
{
    private readonly string[] _classes;
    private readonly double[] _cumulative;
    private readonly double[] _probabilities;
    private readonly Dictionary<string, string> _trainMap;

    private ControlTask(string[] classes, double[] probabilities, ControlTaskOptions options, IEnumerable<string> trainTypes)
    {
        _classes = classes;
        _probabilities = probabilities;
        Options = options;
        _cumulative = new double[probabilities.Length];
        double acc = 0;
        for (int k = 0; k < probabilities.Length; k++) { acc += probabilities[k]; _cumulative[k] = acc; }
        _trainMap = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var t in trainTypes) _trainMap.TryAdd(t, LabelOf(t));
    }

    /// <summary>The labels that can be drawn.</summary>
    public IReadOnlyList<string> Classes => _classes;

    /// <summary>The probability of each class in <see cref="Classes"/>.</summary>
    public IReadOnlyList<double> Probabilities => _probabilities;

    /// <summary>The options.</summary>
    public ControlTaskOptions Options { get; }

    /// <summary>The control label of every word type of the training tokens.</summary>
    public IReadOnlyDictionary<string, string> TrainTypeLabels => _trainMap;

    /// <summary>
    /// Creates a control task from training tokens and their labels. Classes are the distinct labels, sorted ordinally;
    /// the empirical distribution is their token frequency.
    /// </summary>
    /// <param name="trainTokens">Training token strings.</param>
    /// <param name="trainLabels">Their labels.</param>
    /// <param name="options">Distribution and seed.</param>
    /// <returns>The control task.</returns>
    /// <exception cref="ArgumentException">The lists are empty or differ in length.</exception>
    public static ControlTask Create(IReadOnlyList<string> trainTokens, IReadOnlyList<string> trainLabels, ControlTaskOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(trainTokens);
        ArgumentNullException.ThrowIfNull(trainLabels);
        if (trainTokens.Count != trainLabels.Count)
            throw new ArgumentException($"There are {trainTokens.Count} train tokens but {trainLabels.Count} labels.", nameof(trainLabels));
        if (trainTokens.Count == 0) throw new ArgumentException("A control task needs at least one training token.", nameof(trainTokens));
        var classes = trainLabels.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        return Create(trainTokens, trainLabels, classes, options ?? new ControlTaskOptions());
    }

    /// <summary>Creates a control task from a training split; classes are the split's class names (in order).</summary>
    /// <param name="train">The training split.</param>
    /// <param name="options">Distribution and seed.</param>
    /// <returns>The control task.</returns>
    /// <exception cref="ArgumentException">The split is empty.</exception>
    public static ControlTask Create(ProbingSplit train, ControlTaskOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (train.Count == 0) throw new ArgumentException("A control task needs a non-empty training split.", nameof(train));
        return Create(train.Tokens, train.LabelNames(), train.ClassNames.ToArray(), options ?? new ControlTaskOptions());
    }

    private static ControlTask Create(IReadOnlyList<string> tokens, IReadOnlyList<string> labels, string[] classes, ControlTaskOptions options)
    {
        var p = new double[classes.Length];
        if (options.Distribution == ControlDistribution.Uniform) Array.Fill(p, 1.0 / classes.Length);
        else
        {
            var index = classes.Select((c, k) => (c, k)).ToDictionary(x => x.c, x => x.k, StringComparer.Ordinal);
            foreach (var l in labels) p[index[l]]++;
            for (int k = 0; k < p.Length; k++) p[k] /= labels.Count;
        }
        return new ControlTask(classes, p, options, tokens);
    }

    /// <summary>The control label of a word type (any string, seen in training or not).</summary>
    /// <param name="token">The token string.</param>
    /// <returns>Its fixed label.</returns>
    public string LabelOf(string token) => _classes[ClassIdOf(token)];

    /// <summary>The index in <see cref="Classes"/> of a word type's control label.</summary>
    /// <param name="token">The token string.</param>
    /// <returns>The class index.</returns>
    public int ClassIdOf(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        double u = Uniform01(Options.Seed, token);
        for (int k = 0; k < _cumulative.Length; k++)
            if (u < _cumulative[k] && _probabilities[k] > 0) return k;
        for (int k = _probabilities.Length - 1; k >= 0; k--)
            if (_probabilities[k] > 0) return k;
        return _classes.Length - 1;
    }

    /// <summary>The control labels of a list of tokens.</summary>
    /// <param name="tokens">Token strings.</param>
    /// <returns>One label per token.</returns>
    public string[] Apply(IReadOnlyList<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        return tokens.Select(LabelOf).ToArray();
    }

    /// <summary>A split with the same rows and control labels; its class names become <see cref="Classes"/>.</summary>
    /// <param name="split">Any split (train, valid or test).</param>
    /// <returns>The relabelled split.</returns>
    public ProbingSplit Apply(ProbingSplit split)
    {
        ArgumentNullException.ThrowIfNull(split);
        return split.WithLabels(split.Tokens.Select(ClassIdOf).ToArray(), _classes);
    }

    internal static double Uniform01(int seed, string token)
    {
        ulong h = 14695981039346656037UL;
        foreach (char ch in token) { h ^= ch; h *= 1099511628211UL; }
        ulong z = h ^ ((ulong)(uint)seed * 0x9E3779B97F4A7C15UL) ^ 0xD1B54A32D192ED03UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (z >> 11) * (1.0 / (1UL << 53));
    }
}
