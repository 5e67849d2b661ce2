using CodeNeurons.Concepts;
using CodeNeurons.Data;

namespace CodeNeurons.Tests.Concepts;

[TestFixture]
public class ProbingDatasetTests
{
    private static readonly LabeledTokens Corpus = ConceptTestData.Corpus();

    [Test]
    public void CountsPerClassAreExact()
    {
        var ds = ProbingDatasetBuilder.Build(Corpus, ConceptTestData.Options());
        Assert.That(ds.ClassNames, Is.EqualTo(new[] { "IDENT", "NUMBER", "MOD" }));
        foreach (var c in ds.ClassNames)
        {
            Assert.That(ds.Train.CountOf(c), Is.EqualTo(1000), c);
            Assert.That(ds.Valid.CountOf(c), Is.EqualTo(150), c);
            Assert.That(ds.Test.CountOf(c), Is.EqualTo(200), c);
        }
        Assert.That(ds.Train.LabelNames().Distinct(), Is.EquivalentTo(new[] { "IDENT", "NUMBER", "MOD" }));
    }

    [Test]
    public void LabelsMatchTheSourceRowsAndRowsAreDistinct()
    {
        var ds = ProbingDatasetBuilder.Build(Corpus, ConceptTestData.Options());
        var all = new HashSet<int>();
        foreach (var split in new[] { ds.Train, ds.Valid, ds.Test })
        {
            for (int i = 0; i < split.Count; i++)
            {
                int r = split.RowIndices[i];
                Assert.That(all.Add(r), Is.True, $"row {r} used twice");
                Assert.That(Corpus.Labels[r], Is.EqualTo(split.ClassNames[split.Labels[i]]));
                Assert.That(Corpus.Tokens[r], Is.EqualTo(split.Tokens[i]));
                Assert.That(Corpus.SentenceIndices[r], Is.EqualTo(split.SentenceIndices[i]));
                if (i > 0) Assert.That(r, Is.GreaterThan(split.RowIndices[i - 1]));
            }
        }
    }

    [Test]
    public void SameSeedSameDatasetOtherSeedDiffers()
    {
        var a = ProbingDatasetBuilder.Build(Corpus, ConceptTestData.Options(7));
        var b = ProbingDatasetBuilder.Build(Corpus, ConceptTestData.Options(7));
        var c = ProbingDatasetBuilder.Build(Corpus, ConceptTestData.Options(8));
        Assert.That(a.Train.RowIndices, Is.EqualTo(b.Train.RowIndices));
        Assert.That(a.Valid.RowIndices, Is.EqualTo(b.Valid.RowIndices));
        Assert.That(a.Test.RowIndices, Is.EqualTo(b.Test.RowIndices));
        Assert.That(a.Train.Labels, Is.EqualTo(b.Train.Labels));
        Assert.That(a.Train.RowIndices, Is.Not.EqualTo(c.Train.RowIndices));
        Assert.That(a.Test.RowIndices, Is.Not.EqualTo(c.Test.RowIndices));
    }

    [Test]
    public void SplitsAreLexicallyDisjoint()
    {
        var ds = ProbingDatasetBuilder.Build(Corpus, ConceptTestData.Options(3));
        var train = ds.Train.Tokens.ToHashSet();
        var valid = ds.Valid.Tokens.ToHashSet();
        var test = ds.Test.Tokens.ToHashSet();
        Assert.That(test.Overlaps(train), Is.False, "test ∩ train");
        Assert.That(test.Overlaps(valid), Is.False, "test ∩ valid");
        // Valid is held out from train too, except closed-class valid tokens drawn from the train words.
        var shared = valid.Intersect(train).ToArray();
        Assert.That(shared, Is.SubsetOf(new[] { "pub", "priv", "stat" }));
        foreach (var (w, s) in ds.WordTypeSplits)
        {
            if (s == DatasetSplit.Test) Assert.That(train.Contains(w) || valid.Contains(w), Is.False, w);
        }
    }

