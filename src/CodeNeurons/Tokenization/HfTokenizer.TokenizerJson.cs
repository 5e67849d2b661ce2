using System.Text.Json;

namespace CodeNeurons.Tokenization;

public sealed partial class HfTokenizer
{
    private static HfTokenizer FromTokenizerJson(string path, JsonElement? tokenizerConfig, JsonElement? specialTokensMap)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: missing.", path);
        using var doc = ParseJson(path);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new TokenizerFormatException(path, "expected a JSON object.");
        if (!root.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.Object)
            throw new TokenizerFormatException(path, "no \"model\" object.");

        // added tokens
        var added = new List<AddedToken>();
        if (root.TryGetProperty("added_tokens", out var at) && at.ValueKind == JsonValueKind.Array)
        {
            foreach (var a in at.EnumerateArray())
            {
                string? content = GetString(a, "content");
                int? id = GetInt(a, "id");
                if (content == null || id is not int aid || aid < 0)
                    throw new TokenizerFormatException(path, "an entry of \"added_tokens\" lacks a string \"content\" or a non-negative integer \"id\".");
                added.Add(new AddedToken(aid, content, GetBool(a, "special") ?? false, GetBool(a, "lstrip") ?? false, GetBool(a, "rstrip") ?? false));
            }
        }

        // model
        string? type = GetString(model, "type");
        bool hasMerges = model.TryGetProperty("merges", out var mergesEl);
        type ??= hasMerges ? "BPE" : model.TryGetProperty("continuing_subword_prefix", out _) ? "WordPiece" : null;
        if (type is not ("BPE" or "WordPiece"))
            throw new NotSupportedException($"{path}: model type '{type}' is not supported (supported: BPE, WordPiece).");
        if (!model.TryGetProperty("vocab", out var vocabEl) || vocabEl.ValueKind != JsonValueKind.Object)
            throw new TokenizerFormatException(path, $"model ({type}) has no \"vocab\" object.");
        BpeModel? bpe = null;
        WordPieceModel? wp = null;
        Dictionary<string, int> vocab;
        switch (type)
        {
            case "BPE":
            {
                vocab = ReadVocabObject(vocabEl, path);
                if (!string.IsNullOrEmpty(GetString(model, "continuing_subword_prefix")) || !string.IsNullOrEmpty(GetString(model, "end_of_word_suffix")))
                    throw new NotSupportedException($"{path}: BPE with a continuing_subword_prefix or end_of_word_suffix is not supported.");
                var merges = new List<(string, string)>();
                if (hasMerges && mergesEl.ValueKind == JsonValueKind.Array)
                {
                    int r = 0;
                    foreach (var m in mergesEl.EnumerateArray())
                    {
                        r++;
                        if (m.ValueKind == JsonValueKind.String)
                        {
                            var parts = m.GetString()!.Split(' ');
                            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
                                throw new TokenizerFormatException(path, $"merge {r} '{Truncate(m.GetString()!)}' is not two tokens separated by one space.");
                            merges.Add((parts[0], parts[1]));
                        }
                        else if (m.ValueKind == JsonValueKind.Array && m.GetArrayLength() == 2
                                 && m[0].ValueKind == JsonValueKind.String && m[1].ValueKind == JsonValueKind.String)
                        {
                            merges.Add((m[0].GetString()!, m[1].GetString()!));
                        }
                        else
                        {
                            throw new TokenizerFormatException(path, $"merge {r} is neither \"a b\" nor [\"a\", \"b\"].");
                        }
                    }
                }
                else if (hasMerges && mergesEl.ValueKind != JsonValueKind.Null)
                {
                    throw new TokenizerFormatException(path, "model.merges is not an array.");
                }
                bpe = new BpeModel(vocab, merges, path, GetString(model, "unk_token"), GetBool(model, "fuse_unk") ?? false, GetBool(model, "ignore_merges") ?? false,
                    GetBool(model, "byte_fallback") ?? false);
                break;
            }
            case "WordPiece":
                vocab = ReadVocabObject(vocabEl, path);
                wp = new WordPieceModel(vocab, GetString(model, "unk_token") ?? "[UNK]", GetString(model, "continuing_subword_prefix") ?? "##",
                    GetInt(model, "max_input_chars_per_word") ?? 100, path);
                break;
            default:
                throw new NotSupportedException($"{path}: model type '{type}' is not supported (supported: BPE, WordPiece).");
        }

