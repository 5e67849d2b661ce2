using CodeNeurons.Tokenization;
using CodeNeurons.Torch.Models;

namespace CodeNeurons.Torch.Training;

/// <summary>
/// Token ids of classification inputs as transformers' tokenizers build them: a snippet with the model's special tokens
/// (<c>[CLS] a [SEP]</c>, <c>&lt;s&gt; a &lt;/s&gt;</c>, GPT-2 none); a pair as one concatenated input (<c>[CLS] a [SEP] b [SEP]</c>,
/// <c>&lt;s&gt; a &lt;/s&gt;&lt;/s&gt; b &lt;/s&gt;</c>, GPT-2 <c>a b</c>), cut to at most <c>maxLength</c> tokens, the longer text first
/// (<c>truncation="longest_first"</c>, with the fast tokenizers' split: <see cref="PairLengths"/>). Token type ids are all 0 (the models here use none other). The fine-tuning builds its
/// inputs here, and <c>SnippetRepresentations</c> builds its joint pair inputs (<c>PairInput.Joint</c>) here too, so the analysis
/// reads exactly what the fine-tuned model was trained on.
/// </summary>
internal sealed class ClassifierInputs
{
    private readonly ICodeTokenizer _tokenizer;
    private readonly int[] _leading;
    private readonly int[] _trailing;
    private readonly int[] _between;
    private readonly bool _collapse;

    public ClassifierInputs(ICodeTokenizer tokenizer, HfModelConfig config, int maxLength, bool collapseWhitespace)
    {
        _tokenizer = tokenizer;
        _collapse = collapseWhitespace;
        MaxLength = maxLength;
        var empty = tokenizer.Encode(string.Empty, addSpecialTokens: true).Ids;
        // Encoders: one leading ([CLS] / <s>) and one trailing ([SEP] / </s>) special; GPT-2: none.
        _leading = empty.Length > 0 ? [empty[0]] : [];
        _trailing = empty.Length > 1 ? empty[1..] : [];
        _between = config.ModelType == "roberta" ? [.. _trailing, .. _trailing] : _trailing;
        int positions = PositionLimit(config);
        if (maxLength > positions)
            throw new ArgumentException(
                $"MaxLength is {maxLength} tokens, but the position table of this {config.ModelType} model (max_position_embeddings {config.MaxPositionEmbeddings}) allows at most {positions}.",
                "options");
        PadId = tokenizer.PadTokenId ?? (config.PadTokenId is long p ? (int)p : tokenizer.EosTokenId ?? 0);
    }

    public int MaxLength { get; }

    /// <summary>Special tokens of a pair input: leading, between the two texts and trailing (BERT 3, RoBERTa 4, GPT-2 0).</summary>
    public int PairSpecialTokens => _leading.Length + _between.Length + _trailing.Length;

    /// <summary>Most tokens one input may hold: the position table (RoBERTa's less its offset of pad id + 1).</summary>
    public static int PositionLimit(HfModelConfig config) =>
        config.MaxPositionEmbeddings - (config.ModelType == "roberta" ? (int)(config.PadTokenId ?? 1) + 1 : 0);

    /// <summary>The id padding positions hold (masked out): the tokenizer's pad token, else the config's, else end-of-text (GPT-2), else 0.</summary>
    public int PadId { get; }

    public int[] Encode(ClassificationExample e) => Encode(e.First, e.Second);

    /// <summary>The ids of one input: a snippet (<paramref name="second"/> null) or a pair, with the specials, cut to <see cref="MaxLength"/>.</summary>
    public int[] Encode(string first, string? second)
    {
        var a = Text(first);
        if (second is null)
        {
            int room = MaxLength - _leading.Length - _trailing.Length;
            return [.. _leading, .. a.AsSpan(0, Math.Min(a.Length, room)), .. _trailing];
        }
        var b = Text(second);
        int budget = MaxLength - _leading.Length - _between.Length - _trailing.Length;
        var (la, lb) = PairLengths(a.Length, b.Length, budget);
        return [.. _leading, .. a.AsSpan(0, la), .. _between, .. b.AsSpan(0, lb), .. _trailing];
    }

    /// <summary>
    /// How many tokens of each text a pair keeps under <c>longest_first</c>, as Hugging Face's fast (Rust) tokenizers decide
    /// it: nothing is cut when both fit; when the shorter text fits in half the budget, only the longer one is cut, to the
    /// rest; otherwise both are cut to half, the longer text (the second on a tie) keeping the odd token. transformers' slow
    /// Python tokenizers agree except on an exact tie with an odd budget, where they give the odd token to the first text.
    /// </summary>
    internal static (int First, int Second) PairLengths(int first, int second, int budget)
    {
        if (first + second <= budget) return (first, second);
        bool firstLonger = first > second;
        int shorter = Math.Min(first, second);
        int keepShorter, keepLonger;
        if (2 * shorter <= budget)
        {
            keepShorter = shorter;
            keepLonger = budget - shorter;
        }
        else
        {
            keepShorter = budget / 2;
            keepLonger = budget - keepShorter;
        }
        return firstLonger ? (keepLonger, keepShorter) : (keepShorter, keepLonger);
    }

    private int[] Text(string text)
    {
        if (_collapse) text = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return _tokenizer.Encode(text, addSpecialTokens: false).Ids;
    }

    /// <summary>A right-padded batch: ids and attention mask, [rows, longest].</summary>
    public (long[] Ids, long[] Mask, int Seq) Pad(IReadOnlyList<int[]> rows)
    {
        int seq = rows.Max(r => r.Length);
        var ids = new long[rows.Count * seq];
        var mask = new long[rows.Count * seq];
        Array.Fill(ids, PadId);
        for (int b = 0; b < rows.Count; b++)
            for (int p = 0; p < rows[b].Length; p++)
            {
                ids[b * seq + p] = rows[b][p];
                mask[b * seq + p] = 1;
            }
        return (ids, mask, seq);
    }
}