    [Test]
    public void ClosedClassWordListsAreRespected()
    {
        var ds = ProbingDatasetBuilder.Build(Corpus, ConceptTestData.Options(5));
        string[] ModTokens(ProbingSplit s) => Enumerable.Range(0, s.Count).Where(i => s.ClassNames[s.Labels[i]] == "MOD").Select(i => s.Tokens[i]).Distinct().ToArray();
        Assert.That(ModTokens(ds.Train), Is.SubsetOf(new[] { "pub", "priv", "stat" }));
        Assert.That(ModTokens(ds.Valid), Is.SubsetOf(new[] { "pub", "priv", "stat" }));
        Assert.That(ModTokens(ds.Test), Is.SubsetOf(new[] { "fin", "sync" }));
        Assert.That(ds.Train.Tokens.Concat(ds.Valid.Tokens).Concat(ds.Test.Tokens), Has.None.EqualTo("vol"), "words in no list are dropped");
        Assert.That(ds.WordTypeSplits["fin"], Is.EqualTo(DatasetSplit.Test));
    }

    [Test]
    public void AThirdValidWordListIsUsed()
    {
        var o = ConceptTestData.Options() with
        {
            TrainPerClass = 600,
            ClosedClassSplits = new Dictionary<string, ClosedClassWords> { ["MOD"] = new(["pub", "priv"], ["fin", "sync"], Valid: ["stat"]) },
        };
        var ds = ProbingDatasetBuilder.Build(Corpus, o);
        var valid = ds.Valid.Tokens.ToHashSet();
        var train = ds.Train.Tokens.ToHashSet();
        Assert.That(valid, Does.Contain("stat"));
        Assert.That(valid.Overlaps(train), Is.False);
        Assert.That(ds.Valid.CountOf("MOD"), Is.EqualTo(150));
    }

    [Test]
    public void NotLexicallyDisjointSharesTypes()
    {
        var ds = ProbingDatasetBuilder.Build(Corpus, ConceptTestData.Options() with { LexicallyDisjoint = false });
        Assert.That(ds.Test.Tokens.ToHashSet().Overlaps(ds.Train.Tokens), Is.True);
        Assert.That(ds.WordTypeSplits, Is.Empty);
        Assert.That(ds.Test.CountOf("IDENT"), Is.EqualTo(200));
    }

    [Test]
    public void AllLabelsWhenNoClassesGiven()
    {
        var ds = ProbingDatasetBuilder.Build(Corpus, new ProbingDatasetOptions { TrainPerClass = 100, ValidPerClass = 10, TestPerClass = 10, LexicallyDisjoint = false });
        Assert.That(ds.ClassNames, Is.EqualTo(new[] { "IDENT", "MOD", "NUMBER", "PUNCT" }));
    }

    [Test]
    public void TooFewTokensNamesClassSplitAndCounts()
    {
        var o = ConceptTestData.Options() with { TrainPerClass = 100000 };
        var ex = Assert.Throws<InvalidOperationException>(() => ProbingDatasetBuilder.Build(Corpus, o))!;
        Assert.That(ex.Message, Does.Match(@"Class IDENT has [\d,]+ train tokens, 100,000 requested"));
        var ok = ProbingDatasetBuilder.Build(Corpus, o with { Shortfall = ShortfallPolicy.TakeAvailable });
        Assert.That(ok.Train.CountOf("IDENT"), Is.LessThan(100000).And.GreaterThan(1000));
    }

    [Test]
    public void TooFewClosedClassTestTokensNamesTheWords()
    {
        var o = ConceptTestData.Options() with { TestPerClass = 5000 };
        var ex = Assert.Throws<InvalidOperationException>(() => ProbingDatasetBuilder.Build(Corpus, o with { Classes = ["MOD"] }))!;
        Assert.That(ex.Message, Does.StartWith("Class MOD has ").And.Contain("test tokens, 5,000 requested").And.Contain("fin sync"));
    }

