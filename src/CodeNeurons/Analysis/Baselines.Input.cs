using CodeNeurons.Data;
using CodeNeurons.Interpretation;

namespace CodeNeurons.Analysis;

/// <summary>Baselines that read the input text instead of the model: the surface-form rule and the context-only probe.</summary>
/// <remarks>
/// Neither is in Sharma et al. (arXiv 2305.00875) or Dalvi et al. 2020. They answer whether a probe on the model's
/// neurons knows more than the token's spelling (surface rule) or its neighbours (context-only probe): an oracle at or
/// below either has not shown that the neurons encode the concept beyond what the input shows.
/// </remarks>
public static partial class Baselines
{
    /// <summary>
    /// The surface-form rule: a token opening with a quote (<c>'</c>, <c>"</c> or <c>`</c>, optionally after at most two
    /// ASCII letters, a string prefix such as Python's <c>r</c>, <c>b</c>, <c>f</c>, <c>rb</c>) is <see cref="SurfaceRuleOptions.StringClass"/>;
    /// a token opening with a digit (or a dot and a digit) is <see cref="SurfaceRuleOptions.NumberClass"/>; every other
    /// token is the majority open class of train: among the other classes, the one with the most distinct training
    /// words (ties: more rows, then the lower class id). Nothing is trained.
    /// </summary>
    /// <param name="data">The splits; every split needs its tokens (<see cref="ActivationSet.Tokens"/>).</param>
    /// <param name="options">Class names of the rule; null for STRING and NUMBER.</param>
    /// <param name="metric">The score (the pipeline's <see cref="CcfsOptions.Metric"/>); accuracy by default.</param>
    /// <returns>The score on dev (and test); <see cref="BaselineScore.MajorityClass"/> is the fallback class.</returns>
    /// <exception cref="ArgumentException">A split without tokens, or no class left for the fallback.</exception>
    public static BaselineScore SurfaceForm(ProbingData data, SurfaceRuleOptions? options = null, ProbeMetric metric = ProbeMetric.Accuracy)
    {
        ArgumentNullException.ThrowIfNull(data);
        options ??= new SurfaceRuleOptions();
        var names = data.ClassNames;
        int stringClass = IndexOf(names, options.StringClass), numberClass = IndexOf(names, options.NumberClass);
        var trainTokens = TokensOf(data.Train, "train");
        int fallback = OpenClass(trainTokens, data.Train.Labels, stringClass, numberClass);
        double Score(LabeledActivations split, string name)
        {
            var tokens = TokensOf(split, name);
            var predicted = tokens.Select(t => SurfacePrediction(t, stringClass, numberClass, fallback)).ToArray();
            return Metrics.Score(metric, predicted, split.Labels.Ids);
        }
        return new BaselineScore("surface", Score(data.Dev, "dev"), data.Test is null ? null : Score(data.Test, "test"), 0, null, fallback);
    }

    /// <summary>
    /// The context-only probe: <paramref name="probe"/> trained on one-hot features of each row's neighbouring tokens
    /// (offsets −R … −1, 1 … R; a vocabulary per offset from train; "other" and "no token" columns), never the row's own
    /// token nor the model, and scored like the oracle. Seeded by the probe's seed; the features are deterministic.
    /// </summary>
    /// <param name="probe">The probe trainer (the pipeline's, so the comparison with the oracle is like for like).</param>
    /// <param name="data">The splits, each with <see cref="LabeledActivations.Neighbours"/>.</param>
    /// <param name="options">The features; null for ±2 tokens and 500 words per offset.</param>
    /// <param name="cancellationToken">Cancels training.</param>
    /// <returns>The probe's accuracy on dev (and test); <see cref="BaselineScore.Neurons"/> is the feature count.</returns>
    /// <exception cref="ArgumentException">A split without neighbours, or a radius beyond theirs.</exception>
    public static BaselineScore ContextOnly(IConceptProbe probe, ProbingData data, ContextBaselineOptions? options = null, CancellationToken cancellationToken = default) =>
        ContextOnly(probe, data, ProbeMetric.Accuracy, options, cancellationToken);

