using CodeNeurons.Torch.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace CodeNeurons.Torch.Interventions;

/// <summary>
/// The hidden states of a clean run on another input (the source of activation patching) and how its positions map to
/// the patched input's: by position (the same padded shape) or by an explicit map (built from code tokens by
/// <see cref="ByCodeToken"/>).
/// </summary>
public sealed class PatchSource
{
    private readonly int[][]? _map;

    private PatchSource(HiddenStates states, int[][]? map)
    {
        States = states;
        _map = map;
    }

    /// <summary>The source run's hidden states, [layers + 1, batch, seq, hidden].</summary>
    public HiddenStates States { get; }

    /// <summary>Whether positions are matched one to one (true) or through a map.</summary>
    public bool ByPosition => _map is null;

    /// <summary>Patches position p of row b from position p of row b of <paramref name="states"/>; the patched batch must have the same shape.</summary>
    /// <param name="states">The source run, e.g. <c>model.Forward(idsB, maskB)</c> without interventions.</param>
    /// <returns>The source.</returns>
    public static PatchSource Aligned(HiddenStates states)
    {
        ArgumentNullException.ThrowIfNull(states);
        return new PatchSource(states, null);
    }

    /// <summary>Patches through a map: position p of row b takes source position <c>map[b][p]</c>, or is left alone where that is −1.</summary>
    /// <param name="states">The source run.</param>
    /// <param name="map">One array per row, as long as the patched batch's padded sequence.</param>
    /// <returns>The source.</returns>
    /// <exception cref="ArgumentException">The map has another row count than the source, or a position outside the source's sequence.</exception>
    public static PatchSource Mapped(HiddenStates states, IReadOnlyList<int[]> map)
    {
        ArgumentNullException.ThrowIfNull(states);
        ArgumentNullException.ThrowIfNull(map);
        if (map.Count != states.BatchSize)
            throw new ArgumentException($"The position map has {map.Count} rows but the patch source has {states.BatchSize}.", nameof(map));
        var copy = new int[map.Count][];
        for (int b = 0; b < map.Count; b++)
        {
            copy[b] = [.. map[b]];
            foreach (int p in copy[b])
                if (p < -1 || p >= states.SequenceLength)
                    throw new ArgumentException($"Row {b} of the position map has source position {p}, outside [0, {states.SequenceLength}) (−1 = do not patch).", nameof(map));
        }
        return new PatchSource(states, copy);
    }

    /// <summary>
    /// Aligns by code token: the subwords of code token t of a target row take the values of code token t's subwords in the
    /// source row: one to one when both have the same number of subwords, otherwise every target subword takes the source's
    /// last subword (the representation extraction writes by default). Special tokens and padding are not patched.
    /// </summary>
    /// <param name="states">The source run.</param>
    /// <param name="targetTokens">Per row of the patched batch, per code token, its subword positions in the padded sequence; −1 for a subword that is not in the sequence (outside an extraction window), which is not patched.</param>
    /// <param name="sourceTokens">The same for the source batch.</param>
    /// <param name="targetLength">The patched batch's padded sequence length.</param>
    /// <returns>The source.</returns>
    /// <exception cref="ArgumentException">The row counts differ, or a row has another number of code tokens in the source (the message names the row).</exception>
    public static PatchSource ByCodeToken(HiddenStates states, IReadOnlyList<int[][]> targetTokens, IReadOnlyList<int[][]> sourceTokens, int targetLength)
    {
        ArgumentNullException.ThrowIfNull(targetTokens);
        ArgumentNullException.ThrowIfNull(sourceTokens);
        if (targetTokens.Count != sourceTokens.Count)
            throw new ArgumentException($"The patched batch has {targetTokens.Count} rows but the patch source has {sourceTokens.Count}.", nameof(sourceTokens));
        var map = new int[targetTokens.Count][];
        for (int b = 0; b < map.Length; b++)
        {
            if (targetTokens[b].Length != sourceTokens[b].Length)
                throw new ArgumentException($"Row {b}: the input has {targetTokens[b].Length} code tokens but the patch source has {sourceTokens[b].Length}; aligning by code token needs the same count.", nameof(sourceTokens));
            map[b] = Enumerable.Repeat(-1, targetLength).ToArray();
            for (int t = 0; t < targetTokens[b].Length; t++)
            {
                int[] to = targetTokens[b][t], from = sourceTokens[b][t];
                for (int k = 0; k < to.Length; k++)
                {
                    if (to[k] == -1) continue;
                    if (to[k] < 0 || to[k] >= targetLength)
                        throw new ArgumentException($"Row {b}, code token {t}: subword position {to[k]} is outside [0, {targetLength}).", nameof(targetTokens));
                    map[b][to[k]] = to.Length == from.Length ? from[k] : from[^1];
                }
            }
        }
        return Mapped(states, map);
    }

    /// <summary>The source values of <paramref name="units"/> at <paramref name="layer"/> for a batch [batch, seq], and where they apply.</summary>
    internal Tensor Values(int layer, long[] units, long batch, long seq, Device device, ScalarType dtype, out Tensor? valid)
    {
        var s = States;
        if (s.BatchSize != batch)
            throw new ArgumentException($"The patch source has {s.BatchSize} rows but the input batch has {batch}; patch from a run on as many inputs.");
        if (_map is null && s.SequenceLength != seq)
            throw new ArgumentException($"The patch source has sequences of length {s.SequenceLength} but the input has {seq}; patch from an input of the same length, or align by code token (PatchSource.ByCodeToken).");
        if (_map is not null && _map.Any(m => m.Length != seq))
            throw new ArgumentException($"The position map has rows of length {_map.First(m => m.Length != seq).Length} but the input has sequences of length {seq}.");
        if (layer >= s.LayerCount)
            throw new ArgumentException($"The patch source has {s.LayerCount} hidden states; layer {layer} is not among them.");
        int k = units.Length;
        var values = new float[batch * seq * k];
        var ok = _map is null ? null : new bool[batch * seq];
        var v = s.Values;
        for (int b = 0; b < batch; b++)
            for (int p = 0; p < seq; p++)
            {
                int from = p;
                if (_map is not null)
                {
                    from = _map[b][p];
                    if (from < 0) continue;
                    ok![b * seq + p] = true;
                }
                long at = (b * seq + p) * k;
                for (int j = 0; j < k; j++) values[at + j] = v[layer, b, from, units[j]];
            }
        valid = ok is null ? null : torch.tensor(ok, [batch, seq, 1]).to(device);
        return torch.tensor(values, [batch, seq, k]).to(dtype, device);
    }
}
