using CodeNeurons.Data;
using CodeNeurons.Formats;

namespace CodeNeurons.Tests.Formats;

/// <summary>Streaming sinks write the same files as the whole-set writers, and nothing when abandoned.</summary>
public class ActivationSinkTests : TempDirectoryTest
{
    private static ActivationSet Sample()
    {
        var layout = LayerLayout.Create(3, 4);
        var tokens = new[] { "public", "int", "x", "=", "42", ";", "return", "x", ";" };
        var sentences = new[] { 0, 0, 0, 0, 0, 0, 1, 1, 1 };
        var rng = new Random(5);
        var values = Enumerable.Range(0, tokens.Length * layout.Neurons).Select(_ => (float)(rng.NextDouble() * 4 - 2)).ToArray();
        return ActivationSet.Create(values, tokens.Length, layout, tokens, sentences);
    }

    private static void Stream(ActivationSet set, IActivationSink sink)
    {
        sink.Begin(set.Layout);
        int n = set.Neurons;
        foreach (var group in Enumerable.Range(0, set.Rows).GroupBy(r => set.SentenceIndices![r]))
        {
            var rows = group.ToArray();
            sink.Write(rows.Select(r => set.Tokens![r]).ToArray(), set.Values.Slice(rows[0] * n, rows.Length * n));
        }
        sink.Complete();
    }

    [TestCase("acts.json")]
    [TestCase("acts.hdf5")]
    [TestCase("raw")]
    public void StreamedFileReadsBackLikeTheWholeSetWriter(string name)
    {
        var set = Sample();
        string streamed = Path.Combine(TempDir, "s-" + name), whole = Path.Combine(TempDir, "w-" + name);
        using (var sink = ActivationSinks.Create(streamed)) Stream(set, sink);
        ActivationFile.Save(set, whole);
        var a = ActivationFile.Load(streamed);
        var b = ActivationFile.Load(whole);
        Assert.That(a.Values.ToArray(), Is.EqualTo(b.Values.ToArray()));
        Assert.That(a.Values.ToArray(), Is.EqualTo(set.Values.ToArray()));
        Assert.That(a.Layout, Is.EqualTo(set.Layout));
        if (name != "raw")
        {
            Assert.That(a.Tokens, Is.EqualTo(set.Tokens));
            Assert.That(a.SentenceIndices, Is.EqualTo(set.SentenceIndices));
        }
        Assert.That(Directory.GetFiles(TempDir, "*.tmp", SearchOption.AllDirectories), Is.Empty, "no scratch or temporary file left");
    }

    [Test]
    public void Float16Hdf5SinkRoundsLikeTheWriterAndRejectsOutOfRange()
    {
        var set = Sample();
        string path = Path.Combine(TempDir, "h.hdf5");
        using (var sink = ActivationSinks.Create(path, new ActivationSaveOptions { Precision = HdfPrecision.Float16 })) Stream(set, sink);
        var back = ActivationFile.Load(path);
        Assert.That(back.Values.ToArray(), Is.EqualTo(set.Values.ToArray().Select(v => (float)(Half)v).ToArray()));
        using var bad = ActivationSinks.Create(Path.Combine(TempDir, "bad.hdf5"), new ActivationSaveOptions { Precision = HdfPrecision.Float16 });
        bad.Begin(LayerLayout.Flat(2));
        var ex = Assert.Throws<ArgumentException>(() => bad.Write(["a"], [1f, 1e6f]));
        Assert.That(ex!.Message, Does.Contain("neuron 1").And.Contain("float16"));
    }

    [TestCase("acts.json")]
    [TestCase("acts.hdf5")]
    [TestCase("raw")]
    public void AbandonedSinkLeavesNoOutput(string name)
    {
        string path = Path.Combine(TempDir, name);
        using (var sink = ActivationSinks.Create(path))
        {
            sink.Begin(LayerLayout.Flat(2));
            sink.Write(["a", "b"], [1f, 2f, 3f, 4f]);
        }
        Assert.That(File.Exists(path) || File.Exists(Path.Combine(path, "X.f32")), Is.False);
        Assert.That(Directory.GetFiles(TempDir, "*", SearchOption.AllDirectories), Is.Empty);
    }

