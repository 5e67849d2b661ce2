using System.Globalization;

namespace CodeNeurons.Concepts;

/// <summary>
/// The seed paper's dataset selection over <b>separate</b> train, valid and test files (the "paper" protocol). Nothing
/// is random: rows are taken in file order.
/// </summary>
/// <remarks>
/// <list type="number">
/// <item>Train: first the rows of each priority class whose string never occurs with that class in the valid or test
/// file; then, in file order, rows of a closed class only when their string is one of its <see cref="SeedSplitOptions.TrainWords"/>,
/// rows of any other class freely, each class up to <see cref="SeedSplitOptions.TrainPerClass"/>. (The seed's
/// <c>counter &lt;= num_train</c> with <c>num_train = 1999</c> takes 2,000; here the count is exact.)</item>
/// <item>Valid and test: in file order, every row whose string was selected for training (in any class) is dropped, then
/// each class is capped at its count. The seed passes word lists for the held-out closed-class words too, but its test
/// <c>label in special_class_split.values()</c> compares a label with lists and is never true, so they have no effect:
/// dev words of every class are unseen words, like test.</item>
/// </list>
/// </remarks>
public static class SeedSplitDatasetBuilder
{
    /// <summary>Builds the dataset.</summary>
    /// <param name="tokens">The train, valid and test files concatenated in that order (<c>LabeledTokens.Concat(train, valid, test)</c>: source indices 0, 1, 2).</param>
    /// <param name="options">Classes, counts, closed-class train words, priority classes.</param>
    /// <returns>The three splits (row references into <paramref name="tokens"/>, for <see cref="ProbingExtraction"/>).</returns>
    /// <exception cref="ArgumentException">No classes, a repeated class, a class absent from the training file, a source index other than 0, 1, 2, or word lists / priorities for a class not probed.</exception>
    /// <exception cref="InvalidOperationException">A class has too few rows for a split (the message names both counts).</exception>
    public static ProbingDataset Build(LabeledTokens tokens, SeedSplitOptions options)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(options);
        var classes = options.Classes?.ToArray() ?? throw new ArgumentException("Classes is null.", nameof(options));
        if (classes.Length == 0) throw new ArgumentException("Give the classes to probe (Classes is empty).", nameof(options));
        var classId = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var c in classes)
            if (!classId.TryAdd(c, classId.Count)) throw new ArgumentException($"Class '{c}' is listed twice.", nameof(options));
        foreach (var c in options.TrainWords.Keys.Concat(options.PriorityClasses))
            if (!classId.ContainsKey(c)) throw new ArgumentException($"Word lists or priority are given for class '{c}', which is not one of the classes ({string.Join(", ", classes)}).", nameof(options));
        int[] req = [options.TrainPerClass, options.ValidPerClass, options.TestPerClass];
        if (req.Any(r => r < 0)) throw new ArgumentException("Counts per class must be ≥ 0.", nameof(options));

        var bySplit = new List<int>[3] { [], [], [] };
        for (int i = 0; i < tokens.Count; i++)
        {
            int s = tokens.SourceIndices[i];
            if (s is < 0 or > 2) throw new ArgumentException($"Row {i} has source index {s}; concatenate exactly the train, valid and test files (sources 0, 1, 2).", nameof(tokens));
            if (classId.ContainsKey(tokens.Labels[i])) bySplit[s].Add(i);
        }
        foreach (var c in classes)
            if (!bySplit[0].Any(i => tokens.Labels[i] == c)) throw new ArgumentException($"Class '{c}' has no row in the training file.", nameof(options));

        // Train: priority rows first, then file order.
        var count = new int[3, classes.Length];
        var selected = new HashSet<int>();
        foreach (var pc in options.PriorityClasses)
        {
            var heldOut = bySplit[1].Concat(bySplit[2]).Where(i => tokens.Labels[i] == pc).Select(i => tokens.Tokens[i]).ToHashSet(StringComparer.Ordinal);
            int c = classId[pc];
            foreach (int i in bySplit[0])
            {
                if (tokens.Labels[i] != pc || heldOut.Contains(tokens.Tokens[i]) || count[0, c] >= req[0]) continue;
                selected.Add(i);
                count[0, c]++;
            }
        }
        foreach (int i in bySplit[0])
        {
            if (selected.Contains(i)) continue;
            int c = classId[tokens.Labels[i]];
            if (count[0, c] >= req[0]) continue;
            if (options.TrainWords.TryGetValue(tokens.Labels[i], out var words) && !words.Contains(tokens.Tokens[i], StringComparer.Ordinal)) continue;
            selected.Add(i);
            count[0, c]++;
        }
        var trainRows = bySplit[0].Where(selected.Contains).ToArray();
        var seen = trainRows.Select(i => tokens.Tokens[i]).ToHashSet(StringComparer.Ordinal);

        var rows = new int[3][];
        rows[0] = trainRows;
        for (int s = 1; s <= 2; s++)
        {
            var picked = new List<int>();
            foreach (int i in bySplit[s])
            {
                int c = classId[tokens.Labels[i]];
                if (seen.Contains(tokens.Tokens[i]) || count[s, c] >= req[s]) continue;
                picked.Add(i);
                count[s, c]++;
            }
            rows[s] = picked.ToArray();
        }
        string[] names = ["train", "valid", "test"];
        for (int s = 0; s < 3; s++)
            for (int c = 0; c < classes.Length; c++)
                if (count[s, c] < req[s])
                    throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                        $"Class {classes[c]} has {count[s, c]:N0} {names[s]} tokens, {req[s]:N0} requested{(s == 0 ? "" : " (strings seen in train are dropped)")}."));
        var splits = new ProbingSplit[3];
        for (int s = 0; s < 3; s++)
            splits[s] = ProbingSplit.Create(names[s], tokens, rows[s], rows[s].Select(i => classId[tokens.Labels[i]]).ToArray(), classes);
        var recorded = new ProbingDatasetOptions
        {
            Classes = classes, TrainPerClass = req[0], ValidPerClass = req[1], TestPerClass = req[2], LexicallyDisjoint = false,
        };
        return new ProbingDataset(splits[0], splits[1], splits[2], recorded, new Dictionary<string, DatasetSplit>(StringComparer.Ordinal));
    }
}