    [Test]
    public void BadInputsAreNamed()
    {
        Assert.That(() => ProbingDatasetBuilder.Build(Corpus, ConceptTestData.Options() with { Classes = ["IDENT", "NOPE"] }),
            Throws.ArgumentException.With.Message.Contains("'NOPE'"));
        Assert.That(() => ProbingDatasetBuilder.Build(Corpus, ConceptTestData.Options() with { Classes = ["IDENT", "IDENT"] }),
            Throws.ArgumentException.With.Message.Contains("'IDENT' is listed twice"));
        Assert.That(() => ProbingDatasetBuilder.Build(LabeledTokens.Create([], []), ConceptTestData.Options()),
            Throws.ArgumentException.With.Message.Contains("no labelled tokens"));
        Assert.That(() => ProbingDatasetBuilder.Build(Corpus, ConceptTestData.Options() with { TrainPerClass = -1 }),
            Throws.ArgumentException.With.Message.Contains("train count"));
        var overlap = ConceptTestData.Options() with
        {
            ClosedClassSplits = new Dictionary<string, ClosedClassWords> { ["MOD"] = new(["pub", "fin"], ["fin", "sync"]) },
        };
        Assert.That(() => ProbingDatasetBuilder.Build(Corpus, overlap), Throws.ArgumentException.With.Message.Contains("'fin'"));
        var crossClass = ConceptTestData.Options() with
        {
            ClosedClassSplits = new Dictionary<string, ClosedClassWords>
            {
                ["MOD"] = new(["pub"], ["fin"]),
                ["NUMBER"] = new(["fin"], ["n1"]),
            },
        };
        Assert.That(() => ProbingDatasetBuilder.Build(Corpus, crossClass), Throws.ArgumentException.With.Message.Contains("'fin'"));
        var notAClass = ConceptTestData.Options() with
        {
            ClosedClassSplits = new Dictionary<string, ClosedClassWords> { ["PUNCT"] = new([";"], [","]) },
        };
        Assert.That(() => ProbingDatasetBuilder.Build(Corpus, notAClass), Throws.ArgumentException.With.Message.Contains("'PUNCT'"));
    }

    [Test]
    public void ToActivationsGathersRows()
    {
        var small = LabeledTokens.Create(
            ["a", "b", "c", "d", "e", "f", "g", "h"],
            ["X", "Y", "X", "Y", "X", "Y", "X", "Y"],
            [0, 0, 1, 1, 2, 2, 3, 3]);
        var ds = ProbingDatasetBuilder.Build(small, new ProbingDatasetOptions { Classes = ["X", "Y"], TrainPerClass = 2, ValidPerClass = 1, TestPerClass = 1, Seed = 2 });
        var values = Enumerable.Range(0, 8 * 3).Select(v => (float)v).ToArray();
        var set = ActivationSet.Create(values, 8, new LayerLayout(1, 3), small.Tokens, small.SentenceIndices);
        var (x, y) = ds.Train.ToActivations(set);
        Assert.That(x.Rows, Is.EqualTo(4));
        Assert.That(y.Ids, Is.EqualTo(ds.Train.Labels));
        Assert.That(y.ClassNames, Is.EqualTo(new[] { "X", "Y" }));
        for (int i = 0; i < 4; i++)
        {
            int r = ds.Train.RowIndices[i];
            Assert.That(x.Row(i).ToArray(), Is.EqualTo(set.Row(r).ToArray()));
            Assert.That(x.Tokens![i], Is.EqualTo(small.Tokens[r]));
        }
        var wrong = ActivationSet.Create(values, 8, new LayerLayout(1, 3), ["z", "z", "z", "z", "z", "z", "z", "z"]);
        Assert.That(() => ds.Train.ToActivations(wrong), Throws.ArgumentException.With.Message.Contains("do not match"));
    }

