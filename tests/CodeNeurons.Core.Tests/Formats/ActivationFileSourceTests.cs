using CodeNeurons.Data;
using CodeNeurons.Formats;
using CodeNeurons.Tests.Contracts;

namespace CodeNeurons.Tests.Formats;

/// <summary>The activation-source contract on <see cref="ActivationFileSource"/>, plus its own rules.</summary>
[TestFixture]
public sealed class ActivationFileSourceTests : ActivationSourceContract
{
    private static readonly string[][] Sentences = [["int", "x", "=", "1", ";"], ["return", "x", ";"], ["x", "+=", "2", ";"], ["return", "x", ";"]];

    /// <summary>Stored rows: value = 100·sentence + 10·position + neuron, over a 2 × 3 layout.</summary>
    internal static ActivationSet Stored()
    {
        var layout = new LayerLayout(2, 3);
        var tokens = new List<string>();
        var sentences = new List<int>();
        var values = new List<float>();
        for (int s = 0; s < Sentences.Length; s++)
            for (int p = 0; p < Sentences[s].Length; p++)
            {
                tokens.Add(Sentences[s][p]);
                sentences.Add(s);
                for (int j = 0; j < layout.Neurons; j++) values.Add(100 * s + 10 * p + j);
            }
        return ActivationSet.Create([.. values], tokens.Count, layout, tokens, sentences);
    }

    protected override IActivationSource CreateSource() => new ActivationFileSource(Stored());

    protected override IReadOnlyList<CodeSnippet> Snippets() => [.. Sentences.Take(3).Select(CodeSnippet.FromTokens)];

    [Test]
    public void ASubsetInAnyOrderGetsItsStoredRows()
    {
        using var source = CreateSource();
        var set = source.Extract([CodeSnippet.FromTokens(Sentences[2]), CodeSnippet.FromTokens(Sentences[0])]);
        Assert.That(set.Rows, Is.EqualTo(9));
        Assert.That(set[0, 0], Is.EqualTo(200f));
        Assert.That(set[3, 5], Is.EqualTo(235f));
        Assert.That(set[4, 0], Is.EqualTo(0f));
        Assert.That(source is ActivationFileSource { Sentences: 3 }, "a repeated sentence is stored once");
    }

    [Test]
    public void ASnippetThatWasNotExtractedIsNamed()
    {
        using var source = CreateSource();
        var ex = Assert.Throws<InvalidDataException>(() => source.Extract([CodeSnippet.FromTokens(Sentences[0]), CodeSnippet.FromTokens(["y", ";"])]));
        Assert.That(ex!.Message, Does.Contain("snippet 1").And.Contain("y ;").And.Contain("matches no stored sentence"));
    }

    [Test]
    public void LoadsANeuroXFileAndRefusesSetsWithoutTokens()
    {
        string dir = Path.Combine(Path.GetTempPath(), "cn-afs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            string path = Path.Combine(dir, "acts.json");
            ActivationFile.Save(Stored(), path);
            using var source = ActivationFileSource.Load(path);
            var set = source.Extract([CodeSnippet.FromTokens(Sentences[1])]);
            Assert.That(set.Row(2).ToArray(), Is.EqualTo(new float[] { 120, 121, 122, 123, 124, 125 }));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
        var plain = ActivationSet.Create(new float[6], 1, new LayerLayout(2, 3));
        Assert.That(() => new ActivationFileSource(plain, "plain.json"), Throws.ArgumentException.With.Message.Contains("plain.json").And.Message.Contains("no tokens"));
    }
}
