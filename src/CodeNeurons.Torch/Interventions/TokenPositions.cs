using TorchSharp;
using static TorchSharp.torch;

namespace CodeNeurons.Torch.Interventions;

/// <summary>
/// The token positions (subword positions of the padded batch, special tokens included) at which an intervention acts:
/// every position, the same positions in every row, or positions per row.
/// </summary>
public sealed class TokenPositions
{
    private readonly int[]? _shared;
    private readonly int[][]? _perRow;

    private TokenPositions(int[]? shared, int[][]? perRow)
    {
        _shared = shared;
        _perRow = perRow;
    }

    /// <summary>Every position of every row (padding included; its values mean nothing and are masked out of attention).</summary>
    public static TokenPositions All { get; } = new(null, null);

    /// <summary>Whether this is <see cref="All"/>.</summary>
    public bool IsAll => _shared is null && _perRow is null;

    /// <summary>The same positions in every row.</summary>
    /// <param name="positions">0-based positions (0 is the first token, e.g. [CLS] or &lt;s&gt;).</param>
    /// <returns>The selection.</returns>
    /// <exception cref="ArgumentException">The list is empty or has a negative position.</exception>
    public static TokenPositions At(params int[] positions)
    {
        ArgumentNullException.ThrowIfNull(positions);
        if (positions.Length == 0) throw new ArgumentException("No positions given; use TokenPositions.All for every position.", nameof(positions));
        Check(positions, nameof(positions), "");
        return new TokenPositions([.. positions.Distinct().Order()], null);
    }

    /// <summary>Positions per row of the batch.</summary>
    /// <param name="positions">One list per row (may be empty: that row is left alone).</param>
    /// <returns>The selection; the batch must have exactly this many rows.</returns>
    /// <exception cref="ArgumentException">A position is negative.</exception>
    public static TokenPositions PerRow(IReadOnlyList<int[]> positions)
    {
        ArgumentNullException.ThrowIfNull(positions);
        var copy = new int[positions.Count][];
        for (int r = 0; r < copy.Length; r++)
        {
            Check(positions[r] ?? throw new ArgumentException($"Row {r} has a null position list.", nameof(positions)), nameof(positions), $"row {r}: ");
            copy[r] = [.. positions[r].Distinct().Order()];
        }
        return new TokenPositions(null, copy);
    }

    private static void Check(int[] positions, string name, string where)
    {
        foreach (int p in positions)
            if (p < 0) throw new ArgumentException($"{where}position {p} is negative.", name);
    }

    /// <summary>A boolean mask [batch, seq, 1] of the selected positions, or null for <see cref="All"/>.</summary>
    internal Tensor? Mask(long batch, long seq, Device device)
    {
        if (IsAll) return null;
        if (_perRow is not null && _perRow.Length != batch)
            throw new ArgumentException($"The token positions are given for {_perRow.Length} rows, but the batch has {batch} rows.");
        var mask = new bool[batch * seq];
        for (long b = 0; b < batch; b++)
            foreach (int p in _shared ?? _perRow![b])
            {
                if (p >= seq) throw new ArgumentException($"Token position {p} is outside the sequence (length {seq}) of row {b}.");
                mask[b * seq + p] = true;
            }
        return torch.tensor(mask, [batch, seq, 1]).to(device);
    }
}
