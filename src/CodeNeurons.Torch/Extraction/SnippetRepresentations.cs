using CodeNeurons.Data;
using CodeNeurons.Tasks;
using CodeNeurons.Tokenization;
using CodeNeurons.Torch.Models;
using CodeNeurons.Torch.Training;

namespace CodeNeurons.Torch.Extraction;

/// <summary>
/// One vector per layer for each snippet, or for each pair of snippets, as the snippet-level tasks of Sharma et al.
/// (arXiv 2305.00875) need them (defect detection, clone detection, code search): per layer the first token
/// ([CLS] / &lt;s&gt;, encoders), the last non-padding token (GPT-style models) or the mean over non-padding tokens; for a pair,
/// the two inputs' vectors combined per layer through a fine-tuned checkpoint's <see cref="PairHead"/> or a fixed
/// <see cref="PairCombination"/>, or (<see cref="PairInput.Joint"/>) the pair as one input built as the fine-tuning builds it and
/// pooled like a snippet. Inputs longer than <see cref="MaxLength"/> are cut, as CodeXGLUE's scripts do. See <c>docs/tasks.md</c>.
/// </summary>
/// <remarks>
/// Output: an <see cref="ActivationSet"/> with one row per snippet (or pair) and <c>Layers.Count</c> layers of H neurons
/// (pairs: H with a head or a joint input, 2H for <see cref="PairCombination.Concat"/>, 4H for the other combinations). Inputs are batched
/// in order of length (less padding) and rows are written in input order; values do not depend on the batch or the padding
/// side beyond float rounding (the tests check 1e-5 against unpadded single runs).
/// </remarks>
public sealed class SnippetRepresentations : ISnippetEncoder
{
    private readonly IHiddenStatesModel _model;
    private readonly bool _ownsModel;
    private readonly int[] _layers;
    private readonly long _padId;
    private readonly ClassifierInputs? _joint;

