namespace CodeNeurons.Tokenization;

/// <summary>
/// A Hugging Face-compatible tokenizer (byte-level BPE or WordPiece), managed code only. Create one with
/// <see cref="Load(string, bool)"/> from a model folder; <see cref="Encode"/> gives the ids, tokens and offsets that
/// HF's fast tokenizer gives for the same folder. Thread-safe after construction.
/// </summary>
public sealed partial class HfTokenizer : ICodeTokenizer
{
    internal enum PreTokenizerKind { None, ByteLevel, Bert }

    internal sealed record AddedToken(int Id, string Content, bool Special, bool LStrip, bool RStrip);

    internal sealed record PostProcessor(bool TrimOffsets, bool TrimAddPrefixSpace,
        IReadOnlyList<(int Id, string Token)> Prefix, IReadOnlyList<(int Id, string Token)> Suffix)
    {
        public static readonly PostProcessor None = new(false, false, [], []);
    }

    internal sealed record SpecialTokenNames(string? Bos, string? Eos, string? Unk, string? Sep, string? Pad, string? Cls, string? Mask);

    private readonly BpeModel? _bpe;
    private readonly WordPieceModel? _wordPiece;
    private readonly BertNormalizerOptions? _normalizer;
    private readonly PreTokenizerKind _preTokenizer;
    private readonly bool _addPrefixSpace;
    private readonly bool _useRegex;
    private readonly PostProcessor _post;
    private readonly Dictionary<char, AddedToken[]> _addedByFirstChar;
    private readonly Dictionary<string, int> _addedIds;
    private readonly Dictionary<int, string> _addedById;
    private readonly PieceNormalizer? _textNormalizer;
    private readonly IReadOnlyList<PreTokenizerStep>? _preTokenizerSteps;

    internal HfTokenizer(TokenizerFlavor flavor, BpeModel? bpe, WordPieceModel? wordPiece, BertNormalizerOptions? normalizer,
        PreTokenizerKind preTokenizer, bool addPrefixSpace, bool useRegex, PostProcessor post,
        IReadOnlyList<AddedToken> added, SpecialTokenNames names,
        PieceNormalizer? textNormalizer = null, IReadOnlyList<PreTokenizerStep>? preTokenizerSteps = null)
    {
        Flavor = flavor;
        _textNormalizer = textNormalizer;
        _preTokenizerSteps = preTokenizerSteps;
        _bpe = bpe;
        _wordPiece = wordPiece;
        _normalizer = normalizer;
        _preTokenizer = preTokenizer;
        _addPrefixSpace = addPrefixSpace;
        _useRegex = useRegex;
        _post = post;
        _addedIds = new Dictionary<string, int>(StringComparer.Ordinal);
        _addedById = new Dictionary<int, string>();
        foreach (var a in added)
        {
            _addedIds[a.Content] = a.Id;
            _addedById[a.Id] = a.Content;
        }
        _addedByFirstChar = added.Where(a => a.Content.Length > 0)
            .GroupBy(a => a.Content[0])
            .ToDictionary(g => g.Key, g => g.OrderByDescending(a => a.Content.Length).ToArray());

        var vocab = bpe?.Vocab ?? wordPiece!.Vocab;
        int max = vocab.Count == 0 ? -1 : vocab.Values.Max();
        foreach (var a in added) max = Math.Max(max, a.Id);
        foreach (var (id, _) in post.Prefix.Concat(post.Suffix)) max = Math.Max(max, id);
        VocabSize = max + 1;

        BosTokenId = Resolve(names.Bos);
        EosTokenId = Resolve(names.Eos);
        UnkTokenId = Resolve(names.Unk);
        SepTokenId = Resolve(names.Sep);
        PadTokenId = Resolve(names.Pad);
        ClsTokenId = Resolve(names.Cls);
        MaskTokenId = Resolve(names.Mask);
    }

    private int? Resolve(string? token) => token == null ? null : TokenToId(token);

    /// <inheritdoc />
    public TokenizerFlavor Flavor { get; }

    /// <inheritdoc />
    public int VocabSize { get; }

    /// <inheritdoc />
    public int? PadTokenId { get; }

    /// <inheritdoc />
    public int? BosTokenId { get; }

