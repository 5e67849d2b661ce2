using CodeNeurons.Analysis;
using CodeNeurons.Concepts;
using CodeNeurons.Formats;
using CodeNeurons.Lexing;

namespace CodeNeurons.Tests.Concepts;

public class PythonPresetTests
{
    [Test]
    public void PythonPresetSplitsKeywordsByTheSeedListPositions()
    {
        var p = PaperPresets.PythonFourClasses;
        Assert.That(p.Classes, Is.EqualTo(new[] { "NAME", "STRING", "NUMBER", "KEYWORD" }));
        Assert.That((p.TrainPerClass, p.ValidPerClass, p.TestPerClass), Is.EqualTo((5000, 540, 365)));
        Assert.That(p.LexicallyDisjoint, Is.True);
        var kw = p.ClosedClassSplits["KEYWORD"];
        Assert.That(kw.Train, Is.EqualTo(new[] { "False", "await", "else", "import", "pass", "None", "break", "except", "in", "raise", "True", "class", "finally", "is", "return", "and", "continue" }));
        Assert.That(kw.Valid, Is.EqualTo(new[] { "for", "lambda", "try", "as", "def", "from", "nonlocal", "while" }));
        Assert.That(kw.Test, Is.EqualTo(new[] { "assert", "del", "global", "not", "with", "if", "or", "yield" }));
        var all = kw.Train.Concat(kw.Valid!).Concat(kw.Test).ToArray();
        Assert.That(all, Is.Unique);
        Assert.That(PythonLexer.Keywords.Except(all), Is.EquivalentTo(new[] { "async", "elif" }), "the two keywords the seed's list lost");
        Assert.That(PaperPresets.ByName("python-four-classes"), Is.SameAs(p));
        Assert.That(PaperPresets.ByName("java-six-classes"), Is.SameAs(PaperPresets.JavaSixClasses));
        Assert.That(() => PaperPresets.ByName("python"), Throws.ArgumentException.With.Message.Contains("python-four-classes"));
    }

    [Test]
    public void PythonPresetKeepsKeywordWordsInTheirSplits()
    {
        // Small counts over a hand-made corpus: every KEYWORD row of a split is one of that split's words.
        var tokens = new List<string>(); var labels = new List<string>(); var sentences = new List<int>();
        int s = 0;
        foreach (var k in PythonLexer.Keywords)
            for (int i = 0; i < 3; i++, s++)
                foreach (var (t, l) in new[] { (k, "KEYWORD"), ($"n{s}", "NAME"), ($"'s{s}'", "STRING"), ($"{s}", "NUMBER") })
                {
                    tokens.Add(t); labels.Add(l); sentences.Add(s);
                }
        var data = ProbingDatasetBuilder.Build(LabeledTokens.Create(tokens, labels, sentences),
            PaperPresets.PythonFourClasses with { TrainPerClass = 10, ValidPerClass = 5, TestPerClass = 5 });
        var kw = PaperPresets.PythonFourClasses.ClosedClassSplits["KEYWORD"];
        Assert.That(Keywords(data.Train), Is.SubsetOf(kw.Train));
        Assert.That(Keywords(data.Valid), Is.SubsetOf(kw.Valid!));
        Assert.That(Keywords(data.Test), Is.SubsetOf(kw.Test));
    }

    private static IEnumerable<string> Keywords(ProbingSplit split) => split.Tokens.Where((_, i) => split.ClassNames[split.Labels[i]] == "KEYWORD").Distinct();

    [Test]
    public void TheCPythonCorpusGivesThePaperCountsLexicallyDisjoint()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "data", "python-token-tagging"))) dir = dir.Parent;
        if (dir is null) Assert.Ignore("data/python-token-tagging not found above the test folder.");
        var folder = Path.Combine(dir!.FullName, "data", "python-token-tagging");
        var tokens = LabeledTokens.FromFiles(Path.Combine(folder, "corpus.in"), Path.Combine(folder, "corpus.label"), TokenSeparator.Space);
        var data = ProbingDatasetBuilder.Build(tokens, PaperPresets.PythonFourClasses);
        foreach (var c in PaperPresets.PythonClasses)
            Assert.That((data.Train.CountOf(c), data.Valid.CountOf(c), data.Test.CountOf(c)), Is.EqualTo((5000, 540, 365)), c);
        var train = data.Train.Tokens.ToHashSet(StringComparer.Ordinal);
        Assert.That(data.Valid.Tokens.Where(train.Contains), Is.Empty, "no dev word in train");
        var valid = data.Valid.Tokens.ToHashSet(StringComparer.Ordinal);
        Assert.That(data.Test.Tokens.Where(t => train.Contains(t) || valid.Contains(t)), Is.Empty, "no test word in train or dev");
        var config = CcfsConfigFile.Load(Path.Combine(dir.FullName, "docs", "reproduction", "python-minilm.json"));
        Assert.That(config.Data!.Corpus!.Tokens, Is.EqualTo(new[] { Path.Combine(folder, "corpus.in") }), "the reproduction config runs this corpus");
        Assert.That(config.Data.Corpus.Preset, Is.EqualTo("python-four-classes"));
    }
}
