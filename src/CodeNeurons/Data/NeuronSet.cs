namespace CodeNeurons.Data;

/// <summary>
/// A set of global neuron ids (layer · D + unit), kept sorted and unique, with value equality: two sets are equal when
/// they hold the same ids. Used to name what a stage kept and as the key of cached probe evaluations.
/// </summary>
public readonly struct NeuronSet : IEquatable<NeuronSet>
{
    private readonly int[]? _ids;
    private readonly int _hash;

    private NeuronSet(int[] ids)
    {
        _ids = ids;
        var h = new HashCode();
        h.Add(ids.Length);
        foreach (int id in ids) h.Add(id);
        _hash = h.ToHashCode();
    }

    /// <summary>The ids, ascending.</summary>
    public IReadOnlyList<int> Ids => _ids ?? [];

    /// <summary>Number of neurons.</summary>
    public int Count => _ids?.Length ?? 0;

    /// <summary>The set of <paramref name="ids"/> (sorted; repeats are an error).</summary>
    /// <param name="ids">Global neuron ids, each ≥ 0.</param>
    /// <returns>The set.</returns>
    /// <exception cref="ArgumentException">A negative or repeated id.</exception>
    public static NeuronSet Of(IEnumerable<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var a = ids.ToArray();
        Array.Sort(a);
        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] < 0) throw new ArgumentException($"Neuron id {a[i]} is negative.", nameof(ids));
            if (i > 0 && a[i] == a[i - 1]) throw new ArgumentException($"Neuron id {a[i]} is repeated.", nameof(ids));
        }
        return new NeuronSet(a);
    }

    /// <summary>Whether <paramref name="id"/> is in the set.</summary>
    /// <param name="id">A global neuron id.</param>
    /// <returns>True when present.</returns>
    public bool Contains(int id) => _ids is not null && Array.BinarySearch(_ids, id) >= 0;

    /// <inheritdoc/>
    public bool Equals(NeuronSet other) =>
        _hash == other._hash && ((ReadOnlySpan<int>)(_ids ?? [])).SequenceEqual(other._ids ?? []);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is NeuronSet other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _hash;

    /// <summary>Value equality.</summary>
    /// <param name="left">A set.</param>
    /// <param name="right">Another set.</param>
    /// <returns>True when both hold the same ids.</returns>
    public static bool operator ==(NeuronSet left, NeuronSet right) => left.Equals(right);

    /// <summary>Value inequality.</summary>
    /// <param name="left">A set.</param>
    /// <param name="right">Another set.</param>
    /// <returns>True when the ids differ.</returns>
    public static bool operator !=(NeuronSet left, NeuronSet right) => !left.Equals(right);

    /// <inheritdoc/>
    public override string ToString() => Count <= 8 ? $"{{{string.Join(", ", Ids)}}}" : $"{{{string.Join(", ", Ids.Take(8))}, … ({Count} neurons)}}";
}
