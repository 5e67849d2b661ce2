using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CodeNeurons.Data;
using PureHDF;

namespace CodeNeurons.Formats;

/// <summary>
/// NeuroX HDF5 activations: one dataset per sentence named by its index (<c>"0"</c>, <c>"1"</c>, …) with shape
/// <c>[layers, tokens, D]</c> (float32 or float16), plus <c>sentence_to_index</c>, a one-element variable-length
/// string dataset holding the JSON object <c>{sentence text: "index"}</c>. The sentence text is the tokens joined by
/// single spaces; the k-th occurrence (k ≥ 2) of a repeated sentence is stored as <c>"text (Occurrence k)"</c>.
/// </summary>
public static partial class NeuroxHdf5
{
    /// <summary>Name of the dataset mapping sentence texts to dataset names.</summary>
    public const string SentenceToIndexName = "sentence_to_index";

    /// <summary>
    /// Reads a NeuroX HDF5 file. Sentences are taken from <c>sentence_to_index</c> in increasing index order (when
    /// it is absent, every dataset whose name is a non-negative integer is a sentence); rows are their tokens in
    /// order, <see cref="ActivationSet.SentenceIndices"/> the dataset indices. float16, float32 and float64 datasets
    /// are read (float16/float64 converted to float32).
    /// </summary>
    /// <remarks>
    /// Tokens are recovered by splitting each sentence text (the occurrence suffix removed) on single spaces. When,
    /// for any sentence, that gives a different count from the dataset's token dimension (e.g. a token contained a
    /// space), the whole file gets <see cref="ActivationSet.Tokens"/> = <see langword="null"/>: tokens are all or none.
    /// </remarks>
    /// <param name="path">The <c>.hdf5</c>/<c>.h5</c> file.</param>
    /// <returns>The activations.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">
    /// The file is not HDF5 or is corrupt (PureHDF's error wrapped, naming the file); it holds no sentence;
    /// <c>sentence_to_index</c> is not a JSON object of integer indices; a dataset is missing, is not a float array of
    /// rank 3, or disagrees with the first on L or D (dataset name, shape and expected shape are named); or a value is
    /// NaN/±Inf (dataset, position, row and neuron are named); or a corrupt length field makes PureHDF ask for more
    /// memory than eight times the file's size while that much is available (found by fuzzing: a 6 KB file asked for
    /// over 2 GB).
    /// </exception>
    public static ActivationSet Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        InputPaths.RequireFile(path, "Activation file");
        try
        {
            // The stream is ours, so it is closed even when PureHDF throws while opening (H5File.OpenRead leaked it then,
            // leaving the file locked against a rewrite in this process; found by fuzzing, see docs/reliability.md).
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            using var file = H5File.Open(stream, leaveOpen: true);
            return ReadFile(file, path);
        }
        catch (Exception ex) when (ex is not InvalidDataException and not OutOfMemoryException)
        {
            throw new InvalidDataException($"{path}: not a readable HDF5 activation file ({ex.GetType().Name}: {ex.Message}).", ex);
        }
        catch (OutOfMemoryException ex) when (new FileInfo(path).Length * 8 < GC.GetGCMemoryInfo().TotalAvailableMemoryBytes)
        {
            // Nothing in a file needs more than a few times its size in memory: a length field is corrupt.
            throw new InvalidDataException($"{path}: not a readable HDF5 activation file (a length field asks for more memory than the whole file could need: {ex.Message}).", ex);
        }
    }

    private sealed record Sentence(int Index, string Name, string? Text);

    private static ActivationSet ReadFile(IH5Group file, string path)
    {
        var sentences = new List<Sentence>();
        if (file.LinkExists(SentenceToIndexName))
        {
            foreach (var (text, name) in ReadSentenceToIndex(file, path))
            {
                if (!int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out int index))
                    throw new InvalidDataException($"{path}: {SentenceToIndexName} maps \"{text}\" to \"{name}\", expected a non-negative integer dataset name.");
                sentences.Add(new Sentence(index, name, text));
            }
        }
        else
        {
            foreach (var child in file.Children())
            {
                if (child is IH5Dataset && int.TryParse(child.Name, NumberStyles.None, CultureInfo.InvariantCulture, out int index))
                    sentences.Add(new Sentence(index, child.Name, null));
            }
        }
        if (sentences.Count == 0)
            throw new InvalidDataException($"{path}: the file holds no sentences ({(file.LinkExists(SentenceToIndexName) ? $"{SentenceToIndexName} is empty" : $"no {SentenceToIndexName} and no dataset named by an integer")}).");
        sentences.Sort((a, b) => a.Index.CompareTo(b.Index));
        for (int i = 1; i < sentences.Count; i++)
        {
            if (sentences[i].Index == sentences[i - 1].Index)
                throw new InvalidDataException($"{path}: {SentenceToIndexName} maps two sentences to dataset \"{sentences[i].Name}\".");
        }

        // Pass 1: shapes.
        var datasets = new IH5Dataset[sentences.Count];
        var tokenCounts = new int[sentences.Count];
        int L = -1, D = -1;
        long rows = 0;
        string? first = null;
        for (int s = 0; s < sentences.Count; s++)
        {
            var name = sentences[s].Name;
            if (!file.LinkExists(name))
                throw new InvalidDataException($"{path}: {SentenceToIndexName} refers to dataset \"{name}\", which does not exist.");
            if (file.Get(name) is not IH5Dataset ds)
                throw new InvalidDataException($"{path}: \"{name}\" is not a dataset.");
            var dims = ds.Space.Dimensions;
            string shape = "[" + string.Join(", ", dims) + "]";
            if (ds.Type.Class != H5DataTypeClass.FloatingPoint || ds.Type.Size is not (2 or 4 or 8))
                throw new InvalidDataException($"{path}: dataset \"{name}\" has element type {ds.Type.Class} of {ds.Type.Size} bytes, expected float16 or float32.");
            if (dims.Length != 3)
                throw new InvalidDataException($"{path}: dataset \"{name}\" has shape {shape} (rank {dims.Length}), expected rank 3 [layers, tokens, neurons_per_layer].");
            if (dims[0] == 0 || dims[2] == 0 || dims[0] > int.MaxValue || dims[1] > int.MaxValue || dims[2] > int.MaxValue)
                throw new InvalidDataException($"{path}: dataset \"{name}\" has shape {shape}, expected [layers ≥ 1, tokens, neurons_per_layer ≥ 1].");
            if (L < 0)
            {
                L = (int)dims[0];
                D = (int)dims[2];
                first = name;
            }
            else if ((int)dims[0] != L || (int)dims[2] != D)
            {
                throw new InvalidDataException($"{path}: dataset \"{name}\" has shape {shape}, expected [{L}, tokens, {D}] like dataset \"{first}\".");
            }
            datasets[s] = ds;
            tokenCounts[s] = (int)dims[1];
            rows += tokenCounts[s];
        }
        var layout = LayerLayout.Create(L, D);
        int n = layout.Neurons;
        if (rows * n > Array.MaxLength)
            throw new InvalidDataException($"{path}: {rows} tokens × {n} neurons exceed one array ({Array.MaxLength} values).");
        if (rows == 0) throw new InvalidDataException($"{path}: the file holds no tokens (every sentence dataset has 0 tokens).");

        // Pass 2: values, transposed from [L, T, D] to rows [T, L·D].
        var values = new float[rows * n];
        var sentenceOfRow = new int[rows];
        List<string>? tokens = new((int)rows);
        int row0 = 0;
        for (int s = 0; s < sentences.Count; s++)
        {
            var ds = datasets[s];
            int T = tokenCounts[s];
            string name = sentences[s].Name;
            float[] data = ds.Type.Size switch
            {
                4 => ds.Read<float[]>(),
                2 => Array.ConvertAll(ds.Read<Half[]>(), h => (float)h),
                _ => Array.ConvertAll(ds.Read<double[]>(), d => (float)d),
            };
            if (data.LongLength != (long)L * T * D)
                throw new InvalidDataException($"{path}: dataset \"{name}\" returned {data.LongLength} values, expected {L} × {T} × {D}.");
            int bad = Numerics.FiniteCheck.IndexOfNonFinite(data);
            if (bad >= 0)
            {
                int l = bad / (T * D), t = bad / D % T, u = bad % D;
                throw new InvalidDataException(
                    $"{path}: dataset \"{name}\" element [{l}, {t}, {u}] is {data[bad].ToString(CultureInfo.InvariantCulture)}: activation at row {row0 + t}, neuron {l * D + u} must be finite.");
            }
            for (int l = 0; l < L; l++)
            {
                for (int t = 0; t < T; t++)
                    data.AsSpan((l * T + t) * D, D).CopyTo(values.AsSpan((row0 + t) * n + l * D, D));
            }
            for (int t = 0; t < T; t++) sentenceOfRow[row0 + t] = sentences[s].Index;
            if (tokens is not null)
            {
                var text = sentences[s].Text;
                string[] words = text is null ? [] : text.Length == 0 ? [] : text.Split(' ');
                if (text is null || words.Length != T) tokens = null;
                else tokens.AddRange(words);
            }
            row0 += T;
        }
        return IoUtil.Create(path, values, (int)rows, layout, tokens, sentenceOfRow);
    }

    /// <summary>Reads <c>sentence_to_index</c> as (sentence text without occurrence suffix, dataset name) pairs in file order.</summary>
    private static List<(string Text, string Name)> ReadSentenceToIndex(IH5Group file, string path)
    {
        if (file.Get(SentenceToIndexName) is not IH5Dataset ds)
            throw new InvalidDataException($"{path}: \"{SentenceToIndexName}\" is not a dataset.");
        var dims = ds.Space.Dimensions;
        long count = dims.Aggregate(1L, (a, d) => a * (long)d);
        if (count < 1)
            throw new InvalidDataException($"{path}: dataset \"{SentenceToIndexName}\" has shape [{string.Join(", ", dims)}], expected one string.");
        string json;
        try
        {
            json = ds.Read<string[]>()[0];
        }
        catch (Exception ex) when (ex is not InvalidDataException and not OutOfMemoryException)
        {
            throw new InvalidDataException($"{path}: dataset \"{SentenceToIndexName}\" ({ds.Type.Class}) could not be read as a string: {ex.Message}", ex);
        }
        var pairs = new List<(string, string)>();
        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                throw new InvalidDataException($"{path}: dataset \"{SentenceToIndexName}\" holds {Preview(json)}, expected a JSON object {{sentence: \"index\"}}.");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string key = reader.GetString()!;
                reader.Read();
                string value = reader.TokenType switch
                {
                    JsonTokenType.String => reader.GetString()!,
                    JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
                    _ => throw new InvalidDataException($"{path}: dataset \"{SentenceToIndexName}\" maps \"{key}\" to a {reader.TokenType}, expected a dataset name string."),
                };
                pairs.Add((key, value));
            }
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: dataset \"{SentenceToIndexName}\" is not valid JSON at byte {ex.BytePositionInLine}: {ex.Message}", ex);
        }
        // Strip " (Occurrence k)" only where NeuroX could have added it: the base text is itself a key.
        var keys = new HashSet<string>(pairs.Select(p => p.Item1), StringComparer.Ordinal);
        for (int i = 0; i < pairs.Count; i++)
        {
            var m = OccurrenceSuffix().Match(pairs[i].Item1);
            if (m.Success && keys.Contains(m.Groups[1].Value)) pairs[i] = (m.Groups[1].Value, pairs[i].Item2);
        }
        return pairs;
    }

    private static string Preview(string s) => s.Length <= 40 ? $"\"{s}\"" : $"\"{s[..40]}…\"";

    [GeneratedRegex(@"^(.*) \(Occurrence ([0-9]+)\)$", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex OccurrenceSuffix();

    /// <summary>
    /// Writes <paramref name="set"/> as NeuroX HDF5: one <c>[L, tokens, D]</c> dataset per run of rows sharing a
    /// sentence index (all rows form sentence 0 when the set has none), named by that index, and
    /// <c>sentence_to_index</c> built as NeuroX's writer does (tokens joined by spaces; the k-th repeat of a text,
    /// k = 2, 3, …, gets the suffix <c>" (Occurrence k)"</c>; the JSON is serialised like Python's <c>json.dumps</c>).
    /// The file is replaced atomically.
    /// </summary>
    /// <param name="set">Activations with tokens and every neuron of the layout.</param>
    /// <param name="path">Destination file.</param>
    /// <param name="precision">float32 (default, exact) or float16 (rounded to nearest).</param>
    /// <exception cref="ArgumentException">The set has no tokens or is a neuron slice, or (float16) a value is beyond ±65504.</exception>
    public static void Write(ActivationSet set, string path, HdfPrecision precision = HdfPrecision.Float32)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(path);
        var tokens = set.Tokens ?? throw new ArgumentException("NeuroX HDF5 needs a token per row (for sentence_to_index), but the set has no tokens.", nameof(set));
        IoUtil.RequireFullLayout(set, "NeuroX HDF5");
        if (!Enum.IsDefined(precision)) throw new ArgumentOutOfRangeException(nameof(precision), precision, "Unknown precision.");
        int n = set.Neurons;
        var runs = IoUtil.SentenceRuns(set);
        var sentences = runs.Select(r => new Hdf5Sentence(r.Index, Enumerable.Range(r.Start, r.Count).Select(k => tokens[k]).ToArray())).ToArray();
        var values = set;
        WriteSentences(path, set.Layout, precision, sentences, (s, destination) =>
            values.Values.Slice(runs[s].Start * n, runs[s].Count * n).CopyTo(destination));
    }

    /// <summary>One sentence of a file being written: its dataset index and tokens.</summary>
    internal sealed record Hdf5Sentence(int Index, string[] Tokens);

    /// <summary>Copies the rows [tokens, L·D] of sentence <paramref name="sentence"/> (position in the list) into <paramref name="destination"/>.</summary>
    internal delegate void SentenceRowsReader(int sentence, Span<float> destination);

    /// <summary>
    /// Writes the file sentence by sentence: datasets are declared up front and their data written one at a time
    /// (PureHDF's deferred writing), so memory is one sentence whatever the file size. Atomic (temporary file, rename).
    /// </summary>
    internal static void WriteSentences(string path, LayerLayout layout, HdfPrecision precision, IReadOnlyList<Hdf5Sentence> sentences, SentenceRowsReader readRows)
    {
        if (!Enum.IsDefined(precision)) throw new ArgumentOutOfRangeException(nameof(precision), precision, "Unknown precision.");
        int L = layout.Layers, D = layout.NeuronsPerLayer, n = layout.Neurons;
        var file = new H5File();
        var sentenceToIndex = new List<(string, string)>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        var datasets = new object[sentences.Count];
        for (int s = 0; s < sentences.Count; s++)
        {
            var (index, words) = (sentences[s].Index, sentences[s].Tokens);
            var dims = new ulong[] { (ulong)L, (ulong)words.Length, (ulong)D };
            string name = index.ToString(CultureInfo.InvariantCulture);
            object dataset = precision == HdfPrecision.Float32 ? new H5Dataset<float[]>(fileDims: dims) : new H5Dataset<Half[]>(fileDims: dims);
            file[name] = (H5Object)dataset;
            datasets[s] = dataset;
            string sentence = string.Join(' ', words);
            string final = sentence;
            int counter = 1;
            while (used.Contains(final))
            {
                counter++;
                final = $"{sentence} (Occurrence {counter})";
            }
            used.Add(final);
            sentenceToIndex.Add((final, name));
        }
        file[SentenceToIndexName] = new string[] { PythonJsonDumps(sentenceToIndex) };
        long rowBase = 0;
        IoUtil.WriteAtomically(path, (string temp) =>
        {
            using var writer = file.BeginWrite(temp);
            for (int s = 0; s < sentences.Count; s++)
            {
                int T = sentences[s].Tokens.Length;
                var rows = new float[(long)T * n];
                readRows(s, rows);
                if (precision == HdfPrecision.Float32)
                {
                    var data = new float[(long)L * T * D];
                    for (int t = 0; t < T; t++)
                        for (int l = 0; l < L; l++)
                            rows.AsSpan(t * n + l * D, D).CopyTo(data.AsSpan((l * T + t) * D, D));
                    writer.Write((H5Dataset<float[]>)datasets[s], data);
                }
                else
                {
                    var data = new Half[(long)L * T * D];
                    for (int t = 0; t < T; t++)
                    {
                        for (int l = 0; l < L; l++)
                        {
                            var src = rows.AsSpan(t * n + l * D, D);
                            var dst = data.AsSpan((l * T + t) * D, D);
                            for (int u = 0; u < D; u++)
                            {
                                var h = (Half)src[u];
                                if (Half.IsInfinity(h))
                                    throw new ArgumentException($"Activation at row {rowBase + t}, neuron {l * D + u} is {src[u].ToString(CultureInfo.InvariantCulture)}, beyond the float16 range ±65504; save as float32.", "set");
                                dst[u] = h;
                            }
                        }
                    }
                    writer.Write((H5Dataset<Half[]>)datasets[s], data);
                }
                rowBase += T;
            }
        });
    }

    /// <summary>The dict as Python's <c>json.dumps</c> writes it (separators ", " and ": ", ASCII-only escapes).</summary>
    internal static string PythonJsonDumps(IReadOnlyList<(string Key, string Value)> pairs)
    {
        var sb = new StringBuilder("{");
        for (int i = 0; i < pairs.Count; i++)
        {
            if (i > 0) sb.Append(", ");
            AppendPythonString(sb, pairs[i].Key);
            sb.Append(": ");
            AppendPythonString(sb, pairs[i].Value);
        }
        return sb.Append('}').ToString();
    }

    private static void AppendPythonString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < ' ' || c > '~') sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        sb.Append('"');
    }
}