    [Test]
    public void BadCallsAreNamed()
    {
        using var sink = ActivationSinks.Create(Path.Combine(TempDir, "x.json"));
        Assert.Throws<InvalidOperationException>(() => sink.Write(["a"], [1f]));
        sink.Begin(LayerLayout.Flat(2));
        var ex = Assert.Throws<ArgumentException>(() => sink.Write(["a"], [1f]));
        Assert.That(ex!.Message, Does.Contain("1 tokens × 2 neurons"));
        ex = Assert.Throws<ArgumentException>(() => sink.Write(["a", "b"], [1f, 2f, float.NaN, 0f]));
        Assert.That(ex!.Message, Does.Contain("token 1").And.Contain("neuron 0"));
        Assert.Throws<DirectoryNotFoundException>(() => ActivationSinks.Create(Path.Combine(TempDir, "missing", "x.json")).Begin(LayerLayout.Flat(1)));
    }

    [Test]
    public void RawSinkWritesTheGivenLabelsAsYi32AndRefusesACountMismatchBeforePublishing()
    {
        var set = Sample();
        var labels = new RawLabels([0, 1, 1, 2, 0, 1, 2, 2, 0], ["ID", "KW", "OP"]);
        string folder = Path.Combine(TempDir, "raw");
        using (var sink = ActivationSinks.Create(folder, new ActivationSaveOptions { Labels = labels })) Stream(set, sink);
        var read = RawActivationFolder.ReadLabels(folder);
        Assert.That(read.Labels, Is.EqualTo(labels.Labels));
        Assert.That(read.Classes, Is.EqualTo(labels.Classes));
        Assert.That(ActivationFile.Load(folder).Values.ToArray(), Is.EqualTo(set.Values.ToArray()));

        string other = Path.Combine(TempDir, "short");
        var sinkShort = ActivationSinks.Create(other, new ActivationSaveOptions { Labels = labels with { Labels = labels.Labels[..8] } });
        var ex = Assert.Throws<InvalidDataException>(() => Stream(set, sinkShort));
        sinkShort.Dispose();
        Assert.That(ex!.Message, Does.Contain("8 labels").And.Contain("9 rows"));
        Assert.That(Directory.Exists(other), Is.False, "nothing published");
    }

    [Test]
    public void LabelsForACorpusFollowItsCodeTokens()
    {
        var labelsFile = Path.Combine(TempDir, "c.label");
        File.WriteAllLines(labelsFile, ["KW ID", "ID"]);
        var corpus = new[] { CodeSnippet.FromTokens(["int", "x"]), new CodeSnippet("y") };
        var labels = RawLabels.ForCorpus(NeuroxText.ReadLabels(labelsFile), corpus, onePerSnippet: false);
        Assert.That(labels.Classes, Is.EqualTo(new[] { "ID", "KW" }));
        Assert.That(labels.Labels, Is.EqualTo(new[] { 1, 0, 0 }));
        var ex = Assert.Throws<InvalidDataException>(() => RawLabels.ForCorpus(NeuroxText.ReadLabels(labelsFile), corpus, onePerSnippet: true));
        Assert.That(ex!.Message, Does.Contain("c.label line 1: 2 labels"));
    }

    [Test]
    public void InMemorySinkCollectsTokensAndSentences()
    {
        var set = Sample();
        using var sink = new InMemoryActivationSink();
        Stream(set, sink);
        Assert.That(sink.Result!.Values.ToArray(), Is.EqualTo(set.Values.ToArray()));
        Assert.That(sink.Result.Tokens, Is.EqualTo(set.Tokens));
        Assert.That(sink.Result.SentenceIndices, Is.EqualTo(set.SentenceIndices));
    }
}
