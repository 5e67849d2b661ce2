using CodeNeurons.Data;
using CodeNeurons.Tokenization;
using CodeNeurons.Torch.Extraction;
using CodeNeurons.Torch.Models;

namespace CodeNeurons.Torch.Interventions;

/// <summary>One snippet tokenized for an intervention run: its ids (special tokens included, truncated to the model) and the subword positions of each kept code token.</summary>
internal sealed record PreparedSnippet(int[] Ids, int[][] TokenPositions, int[] TokenIndices, int ContentStart, int ContentEnd)
{
    /// <summary>Tokenizes every snippet; content beyond the model's positions is cut, and code tokens cut entirely are left out.</summary>
    internal static List<PreparedSnippet> Prepare(IReadOnlyList<CodeSnippet> corpus, ICodeTokenizer tokenizer, HfModelConfig config, string source, out int dropped)
    {
        int specials = tokenizer.Encode(string.Empty, addSpecialTokens: true).Count;
        int positions = config.MaxPositionEmbeddings > 0
            ? config.MaxPositionEmbeddings - (config.ModelType == "roberta" ? (int)(config.PadTokenId ?? 0) + 1 : 0)
            : 512;
        int max = Math.Max(1, positions - specials);
        dropped = 0;
        var result = new List<PreparedSnippet>(corpus.Count);
        for (int i = 0; i < corpus.Count; i++)
        {
            var snippet = corpus[i];
            var tokens = snippet.ResolveTokens();
            var enc = tokenizer.Encode(snippet.Text, addSpecialTokens: true);
            int pre = 0;
            while (pre < enc.Count && enc.SpecialTokensMask[pre] == 1) pre++;
            int post = 0;
            while (post < enc.Count - pre && enc.SpecialTokensMask[enc.Count - 1 - post] == 1) post++;
            int n = enc.Count - pre - post;
            var align = SubwordAligner.Align(snippet.Text, tokens, new ArraySegment<(int, int)>(enc.Offsets, pre, n), () => $"{source}: snippet {i + 1}");
            int kept = Math.Min(n, max);
            var ids = enc.Ids[..(pre + kept)].Concat(enc.Ids[(pre + n)..]).ToArray();
            var tokenPositions = new List<int[]>();
            var tokenIndices = new List<int>();
            for (int t = 0; t < tokens.Count; t++)
            {
                var inside = align.TokenSubwords[t].Where(s => s < kept).Select(s => pre + s).ToArray();
                if (inside.Length == 0) { dropped++; continue; }
                tokenPositions.Add(inside);
                tokenIndices.Add(t);
            }
            result.Add(new PreparedSnippet(ids, [.. tokenPositions], [.. tokenIndices], pre, pre + kept));
        }
        return result;
    }

    /// <summary>A right-padded batch.</summary>
    internal static (long[,] Ids, long[,] Mask) Pad(IReadOnlyList<PreparedSnippet> batch, long padId, int? length = null)
    {
        int seq = Math.Max(length ?? 0, batch.Max(s => s.Ids.Length));
        var ids = new long[batch.Count, seq];
        var mask = new long[batch.Count, seq];
        for (int b = 0; b < batch.Count; b++)
            for (int p = 0; p < seq; p++)
            {
                bool real = p < batch[b].Ids.Length;
                ids[b, p] = real ? batch[b].Ids[p] : padId;
                mask[b, p] = real ? 1 : 0;
            }
        return (ids, mask);
    }
}
