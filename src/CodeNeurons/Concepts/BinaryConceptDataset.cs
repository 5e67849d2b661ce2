using System.Text.RegularExpressions;

namespace CodeNeurons.Concepts;

/// <summary>
/// Binary concept datasets (NeuroX <c>annotate_data</c>): tokens matching a concept (a predicate, a regular expression
/// or a word list) are class 1, every other token class 0, negatives balanced against positives. The result is a
/// <see cref="ProbingSplit"/> with classes [negative, positive], rows sorted by (source, row).
/// </summary>
public static class BinaryConceptDataset
{
    /// <summary>Labels tokens by a predicate on the token string.</summary>
    /// <param name="tokens">The rows (their labels are ignored).</param>
    /// <param name="isPositive">True for tokens of the concept.</param>
    /// <param name="options">Balancing and seed.</param>
    /// <returns>The dataset.</returns>
    /// <exception cref="ArgumentException">There are no tokens.</exception>
    /// <exception cref="InvalidOperationException">No token is positive, or none is negative.</exception>
    public static ProbingSplit Create(LabeledTokens tokens, Func<string, bool> isPositive, BinaryConceptOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(isPositive);
        options ??= new BinaryConceptOptions();
        if (tokens.Count == 0) throw new ArgumentException("There are no tokens to annotate.", nameof(tokens));
        if (options.MaxPositives is < 1) throw new ArgumentException($"MaxPositives must be ≥ 1 (got {options.MaxPositives}).", nameof(options));
        if (string.IsNullOrEmpty(options.PositiveLabel) || string.IsNullOrEmpty(options.NegativeLabel) || options.PositiveLabel == options.NegativeLabel)
            throw new ArgumentException("The positive and negative labels must be non-empty and different.", nameof(options));
        var pos = new List<int>();
        var neg = new List<int>();
        for (int i = 0; i < tokens.Count; i++) (isPositive(tokens.Tokens[i]) ? pos : neg).Add(i);
        if (pos.Count == 0) throw new InvalidOperationException($"No token of the {tokens.Count} matches the concept, so there are no positives.");
        if (neg.Count == 0) throw new InvalidOperationException($"All {tokens.Count} tokens match the concept, so there are no negatives.");
        var rng = new Random(options.Seed);
        if (options.MaxPositives is int max && pos.Count > max) pos = Sample(pos, max, rng);
        if (options.Balance)
        {
            int m = Math.Min(pos.Count, neg.Count);
            if (pos.Count > m) pos = Sample(pos, m, rng);
            if (neg.Count > m) neg = Sample(neg, m, rng);
        }
        var indices = pos.Concat(neg).ToArray();
        var labels = pos.Select(_ => 1).Concat(neg.Select(_ => 0)).ToArray();
        return ProbingSplit.Create("binary", tokens, indices, labels, [options.NegativeLabel, options.PositiveLabel]);
    }

    /// <summary>Labels tokens by a regular expression that must match at the token's start (Python's <c>re.match</c>, as NeuroX).
    /// Anchor it with <c>$</c> for a whole-token match.</summary>
    /// <param name="tokens">The rows.</param>
    /// <param name="pattern">The concept's pattern.</param>
    /// <param name="options">Balancing and seed.</param>
    /// <returns>The dataset.</returns>
    public static ProbingSplit Create(LabeledTokens tokens, Regex pattern, BinaryConceptOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return Create(tokens, t => pattern.Match(t) is { Success: true, Index: 0 }, options);
    }

    /// <summary>Labels tokens by a word list (ordinal, case-sensitive).</summary>
    /// <param name="tokens">The rows.</param>
    /// <param name="words">The concept's words.</param>
    /// <param name="options">Balancing and seed.</param>
    /// <returns>The dataset.</returns>
    /// <exception cref="ArgumentException">The word list is empty.</exception>
    public static ProbingSplit Create(LabeledTokens tokens, IEnumerable<string> words, BinaryConceptOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(words);
        var set = new HashSet<string>(words, StringComparer.Ordinal);
        if (set.Count == 0) throw new ArgumentException("The word list is empty.", nameof(words));
        return Create(tokens, set.Contains, options);
    }

    /// <summary>Labels plain token strings (row i is row i of source 0) by a predicate.</summary>
    /// <param name="tokens">Token strings.</param>
    /// <param name="isPositive">True for tokens of the concept.</param>
    /// <param name="options">Balancing and seed.</param>
    /// <returns>The dataset.</returns>
    public static ProbingSplit Create(IReadOnlyList<string> tokens, Func<string, bool> isPositive, BinaryConceptOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var placeholder = new string[tokens.Count];
        Array.Fill(placeholder, "_");
        return Create(tokens.Count == 0 ? LabeledTokens.Create([], []) : LabeledTokens.Create(tokens, placeholder), isPositive, options);
    }

    private static List<int> Sample(List<int> items, int count, Random rng)
    {
        var copy = new List<int>(items);
        for (int i = 0; i < count; i++)
        {
            int j = i + rng.Next(copy.Count - i);
            (copy[i], copy[j]) = (copy[j], copy[i]);
        }
        return copy.GetRange(0, count);
    }
}
