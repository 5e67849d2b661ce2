using System.Text;
using CodeNeurons.Formats;
using CodeNeurons.Tokenization;

namespace CodeNeurons.Tests.Fuzzing;

/// <summary>
/// Inputs the fuzzing harness (fuzz/CodeNeurons.Fuzz, docs/fuzzing.md) found to raise undocumented exceptions or to leak,
/// reduced by hand; each is fixed in the reader and must stay fixed.
/// </summary>
public sealed class FuzzRegressionTests : TempDirectoryTest
{
    /// <summary>neurox-json: a token string with a byte that is not UTF-8 raised InvalidOperationException from GetString.</summary>
    [Test]
    public void NeuroxJsonTokenWithInvalidUtf8IsInvalidData()
    {
        byte[] line = [.. "{\"linex_index\": 0, \"features\": [{\"token\": \"a"u8, 0xFF, .. "b\", \"layers\": [{\"index\": 0, \"values\": [1.0]}]}]}\n"u8];
        string path = Path.Combine(TempDir, "acts.json");
        File.WriteAllBytes(path, line);

        var ex = Assert.Throws<InvalidDataException>(() => NeuroxJson.Read(path));
        Assert.That(ex!.Message, Does.Contain("not valid UTF-8").And.Contain("line 1"));
    }

    /// <summary>neurox-json: a key with a lone surrogate escape raised InvalidOperationException from ValueTextEquals (second fuzz run).</summary>
    [TestCase("{\"li\\ud800nex_index\": 0, \"features\": [{\"token\": \"a\", \"layers\": [{\"index\": 0, \"values\": [1.0]}]}]}\n")]
    [TestCase("{\"features\": [{\"token\": \"a\\udc00\", \"layers\": [{\"index\": 0, \"values\": [1.0]}]}]}\n")]
    [TestCase("{\"features\": [{\"token\": \"a\", \"lay\\ud800ers\": [{\"index\": 0, \"values\": [1.0]}]}]}\n")]
    public void NeuroxJsonLoneSurrogateIsInvalidData(string line)
    {
        string path = Path.Combine(TempDir, "acts.json");
        File.WriteAllText(path, line);
        Assert.Throws<InvalidDataException>(() => NeuroxJson.Read(path));
    }

    /// <summary>corpus: a lone surrogate escape in a .jsonl "text" raised InvalidOperationException from GetString.</summary>
    [Test]
    public void CorpusJsonlLoneSurrogateIsInvalidData()
    {
        string path = Path.Combine(TempDir, "corpus.jsonl");
        File.WriteAllText(path, "{\"text\": \"def f(x\\ud800  return x\"}\n");
        var ex = Assert.Throws<InvalidDataException>(() => CodeNeurons.Data.CorpusReader.Read(path));
        Assert.That(ex!.Message, Does.Contain("line 1"));
    }

    /// <summary>raw-folder: a class name with a byte that is not UTF-8 raised InvalidOperationException from JsonElement.GetString.</summary>
    [Test]
    public void RawMetaClassWithInvalidUtf8IsInvalidData()
    {
        string folder = Path.Combine(TempDir, "raw");
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "meta.json"), [.. "{\"tokens\": 1, \"neurons\": 1, \"classes\": [\"ok\", \""u8, 0xC3, .. "\"]}"u8]);
        File.WriteAllBytes(Path.Combine(folder, "X.f32"), new byte[4]);

        var ex = Assert.Throws<InvalidDataException>(() => RawActivationFolder.ReadMeta(folder));
        Assert.That(ex!.Message, Does.Contain("$.classes[1]"));
    }

    /// <summary>
    /// neurox-hdf5: a file PureHDF refused while opening (any non-HDF5 bytes) stayed open, so rewriting it in the same process
    /// failed with IOException "being used by another process".
    /// </summary>
    [TestCase("not an HDF5 file at all, just text long enough to pass the size check ...........")]
    [TestCase("\u0089HDF\r\n\u001a\n\0\0\0\0")]
    public void Hdf5RejectedWhileOpeningIsClosed(string content)
    {
        string path = Path.Combine(TempDir, "acts.hdf5");
        File.WriteAllBytes(path, Encoding.Latin1.GetBytes(content));

        Assert.Throws<InvalidDataException>(() => NeuroxHdf5.Read(path));
        Assert.DoesNotThrow(() => { using var fs = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None); });
    }

    /// <summary>
    /// neurox-hdf5: 6 KB files whose corrupt length fields made PureHDF allocate gigabytes; OutOfMemoryException escaped
    /// the reader (tests/Fixtures/fuzz/README.md).
    /// </summary>
    [TestCase("hdf5-oom-link.hdf5")]
    [TestCase("hdf5-oom-global-heap.hdf5")]
    public void Hdf5CorruptLengthIsInvalidData(string name)
    {
        var ex = Assert.Throws<InvalidDataException>(() => NeuroxHdf5.Read(TestData.Fixture("fuzz", name)));
        Assert.That(ex!.InnerException, Is.Not.Null);
    }

    /// <summary>
    /// tokenizer-json, bpe-vocab-merges: a vocabulary key or string that is not valid UTF-8, or a lone surrogate escape,
    /// raised InvalidOperationException from JsonElement.GetString/JsonProperty.Name.
    /// </summary>
    [TestCase(new byte[] { 0xFF })]
    [TestCase(new byte[] { (byte)'\\', (byte)'u', (byte)'d', (byte)'8', (byte)'0', (byte)'0' })]
    public void TokenizerJsonWithUndecodableStringIsFormatError(byte[] bad)
    {
        string vocabPath = Path.Combine(TempDir, "vocab.json"), mergesPath = Path.Combine(TempDir, "merges.txt");
        File.WriteAllBytes(vocabPath, [.. "{\"a\": 0, \"b"u8, .. bad, .. "\": 1}"u8]);
        File.WriteAllText(mergesPath, "#version: 0.2\n");
        Assert.Throws<TokenizerFormatException>(() => HfTokenizer.FromBpeFiles(vocabPath, mergesPath, TokenizerFlavor.Roberta));

        string tokenizerPath = Path.Combine(TempDir, "tokenizer.json");
        File.WriteAllBytes(tokenizerPath, [.. "{\"model\": {\"type\": \"WordPiece\", \"unk_token\": \"[UNK"u8, .. bad, .. "]\", \"vocab\": {\"[UNK]\": 0}}}"u8]);
        Assert.Throws<TokenizerFormatException>(() => HfTokenizer.FromTokenizerJson(tokenizerPath));
    }
}
