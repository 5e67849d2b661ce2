using CodeNeurons.Analysis;
using CodeNeurons.Data;

namespace CodeNeurons.Tests.Analysis;

public class CcfsConfigFileTests : TempDirectoryTest
{
    private string Write(string json, string name = "config.json")
    {
        var path = Path.Combine(TempDir, name);
        File.WriteAllText(path, json);
        return path;
    }

    [Test]
    public void PathsResolveAgainstTheConfigFolderNotTheWorkingDirectory()
    {
        var sub = Directory.CreateDirectory(Path.Combine(TempDir, "data")).FullName;
        File.WriteAllText(Path.Combine(sub, "train.json"), "{}");
        File.WriteAllText(Path.Combine(sub, "dev.json"), "{}");
        File.WriteAllText(Path.Combine(sub, "dev.label"), "A\n");
        var path = Write("""{ "data": { "train": { "activations": "data/train.json" }, "dev": { "activations": "data/dev.json", "labels": "data/dev.label" } }, "pipeline": { "seed": 5 } }""");
        var config = CcfsConfigFile.Load(path);
        Assert.That(config.Data!.Train!.Activations, Is.EqualTo(Path.Combine(sub, "train.json")));
        Assert.That(config.Data.Dev!.Labels, Is.EqualTo(Path.Combine(sub, "dev.label")));
        Assert.That(config.Data.Test, Is.Null);
        Assert.That(config.Pipeline.Seed, Is.EqualTo(5));
        Assert.That(config.Implementation, Is.EqualTo(ProbeImplementation.Managed));

        File.WriteAllText(Path.Combine(sub, "c.in"), "a b\n");
        File.WriteAllText(Path.Combine(sub, "c.label"), "X Y\n");
        var corpus = CcfsConfigFile.Load(Write("""{ "data": { "corpus": { "tokens": ["data/c.in"], "labels": ["data/c.label"], "aggregation": "average" } }, "implementation": "torch" }""", "c.json"));
        Assert.That(corpus.Data!.Corpus!.Tokens, Is.EqualTo(new[] { Path.Combine(sub, "c.in") }));
        Assert.That(corpus.Data.Corpus.Aggregation, Is.EqualTo(TokenAggregation.Average));
        Assert.That(corpus.Implementation, Is.EqualTo(ProbeImplementation.Torch));
    }

    [TestCase("""{ "data": { "train": { "activations": "t" }, "dev": { "activations": "d" } }, "pipeline": null }""", "$.pipeline is null")]
    [TestCase("""{ "data": null }""", "\"data\" is missing")]
    [TestCase("""{ "data": { "corpus": { "tokens": null, "labels": [] } } }""", "$.data.corpus.tokens is null")]
    [TestCase("""{ "data": { "corpus": { "tokens": ["a.in", null], "labels": ["a.label", "b.label"] } } }""", "data.corpus.tokens[1] is null")]
    [TestCase("""{ "data": { "train": { "activations": null }, "dev": { "activations": "d" } } }""", "$.data.train.activations is null")]
    [TestCase("""{ "device": null, "data": {} }""", "$.device is null")]
    [TestCase("""{ "data": {}, "pipeline": { "probe": null } }""", "$.pipeline.probe is null")]
    [TestCase("""{ "data": { "trian": {} } }""", "unknown key $.data.trian")]
    [TestCase("""{ "data": {}, "pipeline": { "seeed": 1 } }""", "unknown key $.pipeline.seeed")]
    [TestCase("""{ "data": { "corpus": { "tokens": [], "labels": [], "modle": "x" } } }""", "unknown key $.data.corpus.modle")]
    [TestCase("""{ "data": """, "config.json")]
    [TestCase("null", "holds null")]
    public void BadConfigsAreClearErrorsNamingTheFileAndTheKey(string json, string expected)
    {
        var path = Write(json);
        var ex = Assert.Catch(() => CcfsConfigFile.Load(path));
        Assert.That(ex, Is.InstanceOf<InvalidDataException>().Or.InstanceOf<ArgumentException>());
        Assert.That(ex, Is.Not.InstanceOf<NullReferenceException>());
        Assert.That(ex!.Message, Does.Contain(expected));
        Assert.That(ex.Message, Does.StartWith(path));
    }