        // normalizer
        BertNormalizerOptions? normalizer = null;
        PieceNormalizer? textNormalizer = null;
        if (root.TryGetProperty("normalizer", out var norm) && norm.ValueKind == JsonValueKind.Object)
        {
            string? nt = GetString(norm, "type");
            if (nt == "BertNormalizer")
            {
                normalizer = new BertNormalizerOptions(GetBool(norm, "clean_text") ?? true, GetBool(norm, "handle_chinese_chars") ?? true,
                    GetBool(norm, "strip_accents"), GetBool(norm, "lowercase") ?? true);
            }
            else
            {
                textNormalizer = ReadNormalizer(norm, path);
            }
        }

        // pre-tokenizer
        var pre = PreTokenizerKind.None;
        List<PreTokenizerStep>? steps = null;
        bool addPrefixSpace = false, useRegex = true;
        if (root.TryGetProperty("pre_tokenizer", out var pt) && pt.ValueKind == JsonValueKind.Object)
        {
            string? ptt = GetString(pt, "type");
            switch (ptt)
            {
                case "ByteLevel":
                    pre = PreTokenizerKind.ByteLevel;
                    addPrefixSpace = GetBool(pt, "add_prefix_space") ?? true;
                    useRegex = GetBool(pt, "use_regex") ?? true;
                    break;
                case "BertPreTokenizer":
                    pre = PreTokenizerKind.Bert;
                    break;
                default:
                    steps = [];
                    ReadPreTokenizerSteps(pt, path, steps);
                    break;
            }
        }

        // post-processor
        var post = PostProcessor.None;
        bool roberta = false, bertLike = false;
        if (root.TryGetProperty("post_processor", out var pp) && pp.ValueKind == JsonValueKind.Object)
            post = ReadPostProcessor(pp, path, ref roberta, ref bertLike);

        var flavor = wp != null ? TokenizerFlavor.Bert
            : roberta ? TokenizerFlavor.Roberta
            : pre == PreTokenizerKind.ByteLevel && post.Prefix.Count == 0 && post.Suffix.Count == 0 ? TokenizerFlavor.Gpt2
            : TokenizerFlavor.Custom;
        if (wp != null && !bertLike) flavor = TokenizerFlavor.Custom;

