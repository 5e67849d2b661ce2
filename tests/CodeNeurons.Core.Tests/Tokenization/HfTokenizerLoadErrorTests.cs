using CodeNeurons.Tokenization;

namespace CodeNeurons.Tests.Tokenization;

/// <summary>Bad folders and files give the documented exceptions, naming the file.</summary>
public sealed class HfTokenizerLoadErrorTests : TempDirectoryTest
{
    private static string Fixture(params string[] parts) => HfTokenizerParityTests.Dir(parts);

    private string Write(string name, string content)
    {
        string path = Path.Combine(TempDir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private void CopyBpe()
    {
        File.Copy(Fixture("bpe", "vocab.json"), Path.Combine(TempDir, "vocab.json"));
        File.Copy(Fixture("bpe", "merges.txt"), Path.Combine(TempDir, "merges.txt"));
    }

    [Test]
    public void MissingFolder()
        => Assert.Throws<DirectoryNotFoundException>(() => HfTokenizer.Load(Path.Combine(TempDir, "nope")));

    [Test]
    public void EmptyFolderNamesExpectedFiles()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => HfTokenizer.Load(TempDir));
        Assert.That(ex!.Message, Does.Contain("tokenizer.json").And.Contain("vocab.txt"));
    }

    [Test]
    public void MissingMergesNamesTheFile()
    {
        Write("config.json", """{"model_type": "roberta"}""");
        File.Copy(Fixture("bpe", "vocab.json"), Path.Combine(TempDir, "vocab.json"));
        var ex = Assert.Throws<FileNotFoundException>(() => HfTokenizer.Load(TempDir));
        Assert.That(ex!.FileName, Is.EqualTo(Path.Combine(TempDir, "merges.txt")));
    }

    [Test]
    public void CorruptMergesLine()
    {
        CopyBpe();
        File.AppendAllText(Path.Combine(TempDir, "merges.txt"), "a b c\n");
        Write("config.json", """{"model_type": "gpt2"}""");
        var ex = Assert.Throws<TokenizerFormatException>(() => HfTokenizer.Load(TempDir));
        Assert.That(ex!.FilePath, Does.EndWith("merges.txt"));
        Assert.That(ex.Message, Does.Contain("line"));
    }

    [Test]
    public void MergeOutsideVocabulary()
    {
        CopyBpe();
        File.AppendAllText(Path.Combine(TempDir, "merges.txt"), "\u0120 zzzz\n");
        var ex = Assert.Throws<TokenizerFormatException>(() =>
            HfTokenizer.FromBpeFiles(Path.Combine(TempDir, "vocab.json"), Path.Combine(TempDir, "merges.txt"), TokenizerFlavor.Gpt2));
        Assert.That(ex!.FilePath, Does.EndWith("merges.txt"));
    }

    [Test]
    public void RobertaVocabularyWithoutSpecialTokens()
    {
        Write("vocab.json", """{"a": 0, "b": 1, "ab": 2}""");
        Write("merges.txt", "#version: 0.2\na b\n");
        Write("tokenizer_config.json", """{"tokenizer_class": "RobertaTokenizer"}""");
        var ex = Assert.Throws<TokenizerFormatException>(() => HfTokenizer.Load(TempDir));
        Assert.That(ex!.FilePath, Does.EndWith("vocab.json"));
        Assert.That(ex.Message, Does.Contain("<s>"));
        // the same files as GPT-2 are fine
        Write("tokenizer_config.json", """{"tokenizer_class": "GPT2TokenizerFast"}""");
        Assert.That(HfTokenizer.Load(TempDir).Encode("ab").Ids, Is.EqualTo(new[] { 2 }));
    }

    [Test]
    public void BertVocabularyWithoutClsToken()
    {
        Write("vocab.txt", "[PAD]\n[UNK]\n[SEP]\na\n");
        Write("config.json", """{"model_type": "bert"}""");
        var ex = Assert.Throws<TokenizerFormatException>(() => HfTokenizer.Load(TempDir));
        Assert.That(ex!.FilePath, Does.EndWith("vocab.txt"));
        Assert.That(ex.Message, Does.Contain("[CLS]"));
    }

    [Test]
    public void InvalidJson()
    {
        Write("tokenizer.json", "{ \"model\": ");
        var ex = Assert.Throws<TokenizerFormatException>(() => HfTokenizer.Load(TempDir));
        Assert.That(ex!.FilePath, Does.EndWith("tokenizer.json"));
        Assert.That(ex.Message, Does.Contain("invalid JSON"));

        Write("tokenizer.json", "{}");
        Write("vocab.json", "[1, 2]");
        Write("merges.txt", "");
        var ex2 = Assert.Throws<TokenizerFormatException>(() => HfTokenizer.Load(TempDir, preferTokenizerJson: false));
        Assert.That(ex2!.FilePath, Does.EndWith("vocab.json"));
    }

