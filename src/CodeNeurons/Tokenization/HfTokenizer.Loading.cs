using System.Text.Json;

namespace CodeNeurons.Tokenization;

public sealed partial class HfTokenizer
{
    private const string TokenizerJson = "tokenizer.json";
    private const string TokenizerConfigJson = "tokenizer_config.json";
    private const string ConfigJson = "config.json";
    private const string VocabJson = "vocab.json";
    private const string MergesTxt = "merges.txt";
    private const string VocabTxt = "vocab.txt";
    private const string SpecialTokensMapJson = "special_tokens_map.json";
    private const string AddedTokensJson = "added_tokens.json";

    /// <summary>
    /// Loads the tokenizer of a Hugging Face model folder. With <paramref name="preferTokenizerJson"/> (the default) a
    /// <c>tokenizer.json</c> is used when present, as HF's fast tokenizers do; otherwise the flavour is chosen from
    /// <c>tokenizer_config.json</c>'s <c>tokenizer_class</c>, then <c>config.json</c>'s <c>model_type</c>
    /// (roberta, bert, gpt2, t5 = CodeT5's RoBERTa tokenizer), then which files exist, and the older files are read
    /// (<c>vocab.json</c> + <c>merges.txt</c>, or <c>vocab.txt</c>).
    /// </summary>
    /// <param name="folder">The model folder.</param>
    /// <param name="preferTokenizerJson">Use <c>tokenizer.json</c> when it exists.</param>
    /// <returns>The tokenizer.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">A file the chosen flavour needs is missing (the message names it).</exception>
    /// <exception cref="TokenizerFormatException">A file is invalid (bad JSON, a merges line that does not parse, required special tokens missing).</exception>
    /// <exception cref="NotSupportedException">The folder holds a tokenizer kind this library does not implement (e.g. SentencePiece).</exception>
    public static HfTokenizer Load(string folder, bool preferTokenizerJson = true)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"Tokenizer folder '{folder}' does not exist.");
        string tcPath = Path.Combine(folder, TokenizerConfigJson);
        using var tokenizerConfig = File.Exists(tcPath) ? ParseJson(tcPath) : null;
        string stmPath = Path.Combine(folder, SpecialTokensMapJson);
        using var specialTokensMap = File.Exists(stmPath) ? ParseJson(stmPath) : null;
        string tjPath = Path.Combine(folder, TokenizerJson);
        if (preferTokenizerJson && File.Exists(tjPath))
            return FromTokenizerJson(tjPath, tokenizerConfig?.RootElement, specialTokensMap?.RootElement);

        string cPath = Path.Combine(folder, ConfigJson);
        using var config = File.Exists(cPath) ? ParseJson(cPath) : null;
        var flavor = ChooseFlavor(folder, tokenizerConfig?.RootElement, config?.RootElement);
        var tc = tokenizerConfig?.RootElement;
        var names = Override(Override(DefaultNames(flavor), specialTokensMap?.RootElement), tc);
        string atPath = Path.Combine(folder, AddedTokensJson);
        var extraAdded = File.Exists(atPath) ? ReadVocabJson(atPath, allowEmpty: true) : null;
        if (flavor == TokenizerFlavor.Bert)
        {
            return FromWordPieceVocab(Require(folder, VocabTxt, flavor),
                lowercase: GetBool(tc, "do_lower_case") ?? true,
                stripAccents: GetBool(tc, "strip_accents"),
                tokenizeChineseChars: GetBool(tc, "tokenize_chinese_chars") ?? true,
                names: names, extraAdded: extraAdded);
        }
        return FromBpeFiles(Require(folder, VocabJson, flavor), Require(folder, MergesTxt, flavor), flavor,
            addPrefixSpace: GetBool(tc, "add_prefix_space") ?? false,
            trimOffsets: GetBool(tc, "trim_offsets") ?? true,
            names: names, extraAdded: extraAdded);
    }

    /// <summary>
    /// Builds a byte-level BPE tokenizer from <c>vocab.json</c> and <c>merges.txt</c>, as
    /// <c>RobertaTokenizerFast</c> or <c>GPT2TokenizerFast</c> would with default settings.
    /// </summary>
    /// <param name="vocabJsonPath">Path of <c>vocab.json</c> (token → id).</param>
    /// <param name="mergesTxtPath">Path of <c>merges.txt</c> (optional <c>#version</c> line, then one "a b" pair per line).</param>
    /// <param name="flavor"><see cref="TokenizerFlavor.Roberta"/> or <see cref="TokenizerFlavor.Gpt2"/>.</param>
    /// <returns>The tokenizer.</returns>
    public static HfTokenizer FromBpeFiles(string vocabJsonPath, string mergesTxtPath, TokenizerFlavor flavor)
        => FromBpeFiles(vocabJsonPath, mergesTxtPath, flavor, false, true, DefaultNames(flavor), null);

    /// <summary>Builds a BERT WordPiece tokenizer from <c>vocab.txt</c>, as <c>BertTokenizerFast</c> would.</summary>
    /// <param name="vocabTxtPath">Path of <c>vocab.txt</c> (one token per line; the line number is the id).</param>
    /// <param name="lowercase">Lower-case (and strip accents), as for uncased models.</param>
    /// <returns>The tokenizer.</returns>
    public static HfTokenizer FromWordPieceVocab(string vocabTxtPath, bool lowercase)
        => FromWordPieceVocab(vocabTxtPath, lowercase, null, true, DefaultNames(TokenizerFlavor.Bert), null);

    /// <summary>
    /// Builds a tokenizer from a <c>tokenizer.json</c> alone (model BPE or WordPiece; normalizer none or BertNormalizer;
    /// pre-tokenizer ByteLevel or BertPreTokenizer; post-processor RobertaProcessing, BertProcessing, TemplateProcessing,
    /// ByteLevel or a Sequence of them). Special-token names are inferred from the post-processor and the added tokens.
    /// </summary>
    /// <param name="tokenizerJsonPath">Path of <c>tokenizer.json</c>.</param>
    /// <returns>The tokenizer.</returns>
    public static HfTokenizer FromTokenizerJson(string tokenizerJsonPath) => FromTokenizerJson(tokenizerJsonPath, null, null);

    // ---------------------------------------------------------------- flavour and special tokens

    private static TokenizerFlavor ChooseFlavor(string folder, JsonElement? tc, JsonElement? config)
    {
        string? cls = GetString(tc, "tokenizer_class");
        if (cls != null)
        {
            string c = cls.EndsWith("Fast", StringComparison.Ordinal) ? cls[..^4] : cls;
            switch (c)
            {
                case "RobertaTokenizer" or "BartTokenizer" or "LongformerTokenizer" or "MarkupLMTokenizer":
                    return TokenizerFlavor.Roberta;
                case "GPT2Tokenizer" or "CodeGenTokenizer" or "GPTNeoXTokenizer":
                    return TokenizerFlavor.Gpt2;
                case "BertTokenizer" or "DistilBertTokenizer" or "ElectraTokenizer" or "MPNetTokenizer":
                    return TokenizerFlavor.Bert;
                default:
                    throw new NotSupportedException(
                        $"{Path.Combine(folder, TokenizerConfigJson)}: tokenizer_class '{cls}' is not supported (supported: RoBERTa/GPT-2 byte-level BPE and BERT WordPiece); a tokenizer.json with a BPE or WordPiece model may still load.");
            }
        }
        string? modelType = GetString(config, "model_type");
        bool hasBpe = File.Exists(Path.Combine(folder, VocabJson)) && File.Exists(Path.Combine(folder, MergesTxt));
        switch (modelType)
        {
            case "roberta" or "bart" or "longformer" or "plbart":
                return TokenizerFlavor.Roberta;
            case "gpt2" or "gpt_neo" or "gpt_bigcode" or "codegen":
                return TokenizerFlavor.Gpt2;
            case "bert" or "distilbert" or "electra":
                return TokenizerFlavor.Bert;
            case "t5" when hasBpe:
                return TokenizerFlavor.Roberta; // CodeT5 ships RoBERTa's tokenizer
            case "t5":
                throw new NotSupportedException(
                    $"{folder}: a T5 model without vocab.json + merges.txt uses SentencePiece (spiece.model), which is not supported.");
        }
        if (File.Exists(Path.Combine(folder, VocabTxt))) return TokenizerFlavor.Bert;
        if (hasBpe)
        {
            var vocab = ReadVocabJson(Path.Combine(folder, VocabJson));
            return vocab.ContainsKey("<s>") && vocab.ContainsKey("</s>") ? TokenizerFlavor.Roberta : TokenizerFlavor.Gpt2;
        }
        throw new FileNotFoundException(
            $"{folder}: no tokenizer found: expected tokenizer.json, vocab.json + merges.txt (byte-level BPE) or vocab.txt (WordPiece).");
    }

    private static string Require(string folder, string file, TokenizerFlavor flavor)
    {
        string path = Path.Combine(folder, file);
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: missing; a {flavor} tokenizer without tokenizer.json needs {(flavor == TokenizerFlavor.Bert ? VocabTxt : VocabJson + " and " + MergesTxt)}.", path);
        return path;
    }

    private static SpecialTokenNames DefaultNames(TokenizerFlavor flavor) => flavor switch
    {
        TokenizerFlavor.Roberta => new("<s>", "</s>", "<unk>", "</s>", "<pad>", "<s>", "<mask>"),
        TokenizerFlavor.Gpt2 => new("<|endoftext|>", "<|endoftext|>", "<|endoftext|>", null, null, null, null),
        TokenizerFlavor.Bert => new(null, null, "[UNK]", "[SEP]", "[PAD]", "[CLS]", "[MASK]"),
        _ => new(null, null, null, null, null, null, null),
    };

    private static SpecialTokenNames SpecialNames(TokenizerFlavor flavor, JsonElement? tc) => Override(DefaultNames(flavor), tc);

    /// <summary>Special-token names of <paramref name="tc"/> (tokenizer_config.json or special_tokens_map.json) override <paramref name="d"/>.</summary>
    private static SpecialTokenNames Override(SpecialTokenNames d, JsonElement? tc)
    {
        if (tc is not { ValueKind: JsonValueKind.Object } e) return d;
        string? Pick(string key, string? fallback)
        {
            if (!e.TryGetProperty(key, out var v)) return fallback;
            return v.ValueKind switch
            {
                JsonValueKind.String => v.GetString(),
                JsonValueKind.Object when v.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String => c.GetString(),
                _ => null,
            };
        }
        return new(Pick("bos_token", d.Bos), Pick("eos_token", d.Eos), Pick("unk_token", d.Unk), Pick("sep_token", d.Sep),
            Pick("pad_token", d.Pad), Pick("cls_token", d.Cls), Pick("mask_token", d.Mask));
    }

    // ---------------------------------------------------------------- older files

    private static HfTokenizer FromBpeFiles(string vocabPath, string mergesPath, TokenizerFlavor flavor,
        bool addPrefixSpace, bool trimOffsets, SpecialTokenNames names, Dictionary<string, int>? extraAdded)
    {
        if (flavor is not (TokenizerFlavor.Roberta or TokenizerFlavor.Gpt2))
            throw new ArgumentException($"Byte-level BPE files need flavour Roberta or Gpt2, not {flavor}.", nameof(flavor));
        var vocab = ReadVocabJson(vocabPath);
        var merges = ReadMergesTxt(mergesPath);
        var model = new BpeModel(vocab, merges, mergesPath, null, false, false);
        var added = SpecialsAsAddedTokens(vocab, names, extraAdded);
        PostProcessor post;
        if (flavor == TokenizerFlavor.Roberta)
        {
            if (names.Cls == null || !vocab.TryGetValue(names.Cls, out int clsId))
                throw new TokenizerFormatException(vocabPath, $"the RoBERTa classification/begin token '{names.Cls}' is not in the vocabulary.");
            if (names.Sep == null || !vocab.TryGetValue(names.Sep, out int sepId))
                throw new TokenizerFormatException(vocabPath, $"the RoBERTa separator/end token '{names.Sep}' is not in the vocabulary.");
            post = new PostProcessor(trimOffsets, addPrefixSpace, [(clsId, names.Cls)], [(sepId, names.Sep)]);
        }
        else
        {
            post = PostProcessor.None;
        }
        return new HfTokenizer(flavor, model, null, null, PreTokenizerKind.ByteLevel, addPrefixSpace, true, post, added, names);
    }

    /// <summary>Builds a BERT WordPiece tokenizer from the lines of a <c>vocab.txt</c> held in memory (e.g. an embedded resource).</summary>
    /// <param name="vocabLines">The vocabulary, one token a line; the line number is the id.</param>
    /// <param name="sourceName">A name for the vocabulary in error messages.</param>
    /// <param name="lowercase">Lower-case (and strip accents), as for uncased models.</param>
    /// <returns>The tokenizer.</returns>
    public static HfTokenizer FromWordPieceVocab(IEnumerable<string> vocabLines, string sourceName, bool lowercase)
    {
        ArgumentNullException.ThrowIfNull(vocabLines);
        ArgumentNullException.ThrowIfNull(sourceName);
        return FromWordPieceVocab(sourceName, ToVocab(vocabLines, sourceName), lowercase, null, true, DefaultNames(TokenizerFlavor.Bert), null);
    }

    private static HfTokenizer FromWordPieceVocab(string vocabPath, bool lowercase, bool? stripAccents, bool tokenizeChineseChars,
        SpecialTokenNames names, Dictionary<string, int>? extraAdded)
        => FromWordPieceVocab(vocabPath, ReadVocabTxt(vocabPath), lowercase, stripAccents, tokenizeChineseChars, names, extraAdded);

    private static HfTokenizer FromWordPieceVocab(string vocabPath, Dictionary<string, int> vocab, bool lowercase, bool? stripAccents, bool tokenizeChineseChars,
        SpecialTokenNames names, Dictionary<string, int>? extraAdded)
    {
        foreach (var (what, tok) in new[] { ("classification", names.Cls), ("separator", names.Sep), ("unknown", names.Unk) })
        {
            if (tok == null || !vocab.ContainsKey(tok))
                throw new TokenizerFormatException(vocabPath, $"the BERT {what} token '{tok}' is not in the vocabulary.");
        }
        var model = new WordPieceModel(vocab, names.Unk!, "##", 100, vocabPath);
        var added = SpecialsAsAddedTokens(vocab, names, extraAdded);
        var post = new PostProcessor(false, false, [(vocab[names.Cls!], names.Cls!)], [(vocab[names.Sep!], names.Sep!)]);
        return new HfTokenizer(TokenizerFlavor.Bert, null, model, new BertNormalizerOptions(true, tokenizeChineseChars, stripAccents, lowercase),
            PreTokenizerKind.Bert, false, true, post, added, names);
    }

    /// <summary>
    /// Special tokens become added tokens (split out of the text); those missing from the vocabulary and from
    /// <c>added_tokens.json</c> get new ids, as in transformers. Entries of <c>added_tokens.json</c> are added tokens too.
    /// </summary>
    private static List<AddedToken> SpecialsAsAddedTokens(Dictionary<string, int> vocab, SpecialTokenNames names, Dictionary<string, int>? extra)
    {
        var result = new List<AddedToken>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int next = vocab.Count == 0 ? 0 : vocab.Values.Max() + 1;
        if (extra is { Count: > 0 }) next = Math.Max(next, extra.Values.Max() + 1);
        foreach (var t in new[] { names.Bos, names.Eos, names.Unk, names.Sep, names.Pad, names.Cls, names.Mask })
        {
            if (string.IsNullOrEmpty(t) || !seen.Add(t)) continue;
            int id = vocab.TryGetValue(t, out int v) ? v : extra != null && extra.TryGetValue(t, out int x) ? x : next++;
            result.Add(new AddedToken(id, t, true, false, false));
        }
        if (extra != null)
        {
            foreach (var (t, id) in extra)
                if (t.Length > 0 && seen.Add(t)) result.Add(new AddedToken(id, t, false, false, false));
        }
        return result;
    }

    internal static Dictionary<string, int> ReadVocabJson(string path, bool allowEmpty = false)
    {
        using var doc = ParseJson(path);
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
            throw new TokenizerFormatException(path, "expected a JSON object mapping tokens to ids.");
        return ReadVocabObject(doc.RootElement, path, allowEmpty);
    }

    private static Dictionary<string, int> ReadVocabObject(JsonElement obj, string path, bool allowEmpty = false)
    {
        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var p in obj.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetInt32(out int id) || id < 0)
                throw new TokenizerFormatException(path, $"the id of token '{p.Name}' is not a non-negative integer.");
            vocab[p.Name] = id;
        }
        if (vocab.Count == 0 && !allowEmpty) throw new TokenizerFormatException(path, "the vocabulary is empty.");
        return vocab;
    }

    internal static List<(string, string)> ReadMergesTxt(string path)
    {
        var merges = new List<(string, string)>();
        int lineNo = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNo++;
            string line = raw.TrimEnd('\r');
            if (lineNo == 1 && line.StartsWith("#version", StringComparison.Ordinal)) continue;
            if (line.Length == 0) continue;
            var parts = line.Split(' ');
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
                throw new TokenizerFormatException(path, $"line {lineNo} is not a merge of two tokens separated by one space: '{Truncate(line)}'.");
            merges.Add((parts[0], parts[1]));
        }
        return merges;
    }

    internal static Dictionary<string, int> ReadVocabTxt(string path) => ToVocab(File.ReadLines(path), path);

    private static Dictionary<string, int> ToVocab(IEnumerable<string> lines, string source)
    {
        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        int id = 0;
        foreach (var line in lines)
        {
            vocab[line.TrimEnd()] = id;
            id++;
        }
        if (vocab.Count == 0) throw new TokenizerFormatException(source, "the vocabulary is empty.");
        return vocab;
    }

    private static string Truncate(string s) => s.Length <= 80 ? s : s[..80] + "…";

    // ---------------------------------------------------------------- JSON helpers

    private static JsonDocument ParseJson(string path)
    {
        try
        {
            var doc = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256 });
            try
            {
                Formats.JsonStrings.Check(doc.RootElement, (what, inner) => new TokenizerFormatException(path, what + ".", inner));
            }
            catch
            {
                doc.Dispose();
                throw;
            }
            return doc;
        }
        catch (JsonException ex)
        {
            throw new TokenizerFormatException(path, $"invalid JSON: {ex.Message}", ex);
        }
    }

    private static string? GetString(JsonElement? e, string key)
        => e is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static bool? GetBool(JsonElement? e, string key)
        => e is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(key, out var v)
            ? v.ValueKind switch { JsonValueKind.True => true, JsonValueKind.False => false, _ => null }
            : null;

    private static int? GetInt(JsonElement? e, string key)
        => e is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i) ? i : null;
}