    [Test]
    public void MissingFilesAndBadSettingsAreNamed()
    {
        Assert.That(() => CcfsConfigFile.Load(Path.Combine(TempDir, "none.json")), Throws.TypeOf<FileNotFoundException>().With.Message.Contains("none.json"));
        var path = Write("""{ "data": { "train": { "activations": "t.json" }, "dev": { "activations": "d.json" } } }""");
        Assert.That(() => CcfsConfigFile.Load(path), Throws.TypeOf<FileNotFoundException>().With.Message.Contains("data.train.activations 't.json'"));
        path = Write("""{ "data": { "train": { "activations": "t.json" } } }""");
        Assert.That(() => CcfsConfigFile.Load(path), Throws.ArgumentException.With.Message.Contains("data.dev"));
        path = Write("""{ "data": { "train": { "activations": "t.json" } }, "pipeline": { "minimalSet": { "deltaPercent": -1 } } }""");
        Assert.That(() => CcfsConfigFile.Load(path), Throws.ArgumentException.With.Message.Contains("pipeline:"));
        File.WriteAllText(Path.Combine(TempDir, "a.in"), "x\n");
        File.WriteAllText(Path.Combine(TempDir, "a.label"), "X\n");
        path = Write("""{ "data": { "corpus": { "tokens": ["a.in"], "labels": ["a.label"], "aggregation": "none" } } }""");
        Assert.That(() => CcfsConfigFile.Load(path), Throws.ArgumentException.With.Message.Contains("data.corpus.aggregation"));
        path = Write("""{ "data": { "corpus": { "tokens": ["a.in"], "labels": ["a.label"], "preset": "python" } } }""");
        Assert.That(() => CcfsConfigFile.Load(path), Throws.ArgumentException.With.Message.Contains("preset 'python'").And.Message.Contains("python-four-classes"));
        path = Write("""{ "data": { "corpus": { "tokens": ["a.in"], "labels": ["a.label"], "preset": "python-four-classes" } } }""");
        Assert.That(CcfsConfigFile.Load(path).Data!.Corpus!.Preset, Is.EqualTo("python-four-classes"));
    }
    [Test]
    public void ShippedJavaConfigWithoutTheDataNamesTheExpectedPathAndTheDocs()
    {
        // A copy of docs/reproduction/java-minilm.json in an empty folder: what a user meets before fetching the data.
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CodeNeurons.sln"))) dir = dir.Parent;
        Assert.That(dir, Is.Not.Null, "repository root");
        string config = Path.Combine(TempDir, "java-minilm.json");
        File.Copy(Path.Combine(dir!.FullName, "docs", "reproduction", "java-minilm.json"), config);
        string expected = Path.Combine(TempDir, "data", "java-token-tagging", "train.in");

        var ex = Assert.Throws<FileNotFoundException>(() => CcfsConfigFile.Load(config))!;
        Assert.That(ex.Message, Does.StartWith(config).And.Contain("data.corpus file 'data/java-token-tagging/train.in'")
            .And.Contain("expected " + expected).And.Contain("docs/reproduction.md"));
        Assert.That(ex.FileName, Is.EqualTo(expected));

        // With the paper's files beside the config (here the fixture's first lines of them) it loads, paths resolved there.
        var data = Directory.CreateDirectory(Path.Combine(TempDir, "data", "java-token-tagging")).FullName;
        foreach (string name in new[] { "train.in", "train.label", "valid.in", "valid.label" })
            File.Copy(TestData.Fixture("java-token-tagging", name), Path.Combine(data, name));
        var corpus = CcfsConfigFile.Load(config).Data!.Corpus!;
        Assert.That(corpus.Tokens, Is.EqualTo(new[] { Path.Combine(data, "train.in"), Path.Combine(data, "valid.in") }));
        Assert.That(corpus.Labels, Is.EqualTo(new[] { Path.Combine(data, "train.label"), Path.Combine(data, "valid.label") }));
    }

    [Test]
    public void MissingCorpusFileWithoutThePaperPresetPointsAtTheCcfsDocs()
    {
        var path = Write("""{ "data": { "corpus": { "tokens": ["in/a.in"], "labels": ["in/a.label"] } } }""");
        var ex = Assert.Throws<FileNotFoundException>(() => CcfsConfigFile.Load(path))!;
        Assert.That(ex.Message, Does.Contain("expected " + Path.Combine(TempDir, "in", "a.in")).And.Contain("docs/ccfs.md")
            .And.Not.Contain("reproduction"));
    }
}