    /// <inheritdoc />
    public int? EosTokenId { get; }

    /// <inheritdoc />
    public int? ClsTokenId { get; }

    /// <inheritdoc />
    public int? SepTokenId { get; }

    /// <inheritdoc />
    public int? UnkTokenId { get; }

    /// <inheritdoc />
    public int? MaskTokenId { get; }

    /// <inheritdoc />
    public int? TokenToId(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (_addedIds.TryGetValue(token, out int a)) return a;
        var vocab = _bpe?.Vocab ?? _wordPiece!.Vocab;
        return vocab.TryGetValue(token, out int id) ? id : null;
    }

    /// <inheritdoc />
    public string? IdToToken(int id)
    {
        if (_addedById.TryGetValue(id, out var s)) return s;
        return _bpe != null ? _bpe.IdToToken(id) : _wordPiece!.IdToToken(id);
    }

    /// <inheritdoc />
    public TokenEncoding Encode(string text, bool addSpecialTokens = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        var toks = new List<Tok>();
        var pieces = new List<Piece>();
        int segStart = 0;
        int i = 0;
        while (i < text.Length)
        {
            if (_addedByFirstChar.TryGetValue(text[i], out var candidates))
            {
                AddedToken? hit = null;
                foreach (var c in candidates)
                {
                    if (i + c.Content.Length <= text.Length && string.CompareOrdinal(text, i, c.Content, 0, c.Content.Length) == 0)
                    {
                        hit = c;
                        break;
                    }
                }
                if (hit != null)
                {
                    int start = i, end = i + hit.Content.Length;
                    if (hit.LStrip)
                        while (start > segStart && char.IsWhiteSpace(text[start - 1])) start--;
                    if (hit.RStrip)
                        while (end < text.Length && char.IsWhiteSpace(text[end])) end++;
                    EncodeSegment(text, segStart, start, toks, pieces);
                    toks.Add(new Tok(hit.Id, hit.Content, start, end));
                    segStart = i = end;
                    continue;
                }
            }
            i++;
        }
        EncodeSegment(text, segStart, text.Length, toks, pieces);

        if (_post.TrimOffsets) ByteLevel.TrimOffsets(toks, _post.TrimAddPrefixSpace);

        var prefix = addSpecialTokens ? _post.Prefix : [];
        var suffix = addSpecialTokens ? _post.Suffix : [];
        int n = prefix.Count + toks.Count + suffix.Count;
        var ids = new int[n];
        var tokens = new string[n];
        var offsets = new (int, int)[n];
        var mask = new int[n];
        int k = 0;
        foreach (var (id, tok) in prefix)
        {
            ids[k] = id; tokens[k] = tok; mask[k] = 1; k++;
        }
        foreach (var t in toks)
        {
            ids[k] = t.Id; tokens[k] = t.Token; offsets[k] = (t.Start, t.End); k++;
        }
        foreach (var (id, tok) in suffix)
        {
            ids[k] = id; tokens[k] = tok; mask[k] = 1; k++;
        }
        return new TokenEncoding(ids, tokens, offsets, mask);
    }

    private void EncodeSegment(string text, int start, int end, List<Tok> toks, List<Piece> pieces)
    {
        if (end <= start) return;
        var piece = Piece.FromOriginal(text, start, end);
        if (_normalizer != null) piece = BertText.Normalize(piece, _normalizer);
        if (_textNormalizer != null) piece = _textNormalizer.Apply(piece);
        if (piece.Text.Length == 0) return;
        pieces.Clear();
        if (_preTokenizerSteps != null) PreTokenizerStep.Run(_preTokenizerSteps, piece, pieces);
        else switch (_preTokenizer)
            {
                case PreTokenizerKind.ByteLevel:
                    ByteLevel.PreTokenize(piece, _addPrefixSpace, _useRegex, pieces);
                    break;
                case PreTokenizerKind.Bert:
                    BertText.PreTokenize(piece, pieces);
                    break;
                default:
                    pieces.Add(piece);
                    break;
            }
        foreach (var p in pieces)
        {
            if (_bpe != null) _bpe.Tokenize(p, toks);
            else _wordPiece!.Tokenize(p, toks);
        }
    }
}
