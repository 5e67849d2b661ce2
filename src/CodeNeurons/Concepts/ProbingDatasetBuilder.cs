using System.Globalization;

namespace CodeNeurons.Concepts;

/// <summary>
/// Builds class-balanced, lexically disjoint probing datasets from labelled tokens (Sharma et al. 2023, §4):
/// choose classes, cap each class at a fixed number of tokens per split, keep word types apart between splits,
/// and split closed classes by word lists.
/// </summary>
/// <remarks>
/// <para>Algorithm (everything random comes from one <see cref="Random"/> seeded with <see cref="ProbingDatasetOptions.Seed"/>):</para>
/// <list type="number">
/// <item>Rows whose label is not a class are dropped. Rows of a closed class (one with <see cref="ClosedClassWords"/>) are
/// kept only when their token is in one of the class's lists, and go to that list's split. Every word in a list is
/// pinned to its split for all classes (so a test word never appears in train, whatever its label).</item>
/// <item>With <see cref="ProbingDatasetOptions.LexicallyDisjoint"/>, every other word type is assigned to exactly one of
/// train, valid and test: types are taken in decreasing order of frequency (ties in seeded random order), and each goes to
/// the split whose token count for the type's most frequent class, relative to the requested count, would be lowest
/// after adding it. Every split thus receives about the same multiple of what it needs, frequent types (e.g. <c>0</c>)
/// mostly landing in train. Valid is held out lexically as well: no valid word type is a train word type.</item>
/// <item>Per class, the rows of each split are shuffled and the first <c>TrainPerClass</c> / <c>ValidPerClass</c> /
/// <c>TestPerClass</c> are taken. Closed classes without valid words draw valid tokens from the train words' tokens
/// left after train (other rows, same word types).</item>
/// </list>
/// <para>Splits list their rows sorted by (source, row), not shuffled.</para>
/// </remarks>
public static class ProbingDatasetBuilder
{
    private enum Pool { Train = 0, Valid = 1, Test = 2, TrainValid = 3, Any = 4, Pending = 5 }

    private static readonly string[] SplitNames = ["train", "valid", "test"];

    /// <summary>Builds the dataset.</summary>
    /// <param name="tokens">Labelled tokens (e.g. <see cref="LabeledTokens.FromFiles"/>, or <see cref="LabeledTokens.Concat"/> of train and valid files).</param>
    /// <param name="options">Options; the defaults are the paper's counts over every label.</param>
    /// <returns>The train, valid and test splits.</returns>
    /// <exception cref="ArgumentException">No tokens; a negative count or all counts zero; a class repeated or absent from the
    /// labels; word lists for a class that is not selected, empty lists, or a word in two lists.</exception>
    /// <exception cref="InvalidOperationException">A class has too few tokens for a split (with <see cref="ShortfallPolicy.Throw"/>);
    /// the message names the class, the split and both counts.</exception>
    public static ProbingDataset Build(LabeledTokens tokens, ProbingDatasetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        options ??= new ProbingDatasetOptions();
        int[] req = [options.TrainPerClass, options.ValidPerClass, options.TestPerClass];
        for (int s = 0; s < 3; s++)
        {
            if (req[s] < 0) throw new ArgumentException($"The {SplitNames[s]} count per class must be ≥ 0 (got {req[s]}).", nameof(options));
        }
        if (req.Sum() == 0) throw new ArgumentException("At least one split needs a positive count per class.", nameof(options));
        if (tokens.Count == 0) throw new ArgumentException("There are no labelled tokens to build a dataset from.", nameof(tokens));

        var labelCounts = tokens.LabelCounts();
        string[] classes = options.Classes is null || options.Classes.Count == 0
            ? labelCounts.Keys.Order(StringComparer.Ordinal).ToArray()
            : options.Classes.ToArray();
        var classId = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int c = 0; c < classes.Length; c++)
        {
            if (string.IsNullOrEmpty(classes[c])) throw new ArgumentException($"Class {c} is null or empty.", nameof(options));
            if (!classId.TryAdd(classes[c], c)) throw new ArgumentException($"Class '{classes[c]}' is listed twice.", nameof(options));
        }
        var unknown = classes.Where(c => !labelCounts.ContainsKey(c)).ToArray();
        if (unknown.Length > 0)
            throw new ArgumentException(
                $"Unknown class(es) {string.Join(", ", unknown.Select(u => $"'{u}'"))}: no token has that label. Labels in the data: {string.Join(", ", labelCounts.Keys.Order(StringComparer.Ordinal))}.",
                nameof(options));

