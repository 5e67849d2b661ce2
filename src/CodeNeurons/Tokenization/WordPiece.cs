using System.Globalization;
using System.Text;

namespace CodeNeurons.Tokenization;

/// <summary>Settings of Hugging Face's <c>BertNormalizer</c>.</summary>
internal sealed record BertNormalizerOptions(bool CleanText, bool HandleChineseChars, bool? StripAccents, bool Lowercase);

/// <summary>BERT's normalizer and pre-tokenizer (HF <c>normalizers/bert.rs</c>, <c>pre_tokenizers/bert.rs</c> semantics).</summary>
internal static class BertText
{
    public static Piece Normalize(Piece input, BertNormalizerOptions o)
    {
        bool strip = o.StripAccents ?? o.Lowercase;
        var b = new PieceBuilder();
        string t = input.Text;
        for (int i = 0; i < t.Length;)
        {
            int cp = CodePoints.At(t, i, out int len);
            int start = input.Starts[i], end = input.Ends[i + len - 1];
            i += len;
            if (o.CleanText)
            {
                if (cp == 0 || cp == 0xFFFD || IsControl(cp)) continue;
                if (IsBertWhitespace(cp)) cp = ' ';
            }
            if (cp < 0) continue; // lone surrogate: cannot exist in a Rust string; drop it
            if (o.HandleChineseChars && IsChinese(cp))
            {
                b.Append(' ', start, end);
                AppendTransformed(b, cp, start, end, strip, o.Lowercase);
                b.Append(' ', start, end);
            }
            else
            {
                AppendTransformed(b, cp, start, end, strip, o.Lowercase);
            }
        }
        return b.Build();
    }

    [ThreadStatic]
    private static List<int>? _scratch;

    private static void AppendTransformed(PieceBuilder b, int cp, int start, int end, bool strip, bool lower)
    {
        if (!strip && !lower)
        {
            b.Append(cp, start, end);
            return;
        }
        var chars = _scratch ??= new List<int>(4);
        chars.Clear();
        if (strip) Nfd.Decompose(cp, chars);
        else chars.Add(cp);
        foreach (int c0 in chars)
        {
            int c = c0;
            if (strip && CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            if (lower && c == 0x130)
            {
                // full (not simple) lower-case mapping, as Rust's char::to_lowercase: İ → i + combining dot above
                b.Append('i', start, end);
                b.Append('\u0307', start, end);
                continue;
            }
            if (lower) c = Rune.ToLowerInvariant(new Rune(c)).Value;
            b.Append(c, start, end);
        }
    }

    private static bool IsBertWhitespace(int cp) => cp is '\t' or '\n' or '\r' || CodePoints.IsWhiteSpace(cp);

    private static bool IsControl(int cp)
    {
        if (cp is '\t' or '\n' or '\r') return false;
        return CodePoints.Category(cp) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
            or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned;
    }

    private static bool IsChinese(int cp) =>
        (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF)
        || (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B920 && cp <= 0x2CEAF)
        || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);

    public static bool IsPunctuation(int cp)
    {
        if (cp is (>= 33 and <= 47) or (>= 58 and <= 64) or (>= 91 and <= 96) or (>= 123 and <= 126)) return true;
        return CodePoints.Category(cp) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
            or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation;
    }

    /// <summary>Splits on whitespace (removed) and isolates every punctuation character.</summary>
    public static void PreTokenize(Piece input, List<Piece> output)
    {
        string t = input.Text;
        int wordStart = -1;
        for (int i = 0; i < t.Length;)
        {
            int cp = CodePoints.At(t, i, out int len);
            if (CodePoints.IsWhiteSpace(cp))
            {
                if (wordStart >= 0) output.Add(Slice(input, wordStart, i));
                wordStart = -1;
            }
            else if (IsPunctuation(cp))
            {
                if (wordStart >= 0) output.Add(Slice(input, wordStart, i));
                wordStart = -1;
                output.Add(Slice(input, i, i + len));
            }
            else if (wordStart < 0)
            {
                wordStart = i;
            }
            i += len;
        }
        if (wordStart >= 0) output.Add(Slice(input, wordStart, t.Length));
    }

    public static Piece Slice(Piece p, int start, int end)
        => new(p.Text.Substring(start, end - start), p.Starts[start..end], p.Ends[start..end]);
}

/// <summary>WordPiece: greedy longest-match-first with a continuing-subword prefix (HF <c>models/wordpiece</c>).</summary>
internal sealed class WordPieceModel
{
    private readonly Dictionary<string, int> _vocab;
    private readonly string[] _idToToken;
    private readonly int _unkId;
    private readonly string _unkToken;
    private readonly string _prefix;
    private readonly int _maxChars;

    public WordPieceModel(Dictionary<string, int> vocab, string unkToken, string prefix, int maxInputCharsPerWord, string source)
    {
        _vocab = vocab;
        if (!vocab.TryGetValue(unkToken, out _unkId))
            throw new TokenizerFormatException(source, $"the unknown token '{unkToken}' is not in the vocabulary.");
        _unkToken = unkToken;
        _prefix = prefix;
        _maxChars = maxInputCharsPerWord;
        int max = vocab.Values.Max();
        _idToToken = new string[max + 1];
        foreach (var (tok, id) in vocab)
        {
            if (id < 0) throw new TokenizerFormatException(source, $"negative id {id} for token '{tok}'.");
            _idToToken[id] = tok;
        }
    }

    public IReadOnlyDictionary<string, int> Vocab => _vocab;

    public string? IdToToken(int id) => id >= 0 && id < _idToToken.Length ? _idToToken[id] : null;

    public void Tokenize(Piece piece, List<Tok> output)
    {
        string w = piece.Text;
        if (w.Length == 0) return;
        // char boundaries (code points)
        var bounds = new List<int>(w.Length + 1);
        for (int i = 0; i < w.Length;)
        {
            bounds.Add(i);
            CodePoints.At(w, i, out int len);
            i += len;
        }
        bounds.Add(w.Length);
        int chars = bounds.Count - 1;
        if (chars > _maxChars)
        {
            output.Add(new Tok(_unkId, _unkToken, piece.Starts[0], piece.Ends[^1]));
            return;
        }
        int mark = output.Count;
        int s = 0;
        while (s < chars)
        {
            int found = -1, foundId = -1;
            string? foundTok = null;
            for (int e = chars; e > s; e--)
            {
                string sub = w.Substring(bounds[s], bounds[e] - bounds[s]);
                if (s > 0) sub = _prefix + sub;
                if (_vocab.TryGetValue(sub, out int id))
                {
                    found = e;
                    foundId = id;
                    foundTok = sub;
                    break;
                }
            }
            if (found < 0)
            {
                output.RemoveRange(mark, output.Count - mark);
                output.Add(new Tok(_unkId, _unkToken, piece.Starts[0], piece.Ends[^1]));
                return;
            }
            output.Add(new Tok(foundId, foundTok!, piece.Starts[bounds[s]], piece.Ends[bounds[found] - 1]));
            s = found;
        }
    }
}
