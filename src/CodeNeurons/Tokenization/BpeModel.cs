using System.Collections.Concurrent;

namespace CodeNeurons.Tokenization;

/// <summary>BPE with merge ranks (Hugging Face <c>models::bpe</c> semantics: lowest rank first, leftmost on ties).</summary>
internal sealed class BpeModel
{
    private const int MaxCachedWordLength = 256;
    private const int CacheCapacity = 10_000;

    private readonly Dictionary<string, int> _vocab;
    private readonly Dictionary<long, (int Rank, int NewId)> _merges;
    private readonly string[] _idToToken;
    private readonly int? _unkId;
    private readonly bool _fuseUnk;
    private readonly bool _ignoreMerges;
    private readonly int[]? _byteIds;
    private readonly ConcurrentDictionary<string, (int Id, int Start, int Length)[]> _cache = new(StringComparer.Ordinal);

    public BpeModel(Dictionary<string, int> vocab, IReadOnlyList<(string A, string B)> merges, string mergesSource,
        string? unkToken, bool fuseUnk, bool ignoreMerges, bool byteFallback = false)
    {
        _vocab = vocab;
        int max = vocab.Count == 0 ? -1 : vocab.Values.Max();
        _idToToken = new string[max + 1];
        foreach (var (tok, id) in vocab)
        {
            if (id < 0) throw new TokenizerFormatException(mergesSource, $"negative id {id} for token '{tok}'.");
            _idToToken[id] = tok;
        }
        _merges = new Dictionary<long, (int, int)>(merges.Count);
        for (int r = 0; r < merges.Count; r++)
        {
            var (a, b) = merges[r];
            if (!vocab.TryGetValue(a, out int ia) || !vocab.TryGetValue(b, out int ib))
                throw new TokenizerFormatException(mergesSource, $"merge {r + 1} '{a} {b}' uses a token that is not in the vocabulary.");
            if (!vocab.TryGetValue(a + b, out int inew))
                throw new TokenizerFormatException(mergesSource, $"merge {r + 1} '{a} {b}' produces '{a + b}', which is not in the vocabulary.");
            _merges[Key(ia, ib)] = (r, inew); // a repeated pair keeps its last rank, as HF's map does
        }
        if (unkToken != null)
        {
            if (!vocab.TryGetValue(unkToken, out int u))
                throw new TokenizerFormatException(mergesSource, $"the BPE unknown token '{unkToken}' is not in the vocabulary.");
            _unkId = u;
        }
        _fuseUnk = fuseUnk;
        _ignoreMerges = ignoreMerges;
        if (byteFallback)
        {
            // SentencePiece byte fallback: <0x00> … <0xFF>; a byte missing from the vocabulary makes the character unknown instead.
            _byteIds = new int[256];
            for (int b = 0; b < 256; b++) _byteIds[b] = vocab.TryGetValue($"<0x{b:X2}>", out int id) ? id : -1;
        }
    }

    public IReadOnlyDictionary<string, int> Vocab => _vocab;

    public string? IdToToken(int id) => id >= 0 && id < _idToToken.Length ? _idToToken[id] : null;

    private static long Key(int a, int b) => ((long)a << 32) | (uint)b;

    public void Tokenize(Piece piece, List<Tok> output)
    {
        string word = piece.Text;
        if (word.Length == 0) return;
        if (_ignoreMerges && _vocab.TryGetValue(word, out int whole))
        {
            output.Add(new Tok(whole, word, piece.Starts[0], piece.Ends[^1]));
            return;
        }
        if (!_cache.TryGetValue(word, out var parts))
        {
            parts = Merge(word);
            if (word.Length <= MaxCachedWordLength && _cache.Count < CacheCapacity)
                _cache.TryAdd(word, parts);
        }
        foreach (var (id, start, len) in parts)
            output.Add(new Tok(id, _idToToken[id], piece.Starts[start], piece.Ends[start + len - 1]));
    }

    /// <summary>
    /// Merges one word; returns (id, first unit, unit count). Characters missing from the vocabulary without an
    /// unknown token are dropped (as HF does), so merges may join their neighbours.
    /// </summary>
    private (int Id, int Start, int Length)[] Merge(string word)
    {
        var ids = new List<int>(word.Length);
        var starts = new List<int>(word.Length);
        var ends = new List<int>(word.Length);
        for (int i = 0; i < word.Length;)
        {
            int len = char.IsHighSurrogate(word[i]) && i + 1 < word.Length && char.IsLowSurrogate(word[i + 1]) ? 2 : 1;
            if (!_vocab.TryGetValue(word.Substring(i, len), out int id))
            {
                if (_byteIds != null && TryBytes(word, i, len, ids, starts, ends)) // each byte token spans the whole character
                {
                    i += len;
                    continue;
                }
                if (_unkId is not int u)
                {
                    i += len;
                    continue;
                }
                if (_fuseUnk && ids.Count > 0 && ids[^1] == u && ends[^1] == i)
                {
                    ends[^1] = i + len;
                    i += len;
                    continue;
                }
                id = u;
            }
            ids.Add(id);
            starts.Add(i);
            ends.Add(i + len);
            i += len;
        }

        int n = ids.Count;
        var prev = new int[n];
        var next = new int[n];
        var alive = new bool[n];
        for (int i = 0; i < n; i++)
        {
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
            alive[i] = true;
        }
        var idArr = ids.ToArray();
        var endArr = ends.ToArray();
        var queue = new PriorityQueue<(int Pos, int NewId), (int Rank, int Pos)>();
        for (int i = 0; i + 1 < n; i++)
            Enqueue(queue, idArr, i, i + 1);

        while (queue.TryDequeue(out var item, out var prio))
        {
            int p = item.Pos;
            if (!alive[p]) continue;
            int q = next[p];
            if (q < 0) continue;
            if (!_merges.TryGetValue(Key(idArr[p], idArr[q]), out var m) || m.NewId != item.NewId || m.Rank != prio.Rank) continue;
            idArr[p] = m.NewId;
            endArr[p] = endArr[q];
            alive[q] = false;
            next[p] = next[q];
            if (next[q] >= 0) prev[next[q]] = p;
            if (prev[p] >= 0) Enqueue(queue, idArr, prev[p], p);
            if (next[p] >= 0) Enqueue(queue, idArr, p, next[p]);
        }

        var result = new List<(int, int, int)>();
        for (int i = n == 0 ? -1 : 0; i >= 0; i = next[i])
            result.Add((idArr[i], starts[i], endArr[i] - starts[i]));
        return result.ToArray();
    }

    private bool TryBytes(string word, int i, int len, List<int> ids, List<int> starts, List<int> ends)
    {
        Span<byte> buf = stackalloc byte[4];
        int cp = CodePoints.At(word, i, out _);
        int count = new System.Text.Rune(cp < 0 ? CodePoints.Replacement : cp).EncodeToUtf8(buf);
        for (int k = 0; k < count; k++)
            if (_byteIds![buf[k]] < 0) return false;
        for (int k = 0; k < count; k++)
        {
            ids.Add(_byteIds![buf[k]]);
            starts.Add(i);
            ends.Add(i + len);
        }
        return true;
    }

    private void Enqueue(PriorityQueue<(int, int), (int, int)> queue, int[] ids, int a, int b)
    {
        if (_merges.TryGetValue(Key(ids[a], ids[b]), out var m))
            queue.Enqueue((a, m.NewId), (m.Rank, a));
    }
}
