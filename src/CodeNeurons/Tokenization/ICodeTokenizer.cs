namespace CodeNeurons.Tokenization;

/// <summary>A tokenizer that reproduces a Hugging Face fast tokenizer: same ids, tokens and offsets.</summary>
public interface ICodeTokenizer
{
    /// <summary>The tokenizer family.</summary>
    TokenizerFlavor Flavor { get; }

    /// <summary>Number of ids: the model vocabulary plus added tokens (the largest id + 1).</summary>
    int VocabSize { get; }

    /// <summary>Id of the padding token, or null when the tokenizer has none (GPT-2).</summary>
    int? PadTokenId { get; }

    /// <summary>Id of the beginning-of-sequence token, or null.</summary>
    int? BosTokenId { get; }

    /// <summary>Id of the end-of-sequence token, or null.</summary>
    int? EosTokenId { get; }

    /// <summary>Id of the classification token put first (<c>[CLS]</c>, <c>&lt;s&gt;</c>), or null.</summary>
    int? ClsTokenId { get; }

    /// <summary>Id of the separator token put last (<c>[SEP]</c>, <c>&lt;/s&gt;</c>), or null.</summary>
    int? SepTokenId { get; }

    /// <summary>Id of the unknown token, or null.</summary>
    int? UnkTokenId { get; }

    /// <summary>Id of the mask token, or null.</summary>
    int? MaskTokenId { get; }

    /// <summary>Tokenizes <paramref name="text"/>. Never throws on any string (lone surrogates become U+FFFD bytes or are dropped as HF's cleaning does).</summary>
    /// <param name="text">The text.</param>
    /// <param name="addSpecialTokens">Whether the post-processor adds its special tokens (<c>[CLS]</c>/<c>[SEP]</c>, <c>&lt;s&gt;</c>/<c>&lt;/s&gt;</c>).</param>
    /// <returns>Ids, tokens, offsets and special-token mask.</returns>
    TokenEncoding Encode(string text, bool addSpecialTokens = true);

    /// <summary>The id of a token string (vocabulary or added token), or null.</summary>
    /// <param name="token">Token string as in the vocabulary.</param>
    /// <returns>The id, or null when unknown.</returns>
    int? TokenToId(string token);

    /// <summary>The token string of an id, or null when out of range.</summary>
    /// <param name="id">Token id.</param>
    /// <returns>The token string, or null.</returns>
    string? IdToToken(int id);
}