        // Closed-class word lists.
        var forced = new Dictionary<string, (Pool Pool, string Class, string List)>(StringComparer.Ordinal);
        var closedOf = new Dictionary<int, Dictionary<string, Pool>>();
        foreach (var (cls, words) in (options.ClosedClassSplits ?? new Dictionary<string, ClosedClassWords>()).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (!classId.TryGetValue(cls, out int cid))
                throw new ArgumentException($"Word lists are given for class '{cls}', which is not one of the classes ({string.Join(", ", classes)}).", nameof(options));
            if (words is null) throw new ArgumentException($"The word lists of class '{cls}' are null.", nameof(options));
            var local = new Dictionary<string, Pool>(StringComparer.Ordinal);
            var lists = new List<(IReadOnlyList<string>? Words, Pool Pool, string Name)>
            {
                (words.Train, words.Valid is null ? Pool.TrainValid : Pool.Train, "train"),
                (words.Valid, Pool.Valid, "valid"),
                (words.Test, Pool.Test, "test"),
            };
            foreach (var (list, pool, name) in lists)
            {
                if (list is null)
                {
                    if (name == "valid") continue;
                    throw new ArgumentException($"The {name} word list of class '{cls}' is null.", nameof(options));
                }
                if (list.Count == 0 && req[(int)pool % 3] > 0)
                    throw new ArgumentException($"The {name} word list of class '{cls}' is empty.", nameof(options));
                foreach (var w in list)
                {
                    if (string.IsNullOrEmpty(w)) throw new ArgumentException($"The {name} word list of class '{cls}' has an empty word.", nameof(options));
                    if (local.TryGetValue(w, out var other) && other != pool)
                        throw new ArgumentException($"Word '{w}' is in two word lists of class '{cls}' ({ListName(other)} and {name}); the lists must not overlap.", nameof(options));
                    local[w] = pool;
                    if (forced.TryGetValue(w, out var f) && f.Pool != pool)
                        throw new ArgumentException($"Word '{w}' is in the {f.List} list of class '{f.Class}' and the {name} list of class '{cls}'; a word can be in one split only.", nameof(options));
                    forced[w] = (pool, cls, name);
                }
            }
            closedOf[cid] = local;
        }

        // Pool of every kept row.
        int n = tokens.Count;
        var rowClass = new int[n];
        var rowPool = new Pool[n];
        for (int i = 0; i < n; i++)
        {
            rowClass[i] = -1;
            if (!classId.TryGetValue(tokens.Labels[i], out int cid)) continue;
            string tok = tokens.Tokens[i];
            if (closedOf.TryGetValue(cid, out var local))
            {
                if (!local.TryGetValue(tok, out var p)) continue;
                rowPool[i] = p;
            }
            else if (!options.LexicallyDisjoint) rowPool[i] = Pool.Any;
            else if (forced.TryGetValue(tok, out var f)) rowPool[i] = f.Pool;
            else rowPool[i] = Pool.Pending;
            rowClass[i] = cid;
        }

        var rng = new Random(options.Seed);
        var typeSplits = new Dictionary<string, DatasetSplit>(StringComparer.Ordinal);
        if (options.LexicallyDisjoint)
        {
            foreach (var (w, f) in forced) typeSplits[w] = f.Pool switch { Pool.Valid => DatasetSplit.Valid, Pool.Test => DatasetSplit.Test, _ => DatasetSplit.Train };
            AssignWordTypes(tokens, classes.Length, rowClass, rowPool, req, closedOf, rng, typeSplits);
        }