    /// <summary>As <see cref="ContextOnly(IConceptProbe, ProbingData, ContextBaselineOptions?, CancellationToken)"/>, scored with <paramref name="metric"/>.</summary>
    /// <param name="probe">The probe to train on the one-hot features.</param>
    /// <param name="data">The splits, with neighbouring tokens.</param>
    /// <param name="metric">The score (the pipeline's <see cref="CcfsOptions.Metric"/>).</param>
    /// <param name="options">Radius and vocabulary; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels training.</param>
    /// <returns>The probe's score on dev (and test); <see cref="BaselineScore.Neurons"/> is the feature count.</returns>
    public static BaselineScore ContextOnly(IConceptProbe probe, ProbingData data, ProbeMetric metric, ContextBaselineOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(data);
        options ??= new ContextBaselineOptions();
        data.RequireEveryClassInDev();
        TokenNeighbours Windows(LabeledActivations split, string name) => split.Neighbours
            ?? throw new ArgumentException($"The {name} split has no neighbouring tokens (LabeledActivations.Neighbours); build it with ProbingDataset.WithNeighbours.", nameof(data));
        var features = ContextFeatures.Fit(Windows(data.Train, "train"), options);
        LabeledActivations Featurise(LabeledActivations split, string name) =>
            new(features.Transform(Windows(split, name), split.Activations.Tokens), split.Labels);
        var featureData = new ProbingData(Featurise(data.Train, "train"), Featurise(data.Dev, "dev"), data.Test is null ? null : Featurise(data.Test, "test"));
        var (result, dev, test) = Ccfs.FitAndScore(probe, featureData, metric, cancellationToken);
        return new BaselineScore("context", dev, test, features.Columns, result);
    }

    /// <summary>The surface rule's class for one token (−1 classes are never predicted).</summary>
    internal static int SurfacePrediction(string token, int stringClass, int numberClass, int fallback)
    {
        if (stringClass >= 0 && OpensWithQuote(token)) return stringClass;
        if (numberClass >= 0 && OpensWithDigit(token)) return numberClass;
        return fallback;
    }

    /// <summary>A quote first, or after at most two ASCII letters (a string prefix).</summary>
    internal static bool OpensWithQuote(string token)
    {
        for (int i = 0; i < token.Length && i <= 2; i++)
        {
            char c = token[i];
            if (c is '"' or '\'' or '`') return true;
            if (!char.IsAsciiLetter(c)) return false;
        }
        return false;
    }

    /// <summary>A digit first, or a dot and a digit (<c>.5</c>).</summary>
    internal static bool OpensWithDigit(string token) =>
        token.Length > 0 && (char.IsAsciiDigit(token[0]) || (token[0] == '.' && token.Length > 1 && char.IsAsciiDigit(token[1])));

    /// <summary>The class, other than the literal classes, with the most distinct training words (ties: more rows, lower id).</summary>
    internal static int OpenClass(IReadOnlyList<string> tokens, ClassLabels labels, int stringClass, int numberClass)
    {
        var words = new HashSet<string>[labels.ClassNames.Count];
        var rows = new int[words.Length];
        for (int c = 0; c < words.Length; c++) words[c] = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < tokens.Count; i++)
        {
            words[labels.Ids[i]].Add(tokens[i]);
            rows[labels.Ids[i]]++;
        }
        int best = -1;
        for (int c = 0; c < words.Length; c++)
        {
            if (c == stringClass || c == numberClass) continue;
            if (best < 0 || words[c].Count > words[best].Count || (words[c].Count == words[best].Count && rows[c] > rows[best])) best = c;
        }
        return best >= 0 ? best : throw new ArgumentException("The surface rule needs a class besides the string and number classes for the other tokens.", nameof(labels));
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (int i = 0; i < names.Count; i++) if (string.Equals(names[i], name, StringComparison.Ordinal)) return i;
        return -1;
    }

    private static IReadOnlyList<string> TokensOf(LabeledActivations split, string name) => split.Activations.Tokens
        ?? throw new ArgumentException($"The {name} split has no tokens; the surface rule reads each row's token.", nameof(split));
}
