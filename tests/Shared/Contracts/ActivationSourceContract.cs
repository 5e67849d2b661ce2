using CodeNeurons.Data;

namespace CodeNeurons.Tests.Contracts;

/// <summary>
/// The <see cref="IActivationSource"/> contract: one row per code token, in snippet order, with the token strings;
/// a snippet's rows do not depend on the other snippets or their order; progress per snippet; cancellation leaves the
/// sink incomplete. Implementations: the TorchSharp transformer source (Torch tests) and <c>ActivationFileSource</c>
/// (core tests). A derived fixture supplies the source and snippets it can serve.
/// </summary>
public abstract class ActivationSourceContract
{
    /// <summary>A fresh source.</summary>
    protected abstract IActivationSource CreateSource();

    /// <summary>At least three snippets the source can serve (different token counts).</summary>
    protected abstract IReadOnlyList<CodeSnippet> Snippets();

    /// <summary>Absolute tolerance between two extractions of the same snippet in other batches.</summary>
    protected virtual double Tolerance => 0;

    [Test]
    public void RowsFollowTheCodeTokensInSnippetOrder()
    {
        using var source = CreateSource();
        var snippets = Snippets();
        var set = source.Extract(snippets);
        var words = snippets.SelectMany(s => s.ResolveTokens().Select(t => s.Text.Substring(t.Start, t.Length))).ToArray();
        Assert.That(set.Rows, Is.EqualTo(words.Length));
        Assert.That(set.Tokens, Is.EqualTo(words));
        Assert.That(set.Layout, Is.EqualTo(source.Layout));
        Assert.That(set.Neurons, Is.EqualTo(source.Layout.Neurons));
        var expectedSentences = snippets.SelectMany((s, i) => Enumerable.Repeat(i, s.ResolveTokens().Count)).ToArray();
        Assert.That(set.SentenceIndices, Is.EqualTo(expectedSentences));
        Assert.That(set.Values.ToArray().All(float.IsFinite), Is.True);
    }

    [Test]
    public void ASnippetsRowsDoNotDependOnTheOtherSnippets()
    {
        using var source = CreateSource();
        var snippets = Snippets();
        var all = source.Extract(snippets);
        var reversed = source.Extract(snippets.Reverse().ToArray());
        var alone = source.Extract([snippets[1]]);
        float[] Rows(ActivationSet set, int sentence) =>
            Enumerable.Range(0, set.Rows).Where(r => set.SentenceIndices![r] == sentence).SelectMany(r => set.Row(r).ToArray()).ToArray();
        Assert.That(Rows(reversed, snippets.Count - 2), Is.EqualTo(Rows(all, 1)).Within(Tolerance));
        Assert.That(Rows(alone, 0), Is.EqualTo(Rows(all, 1)).Within(Tolerance));
    }

    [Test]
    public void ProgressCountsEverySnippet()
    {
        using var source = CreateSource();
        var snippets = Snippets();
        var reports = new List<ExtractionProgress>();
        using var sink = new InMemoryActivationSink();
        source.Extract(snippets, sink, new Reports(reports));
        Assert.That(reports, Is.Not.Empty);
        Assert.That(reports[^1].SnippetsDone, Is.EqualTo(snippets.Count));
        Assert.That(reports[^1].RowsWritten, Is.EqualTo(sink.Result!.Rows));
    }

    [Test]
    public void CancellationLeavesTheSinkIncomplete()
    {
        using var source = CreateSource();
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        using var sink = new InMemoryActivationSink();
        Assert.That(() => source.Extract(Snippets(), sink, null, cts.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(sink.Result, Is.Null);
    }

    private sealed class Reports(List<ExtractionProgress> sink) : IProgress<ExtractionProgress>
    {
        public void Report(ExtractionProgress value) => sink.Add(value);
    }
}
