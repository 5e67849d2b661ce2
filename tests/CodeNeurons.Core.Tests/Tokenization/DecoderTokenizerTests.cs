using System.Text.Json;
using System.Text.Json.Nodes;
using CodeNeurons.Tokenization;

namespace CodeNeurons.Tests.Tokenization;

/// <summary>
/// The decoder families' <c>tokenizer.json</c>s (Fixtures/hf-decoders): Llama/CodeLlama SentencePiece-style BPE (Prepend +
/// Replace normalizer, byte fallback, BOS from tokenizer_config.json), Qwen2 (NFC, Qwen2 split regex, byte-level BPE) and
/// StarCoder2 (individual digits, byte-level BPE). Ids and tokens equal the fixture's references (transformers.js and an
/// independent interpreter of the Rust semantics).
/// </summary>
public sealed class DecoderTokenizerTests : TempDirectoryTest
{
    private static string Folder(string family) => TestData.Fixture("hf-decoders", "tiny-" + family);

    private static List<(string Text, int[] Ids, string[] Tokens)> Rows(string family)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(TestData.Fixture("hf-decoders", "tokenizer_expected.json")));
        return doc.RootElement.GetProperty(family).EnumerateArray().Select(r => (
            r.GetProperty("text").GetString()!,
            r.GetProperty("input_ids").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
            r.GetProperty("tokens").EnumerateArray().Select(e => e.GetString()!).ToArray())).ToList();
    }

    public static IEnumerable<TestCaseData> Cases()
    {
        foreach (var f in new[] { "llama", "qwen2", "starcoder2" })
            for (int i = 0; i < 7; i++) yield return new TestCaseData(f, i).SetName($"IdsAndTokensMatchReference({f}, row {i})");
    }

    [TestCaseSource(nameof(Cases))]
    public void IdsAndTokensMatchReference(string family, int row)
    {
        var (text, ids, tokens) = Rows(family)[row];
        var tok = HfTokenizer.Load(Folder(family));
        var enc = tok.Encode(text);
        Assert.That(enc.Ids, Is.EqualTo(ids), $"ids of {JsonSerializer.Serialize(text)}");
        Assert.That(enc.Tokens, Is.EqualTo(tokens));
        // Offsets: inside the text, non-decreasing starts, special tokens added by the post-processor at (0, 0).
        for (int i = 0; i < enc.Count; i++)
        {
            var (s, e) = enc.Offsets[i];
            Assert.That(s >= 0 && s <= e && e <= text.Length, $"offset {i} ({s}, {e})");
            if (i > 0 && enc.SpecialTokensMask[i] == 0 && enc.SpecialTokensMask[i - 1] == 0) Assert.That(s, Is.GreaterThanOrEqualTo(enc.Offsets[i - 1].Start));
            if (enc.SpecialTokensMask[i] == 1) Assert.That((s, e), Is.EqualTo((0, 0)));
        }
    }

    [Test]
    public void SpecialTokenIdsComeFromTheConfigs()
    {
        var llama = HfTokenizer.Load(Folder("llama"));
        var qwen = HfTokenizer.Load(Folder("qwen2"));
        var star = HfTokenizer.Load(Folder("starcoder2"));
        Assert.Multiple(() =>
        {
            Assert.That((llama.BosTokenId, llama.EosTokenId, llama.UnkTokenId, llama.PadTokenId), Is.EqualTo(((int?)1, (int?)2, (int?)0, (int?)null)));
            Assert.That((qwen.BosTokenId, qwen.EosTokenId, qwen.PadTokenId), Is.EqualTo(((int?)null, (int?)592, (int?)592)));
            Assert.That((star.BosTokenId, star.EosTokenId), Is.EqualTo(((int?)0, (int?)0)));
            Assert.That(llama.Encode("").Ids, Is.EqualTo(new[] { 1 }), "Llama adds <s>");
            Assert.That(qwen.Encode("").Ids, Is.Empty);
            Assert.That(star.Encode("").Ids, Is.Empty);
        });
    }

    [Test]
    public void LlamaOffsetsCoverTheSpaceBeforeAWordAndWholeCharactersForBytes()
    {
        var tok = HfTokenizer.Load(Folder("llama"));
        const string text = "def add(a, b):\n";
        var enc = tok.Encode(text);
        Assert.That(enc.Tokens[..3], Is.EqualTo(new[] { "<s>", "▁def", "▁a" }));
        Assert.That(enc.Offsets[1], Is.EqualTo((0, 3)), "the prepended ▁ takes the first character's span");
        Assert.That(enc.Offsets[2], Is.EqualTo((3, 5)), "▁a covers ' a'");
        Assert.That(enc.Offsets[^1], Is.EqualTo((14, 15)), "<0x0A> covers the newline");

        var emoji = tok.Encode("x 😀");
        int first = Array.IndexOf(emoji.Tokens, "<0xF0>");
        Assert.That(emoji.Tokens[first..(first + 4)], Is.EqualTo(new[] { "<0xF0>", "<0x9F>", "<0x98>", "<0x80>" }));
        foreach (var o in emoji.Offsets[first..(first + 4)]) Assert.That(o, Is.EqualTo((2, 4)), "each byte token spans the whole emoji");
    }

    [Test]
    public void Qwen2NfcComposesAndTheComposedTokenSpansBothCharacters()
    {
        var tok = HfTokenizer.Load(Folder("qwen2"));
        const string text = "cafe\u0301";
        var enc = tok.Encode(text);
        Assert.That(enc.Tokens[^2..], Is.EqualTo(new[] { "Ã", "©" }), "é as two byte-level characters");
        Assert.That(enc.Offsets[^1], Is.EqualTo((3, 5)));
        Assert.That(enc.Ids, Is.EqualTo(tok.Encode("café").Ids));
    }

    [TestCase("e\u0301", "é")]
    [TestCase("\u1100\u1161\u11A8", "각")]
    [TestCase("a\u0302\u0323", "ậ")] // reordered (dot below, class 220, before circumflex, 230), then composed twice
    [TestCase("\u212B", "Å")]        // a singleton decomposes and recomposes to the letter
    [TestCase("e\u0301\u0301", "é\u0301")]
    [TestCase("\u0301e", "\u0301e")] // a leading mark blocks nothing and composes with nothing
    public void NfcMatchesUnicode(string input, string expected)
    {
        var p = Nfc.Normalize(Piece.FromOriginal(input, 0, input.Length));
        Assert.That(p.Text, Is.EqualTo(expected));
        Assert.That(p.Starts[0], Is.EqualTo(0));
    }

    [TestCase("a\U0001D465 b", new[] { "a\U0001D465", " b" })]            // a letter outside the BMP is a letter
    [TestCase("x  = 12\r\n\r\n  y", new[] { "x", " ", " =", " ", "1", "2", "\r\n\r\n", " ", " y" })]
    [TestCase("It'S (a)", new[] { "It", "'S", " (", "a", ")" })]
    [TestCase("\tfoo\n", new[] { "\tfoo", "\n" })]
    public void Qwen2SplitFollowsTheRegex(string text, string[] expected)
    {
        var got = Qwen2Split.Matches(text).Select(m => text[m.Start..m.End]).ToArray();
        Assert.That(got, Is.EqualTo(expected));
    }

    [Test]
    public void Qwen2SplitAgreesWithDotNetRegexOnBmpText()
    {
        var regex = new System.Text.RegularExpressions.Regex(Qwen2Split.Pattern);
        var rng = new Random(3);
        const string alphabet = "ab Z1٣²  \t\r\n'sSRe(){}.,+-_é€😀";
        for (int n = 0; n < 500; n++)
        {
            var chars = new System.Text.StringBuilder();
            for (int k = rng.Next(1, 25); k > 0; k--)
            {
                int at = rng.Next(alphabet.Length);
                if (char.IsHighSurrogate(alphabet[at])) continue; // BMP only: .NET's regex sees UTF-16 units
                if (char.IsLowSurrogate(alphabet[at])) continue;
                chars.Append(alphabet[at]);
            }
            string text = chars.ToString();
            var expected = regex.Matches(text).Select(m => m.Value).ToArray();
            var got = Qwen2Split.Matches(text).Select(m => text[m.Start..m.End]).ToArray();
            Assert.That(got, Is.EqualTo(expected), JsonSerializer.Serialize(text));
        }
    }

    private string EditedLlama(Action<JsonObject> editConfig, Action<JsonObject>? editTokenizer = null)
    {
        string dir = Path.Combine(TempDir, "llama-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        foreach (var f in new[] { "tokenizer.json", "tokenizer_config.json" }) File.Copy(Path.Combine(Folder("llama"), f), Path.Combine(dir, f));
        var cfg = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "tokenizer_config.json")))!.AsObject();
        editConfig(cfg);
        File.WriteAllText(Path.Combine(dir, "tokenizer_config.json"), cfg.ToJsonString());
        if (editTokenizer != null)
        {
            var tj = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "tokenizer.json")))!.AsObject();
            editTokenizer(tj);
            File.WriteAllText(Path.Combine(dir, "tokenizer.json"), tj.ToJsonString());
        }
        return dir;
    }

    [Test]
    public void LlamaBosAndEosFollowTokenizerConfig()
    {
        var noBos = HfTokenizer.Load(EditedLlama(c => c["add_bos_token"] = false)).Encode("a b");
        Assert.That(noBos.Tokens, Is.EqualTo(new[] { "▁a", "▁b" }));
        var withEos = HfTokenizer.Load(EditedLlama(c => c["add_eos_token"] = true)).Encode("a b");
        Assert.That(withEos.Tokens, Is.EqualTo(new[] { "<s>", "▁a", "▁b", "</s>" }));
        Assert.That(withEos.SpecialTokensMask, Is.EqualTo(new[] { 1, 0, 0, 1 }));
    }

    [Test]
    public void MetaspacePreTokenizerEqualsTheLegacyNormalizerOnPlainText()
    {
        // The non-legacy Llama tokenizer.json: no normalizer, Metaspace(▁, prepend_scheme "first", split false).
        string dir = EditedLlama(c => c["legacy"] = false, t =>
        {
            t["normalizer"] = null;
            t["pre_tokenizer"] = new JsonObject { ["type"] = "Metaspace", ["replacement"] = "▁", ["prepend_scheme"] = "first", ["split"] = false };
        });
        var metaspace = HfTokenizer.Load(dir);
        var legacy = HfTokenizer.Load(Folder("llama"));
        foreach (var (text, ids, _) in Rows("llama").Where(r => !r.Text.Contains('<')))
            Assert.That(metaspace.Encode(text).Ids, Is.EqualTo(ids), text);
        // After a special token "first" adds no ▁ (the legacy normalizer does).
        Assert.That(metaspace.Encode("b</s>c").Tokens[^1], Is.Not.EqualTo(legacy.Encode("b</s>c").Tokens[^1]));
    }

    [Test]
    public void StarCoder2SplitsUnicodeDigitsLikeRust()
    {
        var tok = HfTokenizer.Load(Folder("starcoder2"));
        var enc = tok.Encode("x²٣12");
        Assert.That(enc.Tokens, Is.EqualTo(new[] { "x", "Â", "²", "Ù", "£", "1", "2" }));
    }

    // Hugging Face's SplitDelimiterBehavior examples ("the-final--countdown" split on "-") and a DeepSeek-Coder-style regex.
    [TestCase(null, "-", "Removed", new[] { "the", "final", "countdown" })]
    [TestCase(null, "-", "Isolated", new[] { "the", "-", "final", "-", "-", "countdown" })]
    [TestCase(null, "-", "MergedWithPrevious", new[] { "the-", "final-", "-", "countdown" })]
    [TestCase(null, "-", "MergedWithNext", new[] { "the", "-final", "-", "-countdown" })]
    [TestCase(null, "-", "Contiguous", new[] { "the", "-", "final", "--", "countdown" })]
    [TestCase(@"\p{N}{1,3}", null, "Isolated", new[] { "the-final--countdown" })]
    public void SplitBehavesAsHuggingFaceDocuments(string? regex, string? literal, string behavior, string[] expected)
    {
        var step = new PreTokenizerStep.SplitStep(regex, literal, Enum.Parse<SplitBehavior>(behavior), invert: false);
        const string text = "the-final--countdown";
        var output = new List<Piece>();
        step.Split(Piece.FromOriginal(text, 0, text.Length), output);
        Assert.That(output.Select(p => p.Text), Is.EqualTo(expected));
        foreach (var p in output) Assert.That(text.Substring(p.Starts[0], p.Ends[^1] - p.Starts[0]), Is.EqualTo(p.Text));
    }

    [Test]
    public void GenericRegexSplitIsolatesDigitGroups()
    {
        var step = new PreTokenizerStep.SplitStep(@"\p{N}{1,3}", null, SplitBehavior.Isolated, invert: false);
        var output = new List<Piece>();
        step.Split(Piece.FromOriginal("x = 1234567;", 0, 12), output);
        Assert.That(output.Select(p => p.Text), Is.EqualTo(new[] { "x = ", "123", "456", "7", ";" }));
    }
}
