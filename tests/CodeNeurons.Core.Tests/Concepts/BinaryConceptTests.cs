using System.Text.RegularExpressions;
using CodeNeurons.Concepts;

namespace CodeNeurons.Tests.Concepts;

[TestFixture]
public class BinaryConceptTests
{
    private static readonly LabeledTokens Corpus = ConceptTestData.Corpus(5000);

    [Test]
    public void PredicateDatasetIsBalanced()
    {
        var d = BinaryConceptDataset.Create(Corpus, t => t.StartsWith('n'), new BinaryConceptOptions { Seed = 1 });
        Assert.That(d.ClassNames, Is.EqualTo(new[] { "negative", "positive" }));
        int positives = Corpus.Tokens.Count(t => t.StartsWith('n'));
        Assert.That(d.CountOf("positive"), Is.EqualTo(positives));
        Assert.That(d.CountOf("negative"), Is.EqualTo(positives));
        for (int i = 0; i < d.Count; i++)
            Assert.That(d.Labels[i] == 1, Is.EqualTo(d.Tokens[i].StartsWith('n')));
    }

    [Test]
    public void RegexAndWordListAgreeWithPredicate()
    {
        var byRegex = BinaryConceptDataset.Create(Corpus, new Regex(@"(pub|priv)$"), new BinaryConceptOptions { Seed = 2 });
        var byWords = BinaryConceptDataset.Create(Corpus, ["pub", "priv"], new BinaryConceptOptions { Seed = 2 });
        var byPred = BinaryConceptDataset.Create(Corpus, t => t is "pub" or "priv", new BinaryConceptOptions { Seed = 2 });
        Assert.That(byRegex.RowIndices, Is.EqualTo(byPred.RowIndices));
        Assert.That(byWords.RowIndices, Is.EqualTo(byPred.RowIndices));
        Assert.That(byWords.CountOf("positive"), Is.EqualTo(byWords.CountOf("negative")));
        // re.match semantics: anchored at the start only.
        var prefix = BinaryConceptDataset.Create(Corpus, new Regex("id1"), new BinaryConceptOptions { Balance = false });
        Assert.That(Enumerable.Range(0, prefix.Count).All(i => (prefix.Labels[i] == 1) == prefix.Tokens[i].StartsWith("id1")), Is.True);
    }

    [Test]
    public void SeedsAndCapsAndUnbalanced()
    {
        var a = BinaryConceptDataset.Create(Corpus, t => t.StartsWith('n'), new BinaryConceptOptions { Seed = 1 });
        var b = BinaryConceptDataset.Create(Corpus, t => t.StartsWith('n'), new BinaryConceptOptions { Seed = 1 });
        var c = BinaryConceptDataset.Create(Corpus, t => t.StartsWith('n'), new BinaryConceptOptions { Seed = 2 });
        Assert.That(a.RowIndices, Is.EqualTo(b.RowIndices));
        Assert.That(a.RowIndices, Is.Not.EqualTo(c.RowIndices));
        var capped = BinaryConceptDataset.Create(Corpus, t => t.StartsWith('n'), new BinaryConceptOptions { MaxPositives = 50 });
        Assert.That((capped.CountOf("positive"), capped.CountOf("negative")), Is.EqualTo((50, 50)));
        var all = BinaryConceptDataset.Create(Corpus, t => t.StartsWith('n'), new BinaryConceptOptions { Balance = false });
        Assert.That(all.Count, Is.EqualTo(Corpus.Count));
        // More positives than negatives: positives are down-sampled.
        var many = BinaryConceptDataset.Create(Corpus, t => !t.StartsWith('n'));
        Assert.That(many.CountOf("positive"), Is.EqualTo(many.CountOf("negative")));
    }

    [Test]
    public void BadInputs()
    {
        Assert.That(() => BinaryConceptDataset.Create(Corpus, _ => false), Throws.InvalidOperationException.With.Message.Contains("no positives"));
        Assert.That(() => BinaryConceptDataset.Create(Corpus, _ => true), Throws.InvalidOperationException.With.Message.Contains("no negatives"));
        Assert.That(() => BinaryConceptDataset.Create(Array.Empty<string>(), _ => true), Throws.ArgumentException.With.Message.Contains("no tokens"));
        Assert.That(() => BinaryConceptDataset.Create(Corpus, Array.Empty<string>()), Throws.ArgumentException.With.Message.Contains("empty"));
    }
}