    [Test]
    public void ConcatenatedSourcesGatherFromTheirOwnSets()
    {
        var a = LabeledTokens.Create(["a", "b", "c", "d"], ["X", "Y", "X", "Y"], [0, 0, 1, 1]);
        var b = LabeledTokens.Create(["e", "f", "g", "h"], ["X", "Y", "X", "Y"], [0, 0, 1, 1]);
        var both = LabeledTokens.Concat(a, b);
        Assert.That(both.SourceIndices, Is.EqualTo(new[] { 0, 0, 0, 0, 1, 1, 1, 1 }));
        var ds = ProbingDatasetBuilder.Build(both, new ProbingDatasetOptions { Classes = ["X", "Y"], TrainPerClass = 2, ValidPerClass = 1, TestPerClass = 1 });
        var setA = ActivationSet.Create([0, 1, 2, 3], 4, new LayerLayout(1, 1), a.Tokens, a.SentenceIndices);
        var setB = ActivationSet.Create([10, 11, 12, 13], 4, new LayerLayout(1, 1), b.Tokens, b.SentenceIndices);
        var (x, _) = ds.Train.ToActivations([setA, setB]);
        for (int i = 0; i < x.Rows; i++)
            Assert.That(x[i, 0], Is.EqualTo(ds.Train.SourceIndices[i] * 10 + ds.Train.RowIndices[i]));
        Assert.That(x.SentenceIndices, Is.Ordered);
    }

    [Test]
    public void FromFilesReadsParallelFiles()
    {
        string dir = Path.Combine(Path.GetTempPath(), "cn-concepts-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        try
        {
            File.WriteAllText(Path.Combine(dir, "t.in"), "public int x ;\nreturn 0 ;\n");
            File.WriteAllText(Path.Combine(dir, "t.label"), "MODIFIER TYPE IDENT SEMI\nKEYWORD NUMBER SEMI\n");
            var t = LabeledTokens.FromFiles(Path.Combine(dir, "t.in"), Path.Combine(dir, "t.label"));
            Assert.That(t.Count, Is.EqualTo(7));
            Assert.That(t.SentenceIndices, Is.EqualTo(new[] { 0, 0, 0, 0, 1, 1, 1 }));
            Assert.That(t.Tokens[5], Is.EqualTo("0"));
            Assert.That(t.Labels[5], Is.EqualTo("NUMBER"));
            Assert.That(t.LabelCounts()["SEMI"], Is.EqualTo(2));
            // Space-separated files whose tokens hold tabs (the paper's data): split on spaces only.
            File.WriteAllText(Path.Combine(dir, "s.in"), "x = \"\ta\" ;\n");
            File.WriteAllText(Path.Combine(dir, "s.label"), "IDENT EQUAL STRING SEMI\n");
            Assert.That(() => LabeledTokens.FromFiles(Path.Combine(dir, "s.in"), Path.Combine(dir, "s.label")), Throws.InstanceOf<InvalidDataException>());
            var s = LabeledTokens.FromFiles(Path.Combine(dir, "s.in"), Path.Combine(dir, "s.label"), TokenSeparator.Space);
            Assert.That(s.Tokens, Is.EqualTo(new[] { "x", "=", "\"\ta\"", ";" }));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Test]
    public void PaperPresetIsThePapers()
    {
        var o = PaperPresets.JavaSixClasses;
        Assert.That(o.Classes, Is.EqualTo(new[] { "MODIFIER", "IDENT", "KEYWORD", "TYPE", "NUMBER", "STRING" }));
        Assert.That((o.TrainPerClass, o.ValidPerClass, o.TestPerClass), Is.EqualTo((2000, 270, 340)));
        Assert.That(o.LexicallyDisjoint, Is.True);
        Assert.That(o.ClosedClassSplits["MODIFIER"].Train, Is.EqualTo(new[] { "static", "protected", "volatile", "private", "public" }));
        Assert.That(o.ClosedClassSplits["MODIFIER"].Test, Is.EqualTo(new[] { "synchronized", "final", "default" }));
        Assert.That(o.ClosedClassSplits["TYPE"].Train, Is.EqualTo(new[] { "boolean", "long", "short", "byte", "int" }));
        Assert.That(o.ClosedClassSplits["TYPE"].Test, Is.EqualTo(new[] { "double", "char", "float" }));
    }
}
