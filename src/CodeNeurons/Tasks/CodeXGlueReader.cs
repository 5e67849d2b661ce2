using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CodeNeurons.Tasks;

/// <summary>
/// Reads the CodeXGLUE files of the three snippet-level tasks of Sharma et al. (arXiv 2305.00875) as they are
/// distributed: Defect-detection <c>train/valid/test.jsonl</c>, Clone-detection (BigCloneBench) <c>data.jsonl</c> plus
/// <c>train/valid/test.txt</c> pairs, and NL-code-search-WebQuery / CoSQA JSON arrays (with the WebQuery answers file).
/// </summary>
/// <remarks>
/// Strict where the reference scripts are lenient: a malformed JSON row, a missing or mistyped field, a label other than
/// 0 or 1 (CodeXGLUE's clone script reads any label but <c>"0"</c> as 1), a repeated <c>idx</c> or a pair naming an
/// unknown function (the clone script skips those) is an <see cref="InvalidDataException"/> naming the file and the 1-based
/// line. Lines longer than <see cref="CodeXGlueReadOptions.MaxLineBytes"/> are refused before they are decoded. A
/// leading UTF-8 byte-order mark and <c>\r\n</c> line ends are accepted; blank lines only at the end of a file.
/// </remarks>
public static class CodeXGlueReader
{
    /// <summary>Reads a Defect-detection <c>.jsonl</c> file: one object a line with <c>func</c> (string), <c>target</c> (0 or 1), <c>idx</c> (number or string) and optionally <c>project</c> and <c>commit_id</c> (strings).</summary>
    /// <param name="path">The file (UTF-8).</param>
    /// <param name="options">Limits; null for the defaults.</param>
    /// <returns>The functions in file order.</returns>
    /// <exception cref="InvalidDataException">A bad row (the message names the file, the line and the field), a repeated <c>idx</c>, or no rows.</exception>
    public static IReadOnlyList<SnippetExample> ReadDefectDetection(string path, CodeXGlueReadOptions? options = null)
    {
        options = Checked(path, options);
        var result = new List<SnippetExample>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (line, bytes) in Lines(path, options))
        {
            using var doc = ParseLine(path, line, bytes);
            var o = doc.RootElement;
            string idx = Idx(o, path, line);
            if (!seen.TryAdd(idx, line)) throw Bad(path, line, $"idx {idx} was already used on line {seen[idx]}");
            result.Add(new SnippetExample(idx, RequiredString(o, "func", path, line), Label(o, "target", path, line))
            {
                Project = OptionalString(o, "project", path, line),
                CommitId = OptionalString(o, "commit_id", path, line),
            });
        }
        if (result.Count == 0) throw new InvalidDataException($"{path}: no examples (the file is empty).");
        return result;
    }

    /// <summary>Reads a Clone-detection <c>data.jsonl</c>: one object a line with <c>func</c> (string) and <c>idx</c> (string or number).</summary>
    /// <param name="path">The file (UTF-8).</param>
    /// <param name="options">Limits; null for the defaults.</param>
    /// <returns>Each function's source by its <c>idx</c> (as text).</returns>
    /// <exception cref="InvalidDataException">A bad row, a repeated <c>idx</c>, or no rows (the message names the file and line).</exception>
    public static IReadOnlyDictionary<string, string> ReadCloneFunctions(string path, CodeXGlueReadOptions? options = null)
    {
        options = Checked(path, options);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (line, bytes) in Lines(path, options))
        {
            using var doc = ParseLine(path, line, bytes);
            var o = doc.RootElement;
            string idx = Idx(o, path, line);
            if (!lines.TryAdd(idx, line)) throw Bad(path, line, $"idx {idx} was already used on line {lines[idx]}");
            result[idx] = RequiredString(o, "func", path, line);
        }
        if (result.Count == 0) throw new InvalidDataException($"{path}: no functions (the file is empty).");
        return result;
    }

    /// <summary>Reads a Clone-detection pair file (<c>train.txt</c>, <c>valid.txt</c>, <c>test.txt</c>): <c>idx1 TAB idx2 TAB label</c> a line.</summary>
    /// <param name="path">The pair file.</param>
    /// <param name="functions">The functions of <c>data.jsonl</c> (<see cref="ReadCloneFunctions"/>).</param>
    /// <param name="options">Limits; null for the defaults.</param>
    /// <returns>The pairs in file order, <see cref="PairExample.Idx"/> = <c>idx1/idx2</c>.</returns>
    /// <exception cref="InvalidDataException">A line without exactly three tab-separated fields, an idx not in <paramref name="functions"/>, a label other than 0 or 1, or no pairs.</exception>
    public static IReadOnlyList<PairExample> ReadClonePairs(string path, IReadOnlyDictionary<string, string> functions, CodeXGlueReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(functions);
        options = Checked(path, options);
        var result = new List<PairExample>();
        var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
        foreach (var (line, bytes) in Lines(path, options))
        {
            string text;
            try { text = strict.GetString(bytes.Span); }
            catch (DecoderFallbackException) { throw Bad(path, line, "is not valid UTF-8"); }
            var f = text.Split('\t');
            if (f.Length != 3) throw Bad(path, line, $"has {f.Length} tab-separated fields; expected idx1<TAB>idx2<TAB>label");
            string a = f[0].Trim(), b = f[1].Trim(), l = f[2].Trim();
            if (!functions.TryGetValue(a, out var first)) throw Bad(path, line, $"idx1 '{Clip(a)}' is not in the functions file");
            if (!functions.TryGetValue(b, out var second)) throw Bad(path, line, $"idx2 '{Clip(b)}' is not in the functions file");
            int label = l switch { "0" => 0, "1" => 1, _ => throw Bad(path, line, $"label '{Clip(l)}' is not 0 or 1") };
            result.Add(new PairExample($"{a}/{b}", first, second, label) { FirstIdx = a, SecondIdx = b });
        }
        if (result.Count == 0) throw new InvalidDataException($"{path}: no pairs (the file is empty).");
        return result;
    }

    /// <summary>Reads a Clone-detection split: <c>data.jsonl</c> beside <paramref name="pairsPath"/> and the pairs.</summary>
    /// <param name="pairsPath">The pair file; <c>data.jsonl</c> must be in the same folder.</param>
    /// <param name="options">Limits; null for the defaults.</param>
    /// <returns>The pairs.</returns>
    public static IReadOnlyList<PairExample> ReadCloneDetection(string pairsPath, CodeXGlueReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(pairsPath);
        var data = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(pairsPath))!, "data.jsonl");
        return ReadClonePairs(pairsPath, ReadCloneFunctions(data, options), options);
    }

    /// <summary>
    /// Reads a code-search JSON array (CoSQA <c>cosqa-train.json</c> / <c>cosqa-dev.json</c>, the CodeSearchNet-derived
    /// <c>train_codesearchnet_7.json</c>, WebQuery <c>test_webquery.json</c>): objects with <c>idx</c> (string or number),
    /// <c>doc</c> (the query), <c>code</c> and <c>label</c> (0 or 1); other fields (<c>code_tokens</c>, <c>docstring_tokens</c>) are ignored.
    /// </summary>
    /// <param name="path">The JSON file.</param>
    /// <param name="answersPath">
    /// WebQuery's answers file (<c>evaluator/webquery_answers.txt</c>: <c>idx TAB label</c> a line) for a file without labels; null
    /// when the file has its own. When given, every example must have an answer, and a row's own label must agree with it.
    /// </param>
    /// <param name="options">Limits; null for the defaults.</param>
    /// <returns>The pairs (<see cref="PairExample.First"/> = query, <see cref="PairExample.Second"/> = code) in file order.</returns>
    /// <exception cref="InvalidDataException">Not a JSON array of objects, a bad element (the message names the file, the 1-based line where the element starts and the field), a repeated idx, a missing or disagreeing answer, or no examples.</exception>
    public static IReadOnlyList<PairExample> ReadCodeSearch(string path, string? answersPath = null, CodeXGlueReadOptions? options = null)
    {
        options = Checked(path, options);
        Dictionary<string, (int Label, int Line)>? answers = answersPath is null ? null : ReadAnswers(answersPath, options);
        var info = new FileInfo(path);
        if (info.Length > options.MaxJsonFileBytes)
            throw new InvalidDataException($"{path}: {info.Length} bytes, more than MaxJsonFileBytes = {options.MaxJsonFileBytes}.");
        ReadOnlyMemory<byte> all = File.ReadAllBytes(path);
        if (all.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) all = all[3..];
        try { _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetCharCount(all.Span); }
        catch (DecoderFallbackException ex) { throw Bad(path, all.Span[..Math.Max(0, ex.Index)].Count((byte)'\n') + 1, "is not valid UTF-8"); }
        var result = new List<PairExample>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(all.Span, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        long counted = 0;
        int lineAt = 1;
        int LineOf(long offset)
        {
            lineAt += all.Span[(int)counted..(int)offset].Count((byte)'\n');
            counted = offset;
            return lineAt;
        }
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
                throw new InvalidDataException($"{path}: expected a JSON array of examples ('[' first).");
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                int line = LineOf(reader.TokenStartIndex);
                using var doc = JsonDocument.ParseValue(ref reader);
                var o = doc.RootElement;
                if (o.ValueKind != JsonValueKind.Object) throw Bad(path, line, $"is a JSON {o.ValueKind}, not an object");
                string idx = Idx(o, path, line);
                if (!seen.TryAdd(idx, line)) throw Bad(path, line, $"idx {idx} was already used on line {seen[idx]}");
                string query = RequiredString(o, "doc", path, line), code = RequiredString(o, "code", path, line);
                int? own = o.TryGetProperty("label", out _) ? Label(o, "label", path, line) : null;
                int label;
                if (answers is not null)
                {
                    if (!answers.TryGetValue(idx, out var answer)) throw Bad(path, line, $"idx {idx} has no line in the answers file '{answersPath}'");
                    if (own is { } l && l != answer.Label) throw Bad(path, line, $"label {l} disagrees with line {answer.Line} of '{answersPath}' ({answer.Label})");
                    label = answer.Label;
                }
                else label = own ?? throw Bad(path, line, "has no \"label\"; pass the answers file (WebQuery: evaluator/webquery_answers.txt)");
                result.Add(new PairExample(idx, query, code, label));
            }
            if (reader.TokenType != JsonTokenType.EndArray) throw new InvalidDataException($"{path}: the JSON array is not closed.");
            if (reader.Read()) throw Bad(path, LineOf(reader.TokenStartIndex), "has text after the end of the JSON array");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: line {(ex.LineNumber ?? 0) + 1}: malformed JSON ({ex.Message})", ex);
        }
        if (result.Count == 0) throw new InvalidDataException($"{path}: no examples (the array is empty).");
        if (answers is not null && answers.Count != result.Count)
        {
            var extra = answers.First(a => !seen.ContainsKey(a.Key));
            throw new InvalidDataException($"{answersPath}: line {extra.Value.Line}: idx {extra.Key} is not in '{path}'.");
        }
        return result;
    }

    private static Dictionary<string, (int Label, int Line)> ReadAnswers(string path, CodeXGlueReadOptions options)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Answers file '{path}' does not exist.", path);
        var result = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        foreach (var (line, bytes) in Lines(path, options))
        {
            var f = Encoding.UTF8.GetString(bytes.Span).Split('\t');
            if (f.Length != 2) throw Bad(path, line, $"has {f.Length} tab-separated fields; expected idx<TAB>label");
            string idx = f[0].Trim(), l = f[1].Trim();
            int label = l switch { "0" => 0, "1" => 1, _ => throw Bad(path, line, $"label '{Clip(l)}' is not 0 or 1") };
            if (!result.TryAdd(idx, (label, line))) throw Bad(path, line, $"idx {Clip(idx)} was already answered on line {result[idx].Item2}");
        }
        return result;
    }

    private static CodeXGlueReadOptions Checked(string path, CodeXGlueReadOptions? options)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= new CodeXGlueReadOptions();
        options.Validate();
        if (!File.Exists(path)) throw new FileNotFoundException($"CodeXGLUE file '{path}' does not exist.", path);
        return options;
    }

    /// <summary>The non-empty lines of a file with their 1-based numbers, each at most <c>MaxLineBytes</c>, <c>\r</c> before <c>\n</c> removed; blank lines only at the end.</summary>
    private static IEnumerable<(int Line, ReadOnlyMemory<byte> Bytes)> Lines(string path, CodeXGlueReadOptions options)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var buffer = new byte[Math.Min(options.MaxLineBytes + 2, 1 << 16)];
        int start = 0, filled = 0, scanFrom = 0, lineNo = 0, blankSince = 0;
        bool eof = false, first = true;
        while (true)
        {
            int nl = Array.IndexOf(buffer, (byte)'\n', scanFrom, filled - scanFrom);
            if (nl < 0 && !eof)
            {
                if (filled - start > options.MaxLineBytes)
                    throw Bad(path, lineNo + 1, $"is longer than MaxLineBytes = {options.MaxLineBytes} bytes");
                scanFrom = filled;
                if (start > 0)
                {
                    Array.Copy(buffer, start, buffer, 0, filled - start);
                    filled -= start;
                    scanFrom -= start;
                    start = 0;
                }
                if (filled == buffer.Length) Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, options.MaxLineBytes + 2L));
                int n = stream.Read(buffer, filled, buffer.Length - filled);
                if (n == 0) eof = true;
                filled += n;
                continue;
            }
            int end = nl < 0 ? filled : nl;
            if (nl < 0 && end == start) break;
            if (end - start > options.MaxLineBytes) throw Bad(path, lineNo + 1, $"is longer than MaxLineBytes = {options.MaxLineBytes} bytes");
            lineNo++;
            int from = start;
            if (first && end - from >= 3 && buffer[from] == 0xEF && buffer[from + 1] == 0xBB && buffer[from + 2] == 0xBF) from += 3;
            first = false;
            int stop = end > from && buffer[end - 1] == (byte)'\r' ? end - 1 : end;
            bool blank = buffer.AsSpan(from, stop - from).Trim(" \t\r"u8).IsEmpty;
            if (blank)
            {
                if (blankSince == 0) blankSince = lineNo;
            }
            else
            {
                if (blankSince != 0) throw Bad(path, blankSince, "is blank (blank lines are allowed only at the end of the file)");
                yield return (lineNo, buffer.AsMemory(from, stop - from).ToArray());
            }
            if (nl < 0) break;
            start = scanFrom = nl + 1;
        }
    }

    private static JsonDocument ParseLine(string path, int line, ReadOnlyMemory<byte> bytes)
    {
        if (!System.Text.Unicode.Utf8.IsValid(bytes.Span)) throw Bad(path, line, "is not valid UTF-8");
        JsonDocument doc;
        try { doc = JsonDocument.Parse(bytes); }
        catch (JsonException ex) { throw new InvalidDataException($"{path}: line {line}: malformed JSON ({ex.Message})", ex); }
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            var kind = doc.RootElement.ValueKind;
            doc.Dispose();
            throw Bad(path, line, $"is a JSON {kind}, not an object");
        }
        return doc;
    }

    private static string Idx(JsonElement o, string path, int line)
    {
        if (!o.TryGetProperty("idx", out var v)) throw Bad(path, line, "has no \"idx\"");
        return v.ValueKind switch
        {
            JsonValueKind.String when v.GetString()!.Trim().Length > 0 => v.GetString()!,
            JsonValueKind.Number when v.TryGetInt64(out long n) => n.ToString(CultureInfo.InvariantCulture),
            _ => throw Bad(path, line, $"\"idx\" is {Describe(v)}; expected an integer or a non-empty string"),
        };
    }

    private static string RequiredString(JsonElement o, string name, string path, int line)
    {
        if (!o.TryGetProperty(name, out var v)) throw Bad(path, line, $"has no \"{name}\"");
        if (v.ValueKind != JsonValueKind.String) throw Bad(path, line, $"\"{name}\" is {Describe(v)}; expected a string");
        return v.GetString()!;
    }

    private static string? OptionalString(JsonElement o, string name, string path, int line)
    {
        if (!o.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.String) throw Bad(path, line, $"\"{name}\" is {Describe(v)}; expected a string");
        return v.GetString();
    }

    private static int Label(JsonElement o, string name, string path, int line)
    {
        if (!o.TryGetProperty(name, out var v)) throw Bad(path, line, $"has no \"{name}\"");
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int n) && n is 0 or 1 && !v.GetRawText().Contains('.') && !v.GetRawText().Contains('e', StringComparison.OrdinalIgnoreCase))
            return n;
        throw Bad(path, line, $"\"{name}\" is {Describe(v)}; expected 0 or 1");
    }

    private static string Describe(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{Clip(v.GetString()!)}\"",
        JsonValueKind.Number => v.GetRawText(),
        JsonValueKind.Null => "null",
        JsonValueKind.True or JsonValueKind.False => v.GetRawText(),
        _ => $"a JSON {v.ValueKind.ToString().ToLowerInvariant()}",
    };

    private static string Clip(string s) => s.Length <= 40 ? s : s[..40] + "…";

    private static InvalidDataException Bad(string path, int line, string what) => new($"{path}: line {line} {what}.");
}