        // Sample per class.
        var picked = new List<int>[3] { [], [], [] };
        var pickedLabels = new List<int>[3] { [], [], [] };
        for (int c = 0; c < classes.Length; c++)
        {
            var pools = new List<int>[6];
            for (int p = 0; p < pools.Length; p++) pools[p] = [];
            for (int i = 0; i < n; i++)
                if (rowClass[i] == c) pools[(int)rowPool[i]].Add(i);
            var next = new int[6];
            foreach (var pool in pools) Shuffle(pool, rng);
            Pool[][] order = [[Pool.Train, Pool.TrainValid, Pool.Any], [Pool.Valid, Pool.TrainValid, Pool.Any], [Pool.Test, Pool.Any]];
            for (int s = 0; s < 3; s++)
            {
                int available = order[s].Sum(p => pools[(int)p].Count - next[(int)p]);
                if (available < req[s] && options.Shortfall == ShortfallPolicy.Throw)
                {
                    string why = closedOf.ContainsKey(c)
                        ? $" (only tokens of its {SplitNames[s]} words are used: {string.Join(" ", WordsOf(closedOf[c], s))})"
                        : options.LexicallyDisjoint ? " (after assigning each word type to one split)" : "";
                    throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                        $"Class {classes[c]} has {available:N0} {SplitNames[s]} tokens, {req[s]:N0} requested{why}."));
                }
                int need = Math.Min(req[s], available);
                foreach (var p in order[s])
                {
                    var list = pools[(int)p];
                    while (need > 0 && next[(int)p] < list.Count)
                    {
                        picked[s].Add(list[next[(int)p]++]);
                        pickedLabels[s].Add(c);
                        need--;
                    }
                }
            }
        }
        var splits = new ProbingSplit[3];
        for (int s = 0; s < 3; s++) splits[s] = ProbingSplit.Create(SplitNames[s], tokens, picked[s], pickedLabels[s], classes);
        return new ProbingDataset(splits[0], splits[1], splits[2], options, typeSplits);
    }

    private static void AssignWordTypes(LabeledTokens tokens, int classCount, int[] rowClass, Pool[] rowPool, int[] req,
        Dictionary<int, Dictionary<string, Pool>> closedOf, Random rng, Dictionary<string, DatasetSplit> typeSplits)
    {
        int n = tokens.Count;
        var assigned = new long[classCount, 3];
        var typeCounts = new Dictionary<string, int[]>(StringComparer.Ordinal);
        for (int i = 0; i < n; i++)
        {
            int c = rowClass[i];
            if (c < 0 || closedOf.ContainsKey(c)) continue;
            if (rowPool[i] is Pool.Train or Pool.Valid or Pool.Test) assigned[c, (int)rowPool[i]]++;
            else if (rowPool[i] == Pool.Pending)
            {
                if (!typeCounts.TryGetValue(tokens.Tokens[i], out var counts)) typeCounts[tokens.Tokens[i]] = counts = new int[classCount];
                counts[c]++;
            }
        }
        var types = typeCounts.Keys.Order(StringComparer.Ordinal).ToList();
        Shuffle(types, rng);
        var ordered = types.OrderByDescending(t => typeCounts[t].Sum()).ToList();
        foreach (var t in ordered)
        {
            var counts = typeCounts[t];
            int primary = 0;
            for (int c = 1; c < classCount; c++) if (counts[c] > counts[primary]) primary = c;
            int best = -1;
            double bestRatio = double.PositiveInfinity;
            for (int s = 0; s < 3; s++)
            {
                if (req[s] == 0) continue;
                double ratio = (assigned[primary, s] + counts[primary]) / (double)req[s];
                if (ratio < bestRatio) { bestRatio = ratio; best = s; }
            }
            for (int c = 0; c < classCount; c++) assigned[c, best] += counts[c];
            typeSplits[t] = (DatasetSplit)best;
        }
        for (int i = 0; i < n; i++)
            if (rowPool[i] == Pool.Pending) rowPool[i] = (Pool)(int)typeSplits[tokens.Tokens[i]];
    }

    private static IEnumerable<string> WordsOf(Dictionary<string, Pool> lists, int split)
        => lists.Where(kv => (int)kv.Value == split || (kv.Value == Pool.TrainValid && split <= 1)).Select(kv => kv.Key);

    private static string ListName(Pool p) => p switch { Pool.Valid => "valid", Pool.Test => "test", _ => "train" };

    private static void Shuffle<T>(List<T> list, Random rng)
    {
        for (int i = list.Count - 1; i > 0; i--)
        {
            int j = rng.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
    }
}