    /// <summary>Wraps a loaded model and its tokenizer.</summary>
    /// <param name="model">The model.</param>
    /// <param name="tokenizer">Its tokenizer.</param>
    /// <param name="options">Options; null for the defaults.</param>
    /// <param name="ownsModel">Whether <see cref="Dispose"/> disposes the model.</param>
    /// <exception cref="ArgumentException">A bad option (layers, batch size, maximum length).</exception>
    /// <exception cref="NotSupportedException">Left padding for a model with absolute positions (BERT, GPT-2); <see cref="PairInput.Joint"/> for a model the fine-tuning does not build pairs for (T5).</exception>
    public SnippetRepresentations(IHiddenStatesModel model, ICodeTokenizer tokenizer, SnippetRepresentationOptions? options = null, bool ownsModel = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tokenizer);
        _model = model;
        Tokenizer = tokenizer;
        _ownsModel = ownsModel;
        Options = options ?? new SnippetRepresentationOptions();
        var cfg = model.Config;
        int states = cfg.NumLayers + 1;
        if (Options.Layers is { } layers)
        {
            if (layers.Count == 0 || layers.Distinct().Count() != layers.Count || layers.Any(l => l < 0 || l >= states))
                throw new ArgumentException($"Layers must be distinct hidden-state indices in [0, {states - 1}]; got [{string.Join(", ", layers)}].", nameof(options));
            _layers = [.. layers];
        }
        else _layers = [.. Enumerable.Range(0, states)];
        if (Options.BatchSize < 1) throw new ArgumentException($"BatchSize is {Options.BatchSize}; it must be at least 1.", nameof(options));
        Pooling = Options.Pooling ?? (cfg.ModelType == "gpt2" ? SentencePooling.Last : SentencePooling.First);
        if (Pooling == SentencePooling.None) throw new ArgumentException("Pooling None gives token rows; use TransformerActivationSource for those.", nameof(options));
        if (Options.Padding == PaddingSide.Left && cfg.ModelType is not ("roberta" or "t5"))
            throw new NotSupportedException($"Left padding shifts the absolute positions of a {cfg.ModelType} model, so its hidden states would depend on the padding; use PaddingSide.Right.");
        SpecialTokenCount = tokenizer.Encode(string.Empty, addSpecialTokens: true).Count;
        _padId = tokenizer.PadTokenId ?? cfg.PadTokenId ?? 0;
        Layout = LayerLayout.Create(_layers.Length, cfg.HiddenSize);
        if (Options.PairInput == PairInput.Joint)
        {
            (_joint, MaxLength) = JointInputs(tokenizer, cfg, Options);
            return;
        }
        int positions = cfg.MaxPositionEmbeddings > 0
            ? cfg.MaxPositionEmbeddings - (cfg.ModelType == "roberta" ? (int)(cfg.PadTokenId ?? 0) + 1 : 0)
            : 512;
        int usable = positions - SpecialTokenCount;
        MaxLength = Options.MaxLength ?? usable;
        if (MaxLength < 1 || MaxLength > usable)
            throw new ArgumentException($"MaxLength is {MaxLength}; this {cfg.ModelType} model allows 1 to {usable} subwords.", nameof(options));
    }

    /// <summary>The fine-tuning's input builder for <see cref="PairInput.Joint"/>, cut at MaxLength tokens (specials included).</summary>
    private static (ClassifierInputs Inputs, int MaxLength) JointInputs(ICodeTokenizer tokenizer, HfModelConfig cfg, SnippetRepresentationOptions options)
    {
        if (cfg.ModelType is not ("bert" or "roberta" or "gpt2"))
            throw new NotSupportedException(
                $"PairInput.Joint builds a pair as the fine-tuning does, for bert (and MiniLM), roberta and gpt2 models; this one is '{cfg.ModelType}'. Use PairInput.Separate.");
        int limit = ClassifierInputs.PositionLimit(cfg);
        int max = options.MaxLength ?? limit;
        if (max > limit)
            throw new ArgumentException($"MaxLength is {max}; a joint input of this {cfg.ModelType} model holds at most {limit} tokens, special tokens included.", nameof(options));
        var inputs = new ClassifierInputs(tokenizer, cfg, Math.Max(max, 0), options.CollapseWhitespace);
        int min = inputs.PairSpecialTokens + 2;
        if (max < min)
            throw new ArgumentException(
                $"MaxLength is {max}; a joint pair input of this {cfg.ModelType} model needs {min} to {limit} tokens ({inputs.PairSpecialTokens} special tokens and at least one of each text).", nameof(options));
        return (inputs, max);
    }

    /// <summary>Loads a Hugging Face model folder (weights, config and tokenizer) and owns the model.</summary>
    /// <param name="folder">The folder.</param>
    /// <param name="options">Options; null for the defaults.</param>
    /// <param name="load">Device and dtype; null for float32 on the CPU.</param>
    /// <returns>The extractor; dispose it to free the model.</returns>
    public static SnippetRepresentations Load(string folder, SnippetRepresentationOptions? options = null, ModelLoadOptions? load = null)
    {
        var model = HfModel.Load(folder, load);
        try
        {
            return new SnippetRepresentations(model, HfTokenizer.Load(folder), options, ownsModel: true);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Loads the embedded all-MiniLM-L6-v2 (BERT, 6 layers × 384, uncased WordPiece) and owns it.</summary>
    /// <param name="options">Options; null for the defaults.</param>
    /// <param name="load">Device and dtype; null for float32 on the CPU.</param>
    /// <returns>The extractor; dispose it to free the model.</returns>
    public static SnippetRepresentations LoadMiniLm(SnippetRepresentationOptions? options = null, ModelLoadOptions? load = null)
    {
        var model = MiniLmModel.Load(load ?? new ModelLoadOptions());
        try
        {
            var tokenizer = MiniLmModel.CreateTokenizer();
            return new SnippetRepresentations(model, tokenizer, options, ownsModel: true);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>The options.</summary>
    public SnippetRepresentationOptions Options { get; }

    /// <summary>The tokenizer.</summary>
    public ICodeTokenizer Tokenizer { get; }

    /// <summary>The pooling in effect (the model's default when <see cref="SnippetRepresentationOptions.Pooling"/> is null).</summary>
    public SentencePooling Pooling { get; }

    /// <summary>Special tokens the tokenizer adds to each input.</summary>
    public int SpecialTokenCount { get; }

    /// <summary>
    /// The effective cut: with <see cref="PairInput.Separate"/> the most text subwords per input (special tokens not counted);
    /// with <see cref="PairInput.Joint"/> the most tokens per input, special tokens included (as <see cref="FineTuningOptions.MaxLength"/>).
    /// </summary>
    public int MaxLength { get; }

    /// <summary>How <see cref="EncodePairs"/> builds a pair's row (<see cref="SnippetRepresentationOptions.PairInput"/>).</summary>
    public PairInput PairInput => Options.PairInput;

    /// <summary>The hidden-state indices, in output order.</summary>
    public IReadOnlyList<int> Layers => _layers;

    /// <summary>Layout of <see cref="Encode"/>'s rows: <c>Layers.Count</c> layers of H neurons.</summary>
    public LayerLayout Layout { get; }

    /// <summary>One row per text: per layer the pooled hidden state.</summary>
    /// <param name="texts">The snippets (not empty).</param>
    /// <param name="progress">Receives the number of texts done after each batch.</param>
    /// <param name="cancellationToken">Checked before each batch.</param>
    /// <returns>[texts, Layers.Count × H] with the text index of each row as its sentence index.</returns>
    public ActivationSet Encode(IReadOnlyList<string> texts, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var values = Pool(InputIds(texts), progress, cancellationToken);
        return ActivationSet.Create(values, texts.Count, Layout, null, Enumerable.Range(0, texts.Count).ToArray());
    }

    /// <summary>
    /// One row per pair: per layer the two inputs' pooled vectors u (first) and v (second) through <paramref name="head"/>
    /// (H values), or, without a head, combined by <see cref="SnippetRepresentationOptions.PairCombination"/> (2H or 4H values);
    /// with <see cref="PairInput.Joint"/>, the pooled vector of the pair's one input, built as the fine-tuning builds it
    /// (<c>[CLS] a [SEP] b [SEP]</c>, <c>&lt;s&gt; a &lt;/s&gt;&lt;/s&gt; b &lt;/s&gt;</c>, GPT-2 <c>a b</c>; cut to <see cref="MaxLength"/>
    /// tokens, the longer text first), H values: with first-token pooling the [CLS] vector a fine-tuned head reads.
    /// </summary>
    /// <param name="pairs">(first, second): clone detection (function, function), code search (query, code).</param>
    /// <param name="head">A fine-tuned pair head (<see cref="PairHead.Load"/>), or null for the fixed combination; must be null with <see cref="PairInput.Joint"/>.</param>
    /// <param name="progress">Receives the number of inputs (2 per pair; 1 when joint) done after each batch.</param>
    /// <param name="cancellationToken">Checked before each batch.</param>
    /// <returns>[pairs, Layers.Count × width].</returns>
    /// <exception cref="ArgumentException">No pairs, a null text, a head of the wrong size, or a head with <see cref="PairInput.Joint"/>.</exception>
    public ActivationSet EncodePairs(IReadOnlyList<(string First, string Second)> pairs, PairHead? head = null, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        if (_joint is not null)
        {
            if (head is not null)
                throw new ArgumentException(
                    "A PairHead combines the two texts' separately encoded vectors, but PairInput is Joint (each pair is one input, whose pooled vector the model's own head reads); pass no head, or use PairInput.Separate.",
                    nameof(head));
            if (pairs.Count == 0) throw new ArgumentException("No pairs.", nameof(pairs));
            var ids = new int[pairs.Count][];
            for (int i = 0; i < pairs.Count; i++)
            {
                if (pairs[i].First is null || pairs[i].Second is null) throw new ArgumentException($"Pair {i} has a null text.", nameof(pairs));
                ids[i] = _joint.Encode(pairs[i].First, pairs[i].Second);
                if (ids[i].Length == 0) throw new ArgumentException($"Pair {i} gives no tokens.", nameof(pairs));
            }
            return ActivationSet.Create(Pool(ids, progress, cancellationToken), pairs.Count, Layout, null, Enumerable.Range(0, pairs.Count).ToArray());
        }
        int h = _model.Config.HiddenSize;
        if (head is not null && head.HiddenSize != h)
            throw new ArgumentException($"The pair head takes vectors of {head.HiddenSize}; the model's hidden size is {h}.", nameof(head));
        var texts = new string[pairs.Count * 2];
        for (int i = 0; i < pairs.Count; i++) (texts[2 * i], texts[2 * i + 1]) = pairs[i];
        var pooled = Pool(InputIds(texts), progress, cancellationToken);
        int width = head is null ? PairHead.Width(Options.PairCombination, h) : h, layers = _layers.Length, per = layers * h;
        var values = new float[(long)pairs.Count * layers * width];
        for (int i = 0; i < pairs.Count; i++)
            for (int k = 0; k < layers; k++)
            {
                var u = pooled.AsSpan((2 * i) * per + k * h, h);
                var v = pooled.AsSpan((2 * i + 1) * per + k * h, h);
                var dest = values.AsSpan((i * layers + k) * width, width);
                if (head is null) PairHead.Combine(Options.PairCombination, u, v, dest);
                else head.Apply(u, v, dest);
            }
        return ActivationSet.Create(values, pairs.Count, LayerLayout.Create(layers, width), null, Enumerable.Range(0, pairs.Count).ToArray());
    }

    /// <summary>Defect-detection examples with their labels: <see cref="Encode"/> of the functions and <see cref="TaskLabels.ToClassLabels(IReadOnlyList{SnippetExample})"/>.</summary>
    /// <param name="examples">The examples (e.g. from <see cref="CodeXGlueReader.ReadDefectDetection"/>).</param>
    /// <param name="progress">Receives the number of examples done after each batch.</param>
    /// <param name="cancellationToken">Checked before each batch.</param>
    /// <returns>One row per example with classes <c>clean, defective</c>.</returns>
    public LabeledActivations EncodeExamples(IReadOnlyList<SnippetExample> examples, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(examples);
        return new LabeledActivations(Encode(examples.Select(e => e.Code).ToArray(), progress, cancellationToken), examples.ToClassLabels());
    }

    /// <summary>Clone-detection or code-search examples with their labels: <see cref="EncodePairs"/> of (First, Second) and the task's labels.</summary>
    /// <param name="examples">The pairs (e.g. from <see cref="CodeXGlueReader.ReadCloneDetection"/> or <see cref="CodeXGlueReader.ReadCodeSearch"/>).</param>
    /// <param name="task"><see cref="CodeTask.CloneDetection"/> or <see cref="CodeTask.CodeSearch"/> (the class names).</param>
    /// <param name="head">A fine-tuned pair head, or null for <see cref="SnippetRepresentationOptions.PairCombination"/> (or a joint input).</param>
    /// <param name="progress">Receives the number of inputs (2 per pair; 1 when joint) done after each batch.</param>
    /// <param name="cancellationToken">Checked before each batch.</param>
    /// <returns>One row per pair.</returns>
    public LabeledActivations EncodePairExamples(IReadOnlyList<PairExample> examples, CodeTask task, PairHead? head = null, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var labels = examples.ToClassLabels(task);
        return new LabeledActivations(EncodePairs(examples.Select(e => (e.First, e.Second)).ToArray(), head, progress, cancellationToken), labels);
    }

    /// <inheritdoc />
    ActivationSet ISnippetEncoder.EncodePairs(IReadOnlyList<(string First, string Second)> pairs, IProgress<int>? progress, CancellationToken cancellationToken) =>
        EncodePairs(pairs, null, progress, cancellationToken);

    /// <summary>
    /// One row per token the model sees for <paramref name="text"/> (special tokens included, after the cut to
    /// <see cref="MaxLength"/>), each the token's hidden states in <see cref="Layout"/>: what a snippet-level neuron reads at
    /// every position, for an activation map. Tokens are the vocabulary strings with the byte-level markers (Ġ, Ċ, ĉ) turned
    /// back into a dropped space, a line break and a tab.
    /// </summary>
    /// <param name="text">One snippet.</param>
    /// <param name="cancellationToken">Checked before the forward pass.</param>
    /// <returns>[tokens, Layers.Count × H] with the tokens' text.</returns>
    public ActivationSet EncodeTokens(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = Ids(text);
        if (ids.Length == 0) throw new ArgumentException("The text gives no tokens.", nameof(text));
        return TokenRows(ids, cancellationToken);
    }

    /// <summary>
    /// With <see cref="PairInput.Joint"/>: one row per token of the pair's one input, as <see cref="EncodePairs"/> builds it (the
    /// first text's tokens, then the second's, with the model's specials and separators: <c>[CLS] a [SEP] b [SEP]</c>), each the
    /// token's hidden states in <see cref="Layout"/>, as <see cref="EncodeTokens"/> for a snippet: what a joint pair unit reads at
    /// every position. With first-token pooling row 0 is the pair's row of <see cref="EncodePairs"/>.
    /// </summary>
    /// <param name="first">The pair's first text (clone: a function; search: the query).</param>
    /// <param name="second">The pair's second text (clone: the other function; search: the code).</param>
    /// <param name="cancellationToken">Checked before the forward pass.</param>
    /// <returns>[tokens, Layers.Count × H] with the tokens' text.</returns>
    /// <exception cref="NotSupportedException"><see cref="PairInput.Separate"/>: the two texts are separate inputs; draw each with <see cref="EncodeTokens"/>.</exception>
    public ActivationSet EncodePairTokens(string first, string second, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (_joint is null)
            throw new NotSupportedException("EncodePairTokens draws a joint pair input, but PairInput is Separate (each text is its own input); draw each text with EncodeTokens.");
        var ids = _joint.Encode(first, second);
        if (ids.Length == 0) throw new ArgumentException("The pair gives no tokens.", nameof(first));
        return TokenRows(ids, cancellationToken);
    }

    private ActivationSet TokenRows(int[] ids, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var (input, mask, _) = Pad([ids], _padId, PaddingSide.Right);
        var hs = _model.Forward(input, mask);
        int h = hs.HiddenSize, per = _layers.Length * h;
        var values = new float[(long)ids.Length * per];
        for (int p = 0; p < ids.Length; p++)
            for (int k = 0; k < _layers.Length; k++)
                for (int j = 0; j < h; j++)
                    values[p * per + k * h + j] = hs.Values[_layers[k], 0, p, j];
        var tokens = ids.Select(id => (Tokenizer.IdToToken(id) ?? "?").Replace("Ġ", "", StringComparison.Ordinal).Replace('Ċ', '\n').Replace('ĉ', '\t')).ToArray();
        return ActivationSet.Create(values, ids.Length, Layout, tokens, new int[ids.Length]);
    }

    /// <summary>
    /// What unit <paramref name="pairUnit"/> of <see cref="EncodePairs"/> (without a head) reads, by
    /// <see cref="SnippetRepresentationOptions.PairCombination"/>: [u; v] or [u; v; u − v (or |u − v|); u ⊙ v]; with
    /// <see cref="PairInput.Joint"/>, the same unit of the joint input (both texts, part "joint input").
    /// </summary>
    /// <param name="pairUnit">A unit within one layer of the pair rows.</param>
    /// <returns>The source unit and part; null outside the pair width.</returns>
    public PairUnitSource? PairSource(int pairUnit)
    {
        if (_joint is not null)
            return pairUnit < 0 || pairUnit >= _model.Config.HiddenSize ? null : new PairUnitSource(pairUnit, true, true, "joint input");
        int h = _model.Config.HiddenSize, width = PairHead.Width(Options.PairCombination, h);
        if (pairUnit < 0 || pairUnit >= width) return null;
        int unit = pairUnit % h;
        return (pairUnit / h) switch
        {
            0 => new PairUnitSource(unit, true, false, "first input"),
            1 => new PairUnitSource(unit, false, true, "second input"),
            2 => new PairUnitSource(unit, true, true, Options.PairCombination == PairCombination.ConcatAbsDifferenceProduct ? "|first − second|" : "first − second"),
            _ => new PairUnitSource(unit, true, true, "first ⊙ second"),
        };
    }

    /// <summary>
    /// The ids of one input: leading specials, at most <see cref="MaxLength"/> text subwords, trailing specials; with
    /// <see cref="PairInput.Joint"/> as the fine-tuning builds a snippet (at most <see cref="MaxLength"/> tokens in all).
    /// </summary>
    internal int[] Ids(string text)
    {
        if (_joint is not null) return _joint.Encode(text, null);
        if (Options.CollapseWhitespace) text = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        var enc = Tokenizer.Encode(text, addSpecialTokens: true);
        int pre = 0;
        while (pre < enc.Count && enc.SpecialTokensMask[pre] == 1) pre++;
        int post = 0;
        while (post < enc.Count - pre && enc.SpecialTokensMask[enc.Count - 1 - post] == 1) post++;
        int n = enc.Count - pre - post;
        if (n <= MaxLength) return enc.Ids;
        return [.. enc.Ids[..(pre + MaxLength)], .. enc.Ids[(enc.Count - post)..]];
    }

    private int[][] InputIds(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (texts.Count == 0) throw new ArgumentException("No texts.", nameof(texts));
        var ids = new int[texts.Count][];
        for (int i = 0; i < texts.Count; i++)
        {
            if (texts[i] is null) throw new ArgumentException($"Text {i} is null.", nameof(texts));
            ids[i] = Ids(texts[i]);
            if (ids[i].Length == 0) throw new ArgumentException($"Text {i} gives no tokens.", nameof(texts));
        }
        return ids;
    }

    /// <summary>One pooled row per input: batched in order of length, written in input order.</summary>
    private float[] Pool(int[][] ids, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        int h = _model.Config.HiddenSize, per = _layers.Length * h;
        var result = new float[(long)ids.Length * per];
        var order = Enumerable.Range(0, ids.Length).OrderBy(i => ids[i].Length).ToArray();
        int done = 0;
        for (int at = 0; at < order.Length; at += Options.BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = order.AsSpan(at, Math.Min(Options.BatchSize, order.Length - at)).ToArray();
            var (input, mask, offsets) = Pad(batch.Select(i => ids[i]).ToArray(), _padId, Options.Padding);
            var hs = _model.Forward(input, mask);
            for (int b = 0; b < batch.Length; b++)
                PoolOne(hs, b, offsets[b], ids[batch[b]].Length, result.AsSpan(batch[b] * per, per));
            done += batch.Length;
            progress?.Report(done);
        }
        return result;
    }

    /// <summary>A padded batch: ids, attention mask and each row's first real position.</summary>
    internal static (long[,] Ids, long[,] Mask, int[] Offsets) Pad(int[][] rows, long padId, PaddingSide side)
    {
        int seq = rows.Max(r => r.Length);
        var ids = new long[rows.Length, seq];
        var mask = new long[rows.Length, seq];
        var offsets = new int[rows.Length];
        for (int b = 0; b < rows.Length; b++)
        {
            int off = side == PaddingSide.Left ? seq - rows[b].Length : 0;
            offsets[b] = off;
            for (int p = 0; p < seq; p++) ids[b, p] = padId;
            for (int p = 0; p < rows[b].Length; p++)
            {
                ids[b, off + p] = rows[b][p];
                mask[b, off + p] = 1;
            }
        }
        return (ids, mask, offsets);
    }

    private void PoolOne(HiddenStates hs, int b, int offset, int length, Span<float> dest)
    {
        var v = hs.Values;
        int h = hs.HiddenSize;
        for (int k = 0; k < _layers.Length; k++)
        {
            int l = _layers[k];
            var d = dest.Slice(k * h, h);
            switch (Pooling)
            {
                case SentencePooling.First:
                    for (int j = 0; j < h; j++) d[j] = v[l, b, offset, j];
                    break;
                case SentencePooling.Last:
                    for (int j = 0; j < h; j++) d[j] = v[l, b, offset + length - 1, j];
                    break;
                default:
                    for (int j = 0; j < h; j++)
                    {
                        double s = 0;
                        for (int p = 0; p < length; p++) s += v[l, b, offset + p, j];
                        d[j] = (float)(s / length);
                    }
                    break;
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsModel) _model.Dispose();
    }
}
