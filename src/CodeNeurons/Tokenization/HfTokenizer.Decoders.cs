using System.Text.Json;

namespace CodeNeurons.Tokenization;

// tokenizer.json pieces of the decoder families: Llama/CodeLlama (SentencePiece-style BPE: Prepend/Replace or Metaspace,
// byte fallback, BOS per tokenizer_config.json), Qwen2 (NFC, Split with the Qwen2 regex, ByteLevel) and StarCoder2
// (Digits, ByteLevel); DeepSeek-Coder's Split regexes run on .NET's regex engine.
public sealed partial class HfTokenizer
{
    private static PieceNormalizer? ReadNormalizer(JsonElement norm, string path)
    {
        string? type = GetString(norm, "type");
        switch (type)
        {
            case "NFC":
                return new PieceNormalizer.NfcNormalizer();
            case "Prepend":
                return new PieceNormalizer.PrependNormalizer(GetString(norm, "prepend")
                    ?? throw new TokenizerFormatException(path, "normalizer Prepend has no \"prepend\" string."));
            case "Replace":
            {
                string? content = GetString(norm, "content");
                if (!norm.TryGetProperty("pattern", out var pattern) || content == null)
                    throw new TokenizerFormatException(path, "normalizer Replace needs \"pattern\" and \"content\".");
                if (GetString(pattern, "String") is not string literal)
                    throw new NotSupportedException($"{path}: normalizer Replace with a regex pattern is not supported (only {{\"String\": …}}).");
                return new PieceNormalizer.ReplaceNormalizer(literal, content);
            }
            case "Sequence":
            {
                var steps = new List<PieceNormalizer>();
                if (norm.TryGetProperty("normalizers", out var list) && list.ValueKind == JsonValueKind.Array)
                    foreach (var n in list.EnumerateArray())
                        if (ReadNormalizer(n, path) is { } step) steps.Add(step);
                return steps.Count == 0 ? null : steps.Count == 1 ? steps[0] : new PieceNormalizer.SequenceNormalizer(steps);
            }
            default:
                throw new NotSupportedException(
                    $"{path}: normalizer '{type}' is not supported (supported: none, BertNormalizer, NFC, Prepend, Replace with a string, Sequence of these).");
        }
    }

    private static void ReadPreTokenizerSteps(JsonElement pt, string path, List<PreTokenizerStep> steps)
    {
        string? type = GetString(pt, "type");
        switch (type)
        {
            case "Sequence":
                if (!pt.TryGetProperty("pretokenizers", out var list) || list.ValueKind != JsonValueKind.Array)
                    throw new TokenizerFormatException(path, "pre_tokenizer Sequence has no \"pretokenizers\" array.");
                foreach (var p in list.EnumerateArray()) ReadPreTokenizerSteps(p, path, steps);
                break;
            case "ByteLevel":
                steps.Add(new PreTokenizerStep.ByteLevelStep(GetBool(pt, "add_prefix_space") ?? true, GetBool(pt, "use_regex") ?? true));
                break;
            case "Digits":
                steps.Add(new PreTokenizerStep.DigitsStep(GetBool(pt, "individual_digits") ?? false));
                break;
            case "Metaspace":
            {
                string replacement = GetString(pt, "replacement") ?? "\u2581";
                if (replacement.Length != 1) throw new TokenizerFormatException(path, "Metaspace replacement must be one character.");
                var scheme = GetString(pt, "prepend_scheme") switch
                {
                    "always" => MetaspacePrepend.Always,
                    "first" => MetaspacePrepend.First,
                    "never" => MetaspacePrepend.Never,
                    null => GetBool(pt, "add_prefix_space") == false ? MetaspacePrepend.Never : MetaspacePrepend.Always,
                    var s => throw new TokenizerFormatException(path, $"Metaspace prepend_scheme '{s}' is not always, first or never."),
                };
                steps.Add(new PreTokenizerStep.MetaspaceStep(replacement[0], scheme, GetBool(pt, "split") ?? true));
                break;
            }
            case "Split":
            {
                if (!pt.TryGetProperty("pattern", out var pattern))
                    throw new TokenizerFormatException(path, "pre_tokenizer Split has no \"pattern\".");
                var behavior = GetString(pt, "behavior") switch
                {
                    "Removed" => SplitBehavior.Removed,
                    "Isolated" => SplitBehavior.Isolated,
                    "MergedWithPrevious" => SplitBehavior.MergedWithPrevious,
                    "MergedWithNext" => SplitBehavior.MergedWithNext,
                    "Contiguous" => SplitBehavior.Contiguous,
                    var b => throw new TokenizerFormatException(path, $"pre_tokenizer Split has an unknown behavior '{b}'."),
                };
                string? regex = GetString(pattern, "Regex"), literal = GetString(pattern, "String");
                if (regex == null && literal == null) throw new TokenizerFormatException(path, "pre_tokenizer Split pattern is neither {\"Regex\": …} nor {\"String\": …}.");
                try
                {
                    steps.Add(new PreTokenizerStep.SplitStep(regex, literal, behavior, GetBool(pt, "invert") ?? false));
                }
                catch (ArgumentException ex)
                {
                    throw new NotSupportedException($"{path}: the Split regex '{Truncate(regex!)}' does not compile on .NET: {ex.Message}", ex);
                }
                break;
            }
            default:
                throw new NotSupportedException(
                    $"{path}: pre_tokenizer '{type}' is not supported (supported: ByteLevel, BertPreTokenizer, Metaspace, Digits, Split, Sequence of these).");
        }
        if (steps.Count > 1 && steps[..^1].OfType<PreTokenizerStep.ByteLevelStep>().Any())
            throw new NotSupportedException($"{path}: a ByteLevel pre-tokenizer must be the last of a Sequence.");
    }

    /// <summary>
    /// transformers' <c>LlamaTokenizerFast</c> / <c>CodeLlamaTokenizerFast</c> rebuild the post-processor from
    /// <c>tokenizer_config.json</c>: <c>&lt;s&gt;</c> first when <c>add_bos_token</c> (default true), <c>&lt;/s&gt;</c> last
    /// when <c>add_eos_token</c> (default false), whatever <c>tokenizer.json</c> says.
    /// </summary>
    private static PostProcessor LlamaBosEos(PostProcessor post, JsonElement? tokenizerConfig, SpecialTokenNames names,
        List<AddedToken> added, Dictionary<string, int> vocab, string path)
    {
        string? cls = GetString(tokenizerConfig, "tokenizer_class");
        if (cls is null) return post;
        if (cls.EndsWith("Fast", StringComparison.Ordinal)) cls = cls[..^4];
        if (cls is not ("LlamaTokenizer" or "CodeLlamaTokenizer")) return post;
        (int, string) Token(string? name, string what)
        {
            if (name is null) throw new TokenizerFormatException(path, $"tokenizer_config.json asks for a {what} token but names none.");
            foreach (var a in added) if (a.Content == name) return (a.Id, name);
            return vocab.TryGetValue(name, out int id) ? (id, name) : throw new TokenizerFormatException(path, $"the {what} token '{name}' is not in the vocabulary.");
        }
        bool bos = GetBool(tokenizerConfig, "add_bos_token") ?? true, eos = GetBool(tokenizerConfig, "add_eos_token") ?? false;
        return post with
        {
            Prefix = bos ? [Token(names.Bos, "BOS")] : [],
            Suffix = eos ? [Token(names.Eos, "EOS")] : [],
        };
    }
}
