using System.Globalization;

namespace CodeNeurons.Data;

/// <summary>
/// The class of every row of a data set, validated once: class names in id order and one class id per row, each in
/// [0, <see cref="ClassCount"/>). Immutable; every probe, stage, pipeline and report takes labels in this form.
/// </summary>
/// <remarks>
/// A class may have no row (a dev split can lack a rare class); the stages that need every class check that with
/// <see cref="MissingClasses"/>. Two label vectors of one data set share the same <see cref="ClassNames"/>.
/// </remarks>
public sealed class ClassLabels
{
    private readonly int[] _ids;
    private readonly string[] _names;

    private ClassLabels(int[] ids, string[] names)
    {
        _ids = ids;
        _names = names;
    }

    /// <summary>Class names in id order (class c is <c>ClassNames[c]</c>).</summary>
    public IReadOnlyList<string> ClassNames => _names;

    /// <summary>The class id of every row.</summary>
    public IReadOnlyList<int> Ids => _ids;

    /// <summary>The class ids as a span (no copy).</summary>
    public ReadOnlySpan<int> Span => _ids;

    /// <summary>Number of rows.</summary>
    public int Count => _ids.Length;

    /// <summary>Number of classes C.</summary>
    public int ClassCount => _names.Length;

    /// <summary>The class id of row <paramref name="row"/>.</summary>
    /// <param name="row">Row index in [0, <see cref="Count"/>).</param>
    public int this[int row] => _ids[row];

    /// <summary>The class name of row <paramref name="row"/>.</summary>
    /// <param name="row">Row index in [0, <see cref="Count"/>).</param>
    /// <returns>The name.</returns>
    public string NameOf(int row) => _names[_ids[row]];

    /// <summary>Labels from class ids, checked: every id in [0, C).</summary>
    /// <param name="ids">Class id of each row (copied).</param>
    /// <param name="classNames">Class names in id order; null names classes by their ids ("0", "1", …) with C = max id + 1.</param>
    /// <returns>The labels.</returns>
    /// <exception cref="ArgumentException">An id outside [0, C), an empty, null or repeated class name.</exception>
    public static ClassLabels FromIds(IReadOnlyList<int> ids, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var copy = ids.ToArray();
        int max = -1;
        for (int r = 0; r < copy.Length; r++)
        {
            if (copy[r] < 0) throw new ArgumentException($"Label {r} is class {copy[r]}; class ids must be ≥ 0.", nameof(ids));
            max = Math.Max(max, copy[r]);
        }
        var names = classNames is null
            ? Enumerable.Range(0, max + 1).Select(c => c.ToString(CultureInfo.InvariantCulture)).ToArray()
            : CheckNames(classNames);
        if (max >= names.Length)
        {
            int row = Array.FindIndex(copy, y => y >= names.Length);
            throw new ArgumentException($"Label {row} is class {copy[row]}, but there are {names.Length} class names ({Describe(names)}).", nameof(ids));
        }
        return new ClassLabels(copy, names);
    }

    /// <summary>Labels from class names.</summary>
    /// <param name="names">The class name of each row.</param>
    /// <param name="classOrder">The classes in id order; null orders the distinct names ordinally.</param>
    /// <param name="source">Named in errors (e.g. a file name); null for "the labels".</param>
    /// <returns>The labels.</returns>
    /// <exception cref="ArgumentException">A name not in <paramref name="classOrder"/>, or a bad class order.</exception>
    public static ClassLabels FromNames(IReadOnlyList<string> names, IReadOnlyList<string>? classOrder = null, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(names);
        for (int r = 0; r < names.Count; r++)
            if (names[r] is null) throw new ArgumentException($"{source ?? "The labels"}: label {r} is null.", nameof(names));
        var order = classOrder is null ? names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray() : CheckNames(classOrder);
        var index = new Dictionary<string, int>(order.Length, StringComparer.Ordinal);
        for (int c = 0; c < order.Length; c++) index[order[c]] = c;
        var ids = new int[names.Count];
        for (int r = 0; r < ids.Length; r++)
            ids[r] = index.TryGetValue(names[r], out int c) ? c
                : throw new ArgumentException($"{source ?? "The labels"}: label {r} is class '{names[r]}', which is not one of the classes ({Describe(order)}).", nameof(names));
        return new ClassLabels(ids, order);
    }

    /// <summary>The same classes for other rows: <paramref name="names"/> mapped to this set's class ids.</summary>
    /// <param name="names">The class name of each row.</param>
    /// <param name="source">Named in errors.</param>
    /// <returns>Labels sharing <see cref="ClassNames"/>.</returns>
    /// <exception cref="ArgumentException">A name that is not one of this set's classes.</exception>
    public ClassLabels WithSameClasses(IReadOnlyList<string> names, string? source = null) => FromNames(names, _names, source);

    /// <summary>The labels of the given rows, in that order, with the same classes.</summary>
    /// <param name="rows">Row indices in [0, <see cref="Count"/>).</param>
    /// <returns>The selected labels.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A row outside [0, Count).</exception>
    public ClassLabels SelectRows(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var ids = new int[rows.Count];
        for (int i = 0; i < ids.Length; i++)
        {
            if ((uint)rows[i] >= (uint)_ids.Length) throw new ArgumentOutOfRangeException(nameof(rows), rows[i], $"Row {rows[i]} is outside [0, {_ids.Length}).");
            ids[i] = _ids[rows[i]];
        }
        return new ClassLabels(ids, _names);
    }

    /// <summary>Rows of each class, indexed by class id.</summary>
    /// <returns>C counts.</returns>
    public int[] Counts()
    {
        var counts = new int[ClassCount];
        foreach (int y in _ids) counts[y]++;
        return counts;
    }

    /// <summary>The classes with no row, ascending.</summary>
    /// <returns>Their ids.</returns>
    public int[] MissingClasses()
    {
        var counts = Counts();
        return Enumerable.Range(0, counts.Length).Where(c => counts[c] == 0).ToArray();
    }

    /// <summary>Whether <paramref name="other"/> has the same class names in the same order.</summary>
    /// <param name="other">Other labels.</param>
    /// <returns>True when the classes match.</returns>
    public bool HasSameClasses(ClassLabels other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return ReferenceEquals(_names, other._names) || _names.AsSpan().SequenceEqual(other._names);
    }

    private static string[] CheckNames(IReadOnlyList<string> names)
    {
        var a = names.ToArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int c = 0; c < a.Length; c++)
        {
            if (string.IsNullOrEmpty(a[c])) throw new ArgumentException($"Class name {c} is empty.", nameof(names));
            if (!seen.Add(a[c])) throw new ArgumentException($"Class name '{a[c]}' is repeated (classes {Describe(a)}).", nameof(names));
        }
        return a;
    }

    private static string Describe(IReadOnlyList<string> names) =>
        names.Count <= 12 ? string.Join(", ", names) : $"{string.Join(", ", names.Take(12))}, … ({names.Count} in all)";
}