    [Test]
    public void UnsupportedKindsSayWhy()
    {
        Write("config.json", """{"model_type": "t5"}""");
        File.WriteAllBytes(Path.Combine(TempDir, "spiece.model"), [0]);
        Assert.That(() => HfTokenizer.Load(TempDir), Throws.TypeOf<NotSupportedException>().With.Message.Contains("SentencePiece"));

        Write("tokenizer.json", """{"model": {"type": "Unigram", "vocab": [["a", 0.0]]}}""");
        Assert.That(() => HfTokenizer.Load(TempDir), Throws.TypeOf<NotSupportedException>().With.Message.Contains("Unigram"));
    }

    [Test]
    public void TokenizerJsonAloneWorks()
    {
        foreach (var model in new[] { "tiny-roberta", "tiny-gpt2", "tiny-bert" })
        {
            File.Copy(Fixture(model, "tokenizer.json"), Path.Combine(TempDir, "tokenizer.json"), overwrite: true);
            var flavor = model switch { "tiny-roberta" => "roberta", "tiny-gpt2" => "gpt2", _ => "bert" };
            var tok = HfTokenizer.Load(TempDir);
            foreach (var s in HfTokenizerParityTests.Snippets(flavor))
                Assert.That(tok.Encode(s.Text).Ids, Is.EqualTo(s.Ids), model);
        }
    }
}

/// <summary>Older hub layouts: <c>special_tokens_map.json</c> and <c>added_tokens.json</c> (e.g. CodeGPT).</summary>
public sealed class HfTokenizerOlderLayoutTests : TempDirectoryTest
{
    [Test]
    public void AddedTokensJsonAndSpecialTokensMap()
    {
        File.Copy(HfTokenizerParityTests.Dir("bpe", "vocab.json"), Path.Combine(TempDir, "vocab.json"));
        File.Copy(HfTokenizerParityTests.Dir("bpe", "merges.txt"), Path.Combine(TempDir, "merges.txt"));
        File.WriteAllText(Path.Combine(TempDir, "config.json"), """{"model_type": "gpt2"}""");
        File.WriteAllText(Path.Combine(TempDir, "added_tokens.json"), """{"<|endoftext|>": 600, "<PAD>": 601, "<EOL>": 602}""");
        File.WriteAllText(Path.Combine(TempDir, "special_tokens_map.json"), """{"pad_token": {"content": "<PAD>"}, "bos_token": "<|endoftext|>"}""");
        var tok = HfTokenizer.Load(TempDir);
        Assert.Multiple(() =>
        {
            Assert.That(tok.Flavor, Is.EqualTo(TokenizerFlavor.Gpt2));
            Assert.That(tok.PadTokenId, Is.EqualTo(601));
            Assert.That(tok.BosTokenId, Is.EqualTo(600));
            Assert.That(tok.VocabSize, Is.EqualTo(603));
            var enc = tok.Encode("a<EOL>b");
            Assert.That(enc.Ids[1], Is.EqualTo(602));
            Assert.That(enc.Offsets[1], Is.EqualTo((1, 6)));
        });
    }
}

/// <summary>Settings of <c>tokenizer.json</c> that the fixtures leave at their defaults.</summary>
public sealed class HfTokenizerJsonSettingsTests : TempDirectoryTest
{
    [Test]
    public void AddPrefixSpaceKeepsTheFirstTokenUntrimmed()
    {
        string json = File.ReadAllText(HfTokenizerParityTests.Dir("tiny-roberta", "tokenizer.json"))
            .Replace("\"add_prefix_space\": false", "\"add_prefix_space\": true", StringComparison.Ordinal);
        Assert.That(json, Does.Contain("\"add_prefix_space\": true"));
        string path = Path.Combine(TempDir, "tokenizer.json");
        File.WriteAllText(path, json);
        var enc = HfTokenizer.FromTokenizerJson(path).Encode("def f", addSpecialTokens: false);
        Assert.Multiple(() =>
        {
            Assert.That(enc.Tokens[0], Does.StartWith("\u0120"));
            Assert.That(enc.Offsets[0], Is.EqualTo((0, 3)), "the added space is not trimmed from the first token");
            Assert.That(enc.Offsets[^1], Is.EqualTo((4, 5)), "a real space is trimmed");
        });
    }
}
