using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CodeNeurons.Data;

namespace CodeNeurons.Formats;

/// <summary>
/// NeuroX JSON-lines activations: one line per sentence,
/// <c>{"linex_index": i, "features": [{"token": t, "layers": [{"index": l, "values": [...]}, ...]}, ...]}</c>.
/// Row t of a sentence holds the concatenation of its layers' values (neuron id = layer · D + unit).
/// </summary>
public static class NeuroxJson
{
    /// <summary>
    /// Reads a NeuroX JSON-lines file. Rows are all tokens of all sentences in file order; <see cref="ActivationSet.Tokens"/>
    /// holds each token string and <see cref="ActivationSet.SentenceIndices"/> each line's <c>linex_index</c>
    /// (its 0-based position among the non-blank lines when absent). Blank lines are skipped.
    /// Values are parsed as double and rounded to float32, as NeuroX/NumPy do.
    /// </summary>
    /// <param name="path">The <c>.json</c>/<c>.jsonl</c> file.</param>
    /// <returns>The activations.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">
    /// The file holds no sentence, a line is not valid JSON or lacks a member, lines disagree on the number of layers L
    /// or values per layer D, <c>linex_index</c> does not increase, or a value is NaN, ±Infinity or beyond float32
    /// (the message names the file, the 1-based line, the token and, for values, row and neuron).
    /// </exception>
    public static ActivationSet Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        InputPaths.RequireFile(path, "Activation file");
        var parser = new Parser(path);
        using (var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan))
        {
            var lines = new ByteLineReader(fs);
            int lineNo = 0;
            while (lines.TryReadLine(out var line))
            {
                lineNo++;
                if (lineNo == 1 && line.StartsWith("\uFEFF"u8)) line = line[3..];
                if (IsBlank(line)) continue;
                parser.ParseLine(line, lineNo);
            }
        }
        return parser.Build();
    }

    /// <summary>
    /// Writes <paramref name="set"/> as NeuroX JSON lines: one line per run of rows sharing a sentence index
    /// (all rows form sentence 0 when the set has none), <c>linex_index</c> = that index, layer entries
    /// indexed 0..L−1. Values use the shortest representation that parses back to the same float32, so reading
    /// the file returns exactly the same values. The file is replaced atomically.
    /// </summary>
    /// <param name="set">Activations with <see cref="ActivationSet.Tokens"/> and every neuron of the layout.</param>
    /// <param name="path">Destination file.</param>
    /// <exception cref="ArgumentException">The set has no tokens or is a neuron slice.</exception>
    public static void Write(ActivationSet set, string path)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(path);
        var tokens = set.Tokens ?? throw new ArgumentException("NeuroX JSON needs a token per row, but the set has no tokens.", nameof(set));
        IoUtil.RequireFullLayout(set, "NeuroX JSON");
        int L = set.Layout.Layers, D = set.Layout.NeuronsPerLayer;
        var runs = IoUtil.SentenceRuns(set);
        int n = set.Neurons;
        IoUtil.WriteAtomically(path, (FileStream fs) =>
        {
            using var w = CreateWriter(fs);
            foreach (var (index, start, count) in runs)
            {
                var words = new string[count];
                for (int k = 0; k < count; k++) words[k] = tokens[start + k];
                WriteSentence(w, fs, index, words, set.Values.Slice(start * n, count * n), L, D);
            }
        });
    }

    internal static Utf8JsonWriter CreateWriter(Stream stream)
        => new(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false });

    /// <summary>Writes one NeuroX JSON line: the sentence's tokens with every layer's values, then a newline.</summary>
    internal static void WriteSentence(Utf8JsonWriter w, Stream stream, int index, IReadOnlyList<string> tokens, ReadOnlySpan<float> rows, int L, int D)
    {
        int n = L * D;
        w.WriteStartObject();
        w.WriteNumber("linex_index"u8, index);
        w.WriteStartArray("features"u8);
        for (int r = 0; r < tokens.Count; r++)
        {
            var row = rows.Slice(r * n, n);
            w.WriteStartObject();
            w.WriteString("token"u8, tokens[r]);
            w.WriteStartArray("layers"u8);
            for (int l = 0; l < L; l++)
            {
                w.WriteStartObject();
                w.WriteNumber("index"u8, l);
                w.WriteStartArray("values"u8);
                foreach (float v in row.Slice(l * D, D))
                {
                    // "-0" would parse as the integer 0 in Python and lose its sign.
                    if (v == 0 && float.IsNegative(v)) w.WriteRawValue("-0.0"u8, skipInputValidation: true);
                    else w.WriteNumberValue(v);
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.Flush();
        stream.WriteByte((byte)'\n');
        w.Reset(stream);
    }

    private static bool IsBlank(ReadOnlySpan<byte> line)
    {
        foreach (byte b in line)
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r')) return false;
        return true;
    }

    /// <summary>Accumulates sentences line by line.</summary>
    private sealed class Parser(string path)
    {
        private float[] _values = new float[1 << 12];
        private long _count;
        private readonly List<string> _tokens = new();
        private readonly List<int> _sentences = new();
        private int _layers = -1, _perLayer = -1, _firstLine;
        private int _sentencesSeen;
        private int _lastIndex = -1;
        // Scratch for the token being parsed.
        private float[] _tokenValues = new float[1 << 10];

        // Context for error messages.
        private int _line, _tokenInLine, _layer, _unit, _ctxD = -1;
        private string? _token;

        public void ParseLine(ReadOnlySpan<byte> line, int lineNo)
        {
            _line = lineNo;
            _tokenInLine = -1;
            _token = null;
            int rowsBefore = _tokens.Count;
            int? linexIndex = null;
            bool sawFeatures = false;
            var reader = new Utf8JsonReader(line, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            long valuePos = -1;
            try
            {
                Next(ref reader);
                Expect(ref reader, JsonTokenType.StartObject, "a JSON object for the sentence");
                while (true)
                {
                    Next(ref reader);
                    if (reader.TokenType == JsonTokenType.EndObject) break;
                    if (reader.ValueTextEquals("linex_index"u8))
                    {
                        Next(ref reader);
                        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out int li) || li < 0)
                            throw Error("\"linex_index\" must be a non-negative integer");
                        linexIndex = li;
                    }
                    else if (reader.ValueTextEquals("features"u8))
                    {
                        sawFeatures = true;
                        Next(ref reader);
                        Expect(ref reader, JsonTokenType.StartArray, "an array for \"features\"");
                        while (true)
                        {
                            Next(ref reader);
                            if (reader.TokenType == JsonTokenType.EndArray) break;
                            _tokenInLine++;
                            _token = null;
                            ParseToken(ref reader, ref valuePos);
                        }
                    }
                    else
                    {
                        Next(ref reader);
                        reader.Skip();
                    }
                }
                if (reader.Read()) throw Error($"unexpected {reader.TokenType} after the sentence object");
            }
            catch (JsonException ex)
            {
                if (valuePos >= 0 && NonFiniteLiteral(line, valuePos) is string lit)
                    throw ValueError(lit);
                throw new InvalidDataException($"{path}: line {_line}: invalid JSON at byte {ex.BytePositionInLine ?? reader.BytesConsumed} of the line{TokenContext()}: {ex.Message}", ex);
            }
            catch (InvalidOperationException ex) // a key or string that is not valid UTF-8 or has a lone \u surrogate (checked only when compared or decoded)
            {
                throw new InvalidDataException($"{path}: line {_line}: a key or string cannot be decoded at byte {reader.BytesConsumed} of the line{TokenContext()}: {ex.Message}", ex);
            }
            if (!sawFeatures) throw Error("the sentence object has no \"features\" array");
            if (_tokenInLine < 0) throw Error("\"features\" is empty: a sentence needs at least one token");
            int index = linexIndex ?? _sentencesSeen;
            if (index <= _lastIndex)
                throw Error($"\"linex_index\" is {index} but the previous sentence had {_lastIndex}; sentence indices must increase");
            _lastIndex = index;
            _sentencesSeen++;
            for (int r = rowsBefore; r < _tokens.Count; r++) _sentences.Add(index);
        }

        private void ParseToken(ref Utf8JsonReader reader, ref long valuePos)
        {
            Expect(ref reader, JsonTokenType.StartObject, "a JSON object for the token");
            int layers = -1; // layers seen in this token
            int perLayer = _perLayer;
            _ctxD = _perLayer;
            int filled = 0;
            bool sawToken = false;
            while (true)
            {
                Next(ref reader);
                if (reader.TokenType == JsonTokenType.EndObject) break;
                if (reader.ValueTextEquals("token"u8))
                {
                    Next(ref reader);
                    if (reader.TokenType != JsonTokenType.String) throw Error($"\"token\" must be a string, found {reader.TokenType}");
                    try
                    {
                        _token = reader.GetString();
                    }
                    catch (InvalidOperationException ex) // invalid UTF-8 inside the string (the reader checks it only when decoding)
                    {
                        throw new InvalidDataException($"{path}: line {_line}: \"token\" is not valid UTF-8{TokenContext()}.", ex);
                    }
                    sawToken = true;
                }
                else if (reader.ValueTextEquals("layers"u8))
                {
                    if (layers >= 0) throw Error("the token has two \"layers\" members");
                    layers = 0;
                    Next(ref reader);
                    Expect(ref reader, JsonTokenType.StartArray, "an array for \"layers\"");
                    while (true)
                    {
                        Next(ref reader);
                        if (reader.TokenType == JsonTokenType.EndArray) break;
                        _layer = layers;
                        Expect(ref reader, JsonTokenType.StartObject, "a JSON object for the layer");
                        bool sawValues = false;
                        while (true)
                        {
                            Next(ref reader);
                            if (reader.TokenType == JsonTokenType.EndObject) break;
                            if (reader.ValueTextEquals("values"u8))
                            {
                                if (sawValues) throw Error($"layer {layers} has two \"values\" members");
                                sawValues = true;
                                Next(ref reader);
                                Expect(ref reader, JsonTokenType.StartArray, "an array for \"values\"");
                                int unit = 0;
                                while (true)
                                {
                                    valuePos = reader.BytesConsumed;
                                    _unit = unit;
                                    Next(ref reader);
                                    if (reader.TokenType == JsonTokenType.EndArray) break;
                                    if (reader.TokenType != JsonTokenType.Number)
                                        throw Error($"expected a number in \"values\" of layer {layers}, found {reader.TokenType}");
                                    if (!reader.TryGetDouble(out double d)) d = double.PositiveInfinity;
                                    float f = (float)d;
                                    if (!float.IsFinite(f))
                                        throw ValueError(Encoding.UTF8.GetString(reader.ValueSpan) + " (beyond float32)");
                                    int at = filled + unit;
                                    if (at >= _tokenValues.Length) Array.Resize(ref _tokenValues, _tokenValues.Length * 2);
                                    _tokenValues[at] = f;
                                    unit++;
                                }
                                valuePos = -1;
                                if (perLayer < 0) perLayer = _ctxD = unit;
                                if (unit != perLayer)
                                    throw Error(_perLayer < 0
                                        ? $"layer {layers} has {unit} values but layer 0 has {perLayer}"
                                        : $"layer {layers} has {unit} values but D = {perLayer} (set by line {_firstLine})");
                                if (unit == 0) throw Error($"layer {layers} has no values");
                                filled += unit;
                            }
                            else
                            {
                                Next(ref reader);
                                reader.Skip();
                            }
                        }
                        if (!sawValues) throw Error($"layer {layers} has no \"values\" array");
                        layers++;
                    }
                }
                else
                {
                    Next(ref reader);
                    reader.Skip();
                }
            }
            if (!sawToken) throw Error("the token object has no \"token\" string");
            if (layers < 0) throw Error("the token object has no \"layers\" array");
            if (layers == 0) throw Error("\"layers\" is empty");
            if (_layers < 0)
            {
                _layers = layers;
                _perLayer = perLayer;
                _firstLine = _line;
            }
            else if (layers != _layers)
            {
                throw Error($"the token has {layers} layers but L = {_layers} (set by line {_firstLine})");
            }
            int n = _layers * _perLayer;
            if (_count + n > _values.LongLength)
            {
                long size = Math.Max(_values.LongLength * 2, _count + n);
                if (size > Array.MaxLength) throw Error($"the activations exceed {Array.MaxLength} values, more than one array can hold");
                Array.Resize(ref _values, (int)size);
            }
            _tokenValues.AsSpan(0, n).CopyTo(_values.AsSpan((int)_count, n));
            _count += n;
            _tokens.Add(_token!);
        }

        public ActivationSet Build()
        {
            if (_tokens.Count == 0) throw new InvalidDataException($"{path}: the file holds no sentences (no non-blank line).");
            var values = _values.Length == _count ? _values : _values.AsSpan(0, (int)_count).ToArray();
            var layout = LayerLayout.Create(_layers, _perLayer);
            return IoUtil.Create(path, values, _tokens.Count, layout, _tokens, _sentences);
        }

        private void Next(ref Utf8JsonReader reader)
        {
            if (!reader.Read()) throw Error("the line ends before the JSON object is complete (truncated line?)");
        }

        private void Expect(ref Utf8JsonReader reader, JsonTokenType type, string what)
        {
            if (reader.TokenType != type) throw Error($"expected {what}, found {reader.TokenType}");
        }

        private string TokenContext() =>
            _tokenInLine < 0 ? "" : $", token {_tokenInLine}{(_token is null ? "" : $" ('{_token}')")} (row {_tokens.Count})";

        private InvalidDataException Error(string message) =>
            new($"{path}: line {_line}{TokenContext()}: {message}.");

        private InvalidDataException ValueError(string literal)
        {
            string neuron = _ctxD > 0 || _layer == 0
                ? $"neuron {_layer * Math.Max(_ctxD, 0) + _unit} (layer {_layer}, unit {_unit})"
                : $"layer {_layer}, unit {_unit}";
            return new InvalidDataException(
                $"{path}: line {_line}{TokenContext()}: activation at row {_tokens.Count}, {neuron} is {literal}; activations must be finite.");
        }

        /// <summary>The NaN/Infinity literal (as Python's json writes them) at the value starting after <paramref name="pos"/>, if any.</summary>
        private static string? NonFiniteLiteral(ReadOnlySpan<byte> line, long pos)
        {
            int i = (int)pos;
            while (i < line.Length && line[i] is (byte)' ' or (byte)',' or (byte)'\t' or (byte)'\r' or (byte)'\n') i++;
            var rest = line[i..];
            if (rest.StartsWith("NaN"u8)) return "NaN";
            if (rest.StartsWith("Infinity"u8)) return "Infinity";
            if (rest.StartsWith("-Infinity"u8)) return "-Infinity";
            return null;
        }
    }

    /// <summary>Splits a stream into lines of bytes ('\n' separated, a trailing '\r' removed) without decoding.</summary>
    private sealed class ByteLineReader(Stream stream)
    {
        private byte[] _buf = ArrayPool<byte>.Shared.Rent(1 << 16);
        private int _start, _end;
        private bool _eof;

        public bool TryReadLine(out ReadOnlySpan<byte> line)
        {
            int scanFrom = _start;
            while (true)
            {
                int nl = _buf.AsSpan(scanFrom, _end - scanFrom).IndexOf((byte)'\n');
                if (nl >= 0)
                {
                    int stop = scanFrom + nl;
                    line = Trim(_buf.AsSpan(_start, stop - _start));
                    _start = stop + 1;
                    return true;
                }
                if (_eof)
                {
                    if (_start < _end)
                    {
                        line = Trim(_buf.AsSpan(_start, _end - _start));
                        _start = _end;
                        return true;
                    }
                    line = default;
                    return false;
                }
                // Compact, grow if full, read more.
                int pending = _end - _start;
                if (_start > 0)
                {
                    Buffer.BlockCopy(_buf, _start, _buf, 0, pending);
                    _start = 0;
                    _end = pending;
                }
                if (_end == _buf.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(_buf.Length * 2);
                    Buffer.BlockCopy(_buf, 0, bigger, 0, _end);
                    ArrayPool<byte>.Shared.Return(_buf);
                    _buf = bigger;
                }
                scanFrom = _end;
                int read = stream.Read(_buf, _end, _buf.Length - _end);
                if (read == 0) _eof = true;
                _end += read;
            }
        }

        private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> s) => s.Length > 0 && s[^1] == (byte)'\r' ? s[..^1] : s;
    }
}