        var names = tokenizerConfig is { ValueKind: JsonValueKind.Object } || specialTokensMap is { ValueKind: JsonValueKind.Object }
            ? Override(SpecialNames(flavor, specialTokensMap), tokenizerConfig)
            : InferNames(flavor, post, added, GetString(model, "unk_token"));
        post = LlamaBosEos(post, tokenizerConfig, names, added, vocab, path);
        return new HfTokenizer(flavor, bpe, wp, normalizer, pre, addPrefixSpace, useRegex, post, added, names, textNormalizer, steps);
    }

    private static SpecialTokenNames InferNames(TokenizerFlavor flavor, PostProcessor post, List<AddedToken> added, string? modelUnk)
    {
        var d = DefaultNames(flavor);
        var present = new HashSet<string>(added.Select(a => a.Content), StringComparer.Ordinal);
        string? Keep(string? t) => t != null && present.Contains(t) ? t : null;
        string? cls = post.Prefix.Count > 0 ? post.Prefix[0].Token : Keep(d.Cls);
        string? sep = post.Suffix.Count > 0 ? post.Suffix[^1].Token : Keep(d.Sep);
        return new SpecialTokenNames(Keep(d.Bos) ?? (flavor == TokenizerFlavor.Roberta ? cls : null),
            Keep(d.Eos) ?? (flavor == TokenizerFlavor.Roberta ? sep : null),
            modelUnk ?? Keep(d.Unk), sep, Keep(d.Pad), cls, Keep(d.Mask));
    }

    private static PostProcessor ReadPostProcessor(JsonElement pp, string path, ref bool roberta, ref bool bertLike)
    {
        string? t = GetString(pp, "type");
        switch (t)
        {
            case "RobertaProcessing":
                roberta = true;
                return new PostProcessor(GetBool(pp, "trim_offsets") ?? true, GetBool(pp, "add_prefix_space") ?? true,
                    [ReadPair(pp, "cls", path)], [ReadPair(pp, "sep", path)]);
            case "BertProcessing":
                bertLike = true;
                return new PostProcessor(false, false, [ReadPair(pp, "cls", path)], [ReadPair(pp, "sep", path)]);
            case "ByteLevel":
                return new PostProcessor(GetBool(pp, "trim_offsets") ?? true, GetBool(pp, "add_prefix_space") ?? true, [], []);
            case "TemplateProcessing":
            {
                var prefix = new List<(int, string)>();
                var suffix = new List<(int, string)>();
                bool seenSeq = false;
                if (!pp.TryGetProperty("single", out var single) || single.ValueKind != JsonValueKind.Array)
                    throw new TokenizerFormatException(path, "TemplateProcessing has no \"single\" array.");
                pp.TryGetProperty("special_tokens", out var specials);
                foreach (var item in single.EnumerateArray())
                {
                    if (item.TryGetProperty("Sequence", out _))
                    {
                        seenSeq = true;
                        continue;
                    }
                    if (!item.TryGetProperty("SpecialToken", out var st) || GetString(st, "id") is not string sid)
                        throw new TokenizerFormatException(path, "TemplateProcessing item is neither Sequence nor SpecialToken.");
                    if (specials.ValueKind != JsonValueKind.Object || !specials.TryGetProperty(sid, out var spec)
                        || !spec.TryGetProperty("ids", out var ids) || !spec.TryGetProperty("tokens", out var toks)
                        || ids.ValueKind != JsonValueKind.Array || toks.ValueKind != JsonValueKind.Array || ids.GetArrayLength() != toks.GetArrayLength())
                        throw new TokenizerFormatException(path, $"TemplateProcessing special token '{sid}' is not described in \"special_tokens\".");
                    var list = seenSeq ? suffix : prefix;
                    for (int k = 0; k < ids.GetArrayLength(); k++)
                    {
                        if (!ids[k].TryGetInt32(out int id) || toks[k].ValueKind != JsonValueKind.String)
                            throw new TokenizerFormatException(path, $"TemplateProcessing special token '{sid}' has a bad id or token.");
                        list.Add((id, toks[k].GetString()!));
                    }
                }
                if (prefix.Count > 0 && suffix.Count > 0) bertLike = true;
                return new PostProcessor(false, false, prefix, suffix);
            }
            case "Sequence":
            {
                var result = PostProcessor.None;
                if (pp.TryGetProperty("processors", out var procs) && procs.ValueKind == JsonValueKind.Array)
                {
                    foreach (var p in procs.EnumerateArray())
                    {
                        var r = ReadPostProcessor(p, path, ref roberta, ref bertLike);
                        result = new PostProcessor(result.TrimOffsets || r.TrimOffsets, result.TrimOffsets ? result.TrimAddPrefixSpace : r.TrimAddPrefixSpace,
                            [.. result.Prefix, .. r.Prefix], [.. result.Suffix, .. r.Suffix]);
                    }
                }
                return result;
            }
            default:
                throw new NotSupportedException($"{path}: post_processor '{t}' is not supported.");
        }
    }

    private static (int, string) ReadPair(JsonElement pp, string key, string path)
    {
        if (pp.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Array && v.GetArrayLength() == 2
            && v[0].ValueKind == JsonValueKind.String && v[1].TryGetInt32(out int id))
            return (id, v[0].GetString()!);
        throw new TokenizerFormatException(path, $"post_processor.{key} is not [token, id].");
    }
}
