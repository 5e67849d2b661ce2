namespace CodeNeurons.Data;

/// <summary>
/// The tokens around each row of a token-level split: for row <c>r</c> and offset <c>d</c> in ±1 … ±<see cref="Radius"/>,
/// the token <c>d</c> places away in the same sentence, or null past the sentence's start or end. Immutable.
/// </summary>
/// <remarks>
/// Rows of a probing split are a sample of a corpus' tokens, so their neighbours are not rows of the split; this keeps
/// them beside the rows (see <see cref="LabeledActivations.Neighbours"/>) for input baselines such as the context-only
/// probe of <c>Baselines.ContextOnly</c> (namespace Analysis).
/// </remarks>
public sealed class TokenNeighbours
{
    private readonly string?[] _values;

    private TokenNeighbours(string?[] values, int rows, int radius)
    {
        _values = values;
        Rows = rows;
        Radius = radius;
    }

    /// <summary>Rows (one window per row).</summary>
    public int Rows { get; }

    /// <summary>How far the windows reach on each side (≥ 1).</summary>
    public int Radius { get; }

    /// <summary>The token <paramref name="offset"/> places from row <paramref name="row"/>'s token, or null outside its sentence.</summary>
    /// <param name="row">The row, 0 ≤ row &lt; <see cref="Rows"/>.</param>
    /// <param name="offset">−<see cref="Radius"/> … −1 or 1 … <see cref="Radius"/>.</param>
    /// <returns>The neighbouring token, or null.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The row or offset is out of range (offset 0 is the row's own token, not a neighbour).</exception>
    public string? this[int row, int offset]
    {
        get
        {
            if ((uint)row >= (uint)Rows) throw new ArgumentOutOfRangeException(nameof(row), row, $"The row must lie in [0, {Rows}).");
            return _values[row * 2 * Radius + Column(offset)];
        }
    }

    /// <summary>Creates the windows from their values, row by row: offsets −R … −1, then 1 … R.</summary>
    /// <param name="values">Rows × 2·<paramref name="radius"/> tokens, null outside a sentence.</param>
    /// <param name="radius">The radius R (≥ 1).</param>
    /// <returns>The windows.</returns>
    /// <exception cref="ArgumentException">The value count is not a multiple of 2·R, or a token is empty.</exception>
    public static TokenNeighbours Create(IReadOnlyList<string?> values, int radius)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(radius, 1);
        if (values.Count % (2 * radius) != 0)
            throw new ArgumentException($"{values.Count} values are not whole rows of {2 * radius} neighbours (radius {radius}).", nameof(values));
        for (int i = 0; i < values.Count; i++)
            if (values[i] is { Length: 0 }) throw new ArgumentException($"Value {i} is an empty token; give null for no neighbour.", nameof(values));
        return new TokenNeighbours(values.ToArray(), values.Count / (2 * radius), radius);
    }

    /// <summary>
    /// The windows of a list of tokens in corpus order, every token of each sentence present (e.g. one row per token of
    /// a NeuroX <c>.in</c> file): the neighbours of token <c>t</c> are tokens <c>t ± d</c> with the same sentence index.
    /// </summary>
    /// <param name="tokens">The tokens, sentence by sentence.</param>
    /// <param name="sentenceIndices">The sentence of each token; a sentence's tokens are consecutive.</param>
    /// <param name="radius">The radius (≥ 1).</param>
    /// <returns>One window per token.</returns>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static TokenNeighbours FromSentences(IReadOnlyList<string> tokens, IReadOnlyList<int> sentenceIndices, int radius)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(sentenceIndices);
        if (tokens.Count != sentenceIndices.Count)
            throw new ArgumentException($"There are {tokens.Count} tokens but {sentenceIndices.Count} sentence indices.", nameof(sentenceIndices));
        return Gather(tokens, sentenceIndices, Enumerable.Range(0, tokens.Count).ToArray(), radius);
    }

    /// <summary>The windows of selected positions of a token list (<paramref name="positions"/>[i] is row i's token).</summary>
    /// <param name="tokens">Every token, sentence by sentence.</param>
    /// <param name="sentenceIndices">The sentence of each token; a sentence's tokens are consecutive.</param>
    /// <param name="positions">The position in <paramref name="tokens"/> of each row.</param>
    /// <param name="radius">The radius (≥ 1).</param>
    /// <returns>One window per row.</returns>
    internal static TokenNeighbours Gather(IReadOnlyList<string> tokens, IReadOnlyList<int> sentenceIndices, IReadOnlyList<int> positions, int radius)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(radius, 1);
        var values = new string?[positions.Count * 2 * radius];
        for (int i = 0; i < positions.Count; i++)
        {
            int t = positions[i];
            for (int d = -radius; d <= radius; d++)
            {
                if (d == 0) continue;
                int u = t + d;
                bool inside = u >= 0 && u < tokens.Count && sentenceIndices[u] == sentenceIndices[t];
                values[i * 2 * radius + Column(d, radius)] = inside ? tokens[u] : null;
            }
        }
        return new TokenNeighbours(values, positions.Count, radius);
    }

    private int Column(int offset)
    {
        if (offset == 0 || Math.Abs(offset) > Radius)
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"The offset must be −{Radius} … −1 or 1 … {Radius}.");
        return Column(offset, Radius);
    }

    private static int Column(int offset, int radius) => offset < 0 ? offset + radius : offset + radius - 1;
}
