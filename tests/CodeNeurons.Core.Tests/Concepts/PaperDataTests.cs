using CodeNeurons.Concepts;

namespace CodeNeurons.Tests.Concepts;

/// <summary>The paper's six-class Java dataset from the shared java-token-tagging data (skipped when absent).</summary>
[TestFixture]
public class PaperDataTests
{
    [Test]
    public void JavaSixClassesFromTrain()
    {
        string folder = TestData.RequireSharedData("java-token-tagging");
        var train = LabeledTokens.FromFiles(Path.Combine(folder, "train.in"), Path.Combine(folder, "train.label"), TokenSeparator.Space);
        var valid = LabeledTokens.FromFiles(Path.Combine(folder, "valid.in"), Path.Combine(folder, "valid.label"), TokenSeparator.Space);
        var ds = ProbingDatasetBuilder.Build(train, PaperPresets.JavaSixClasses);
        foreach (var c in PaperPresets.JavaClasses)
        {
            Assert.That(ds.Train.CountOf(c), Is.EqualTo(2000), c);
            Assert.That(ds.Valid.CountOf(c), Is.EqualTo(270), c);
            Assert.That(ds.Test.CountOf(c), Is.EqualTo(340), c);
        }
        var trainTypes = ds.Train.Tokens.ToHashSet();
        var validTypes = ds.Valid.Tokens.ToHashSet();
        Assert.That(ds.Test.Tokens.Any(trainTypes.Contains), Is.False, "a test token string is in train");
        Assert.That(ds.Test.Tokens.Any(validTypes.Contains), Is.False, "a test token string is in valid");
        string[] closedTrainWords = ["static", "protected", "volatile", "private", "public", "boolean", "long", "short", "byte", "int"];
        Assert.That(validTypes.Intersect(trainTypes), Is.SubsetOf(closedTrainWords));
        var testMods = Enumerable.Range(0, ds.Test.Count).Where(i => ds.Test.ClassNames[ds.Test.Labels[i]] == "MODIFIER").Select(i => ds.Test.Tokens[i]).ToHashSet();
        Assert.That(testMods, Is.SubsetOf(new[] { "synchronized", "final", "default" }));
        var testTypes = Enumerable.Range(0, ds.Test.Count).Where(i => ds.Test.ClassNames[ds.Test.Labels[i]] == "TYPE").Select(i => ds.Test.Tokens[i]).ToHashSet();
        Assert.That(testTypes, Is.SubsetOf(new[] { "double", "char", "float" }));

        // Train and valid files together (two activation sources) work as well.
        var both = ProbingDatasetBuilder.Build(LabeledTokens.Concat(train, valid), PaperPresets.JavaSixClasses with { Seed = 1 });
        Assert.That(both.Test.CountOf("TYPE"), Is.EqualTo(340));
        Assert.That(both.Test.Tokens.Any(both.Train.Tokens.ToHashSet().Contains), Is.False);

        // Asking for more than there is names the class and the counts (5 default + 93 synchronized + 4,003 final).
        var ex = Assert.Throws<InvalidOperationException>(() => ProbingDatasetBuilder.Build(train, PaperPresets.JavaSixClasses with { TestPerClass = 5000 }))!;
        Assert.That(ex.Message, Is.EqualTo("Class MODIFIER has 4,101 test tokens, 5,000 requested (only tokens of its test words are used: synchronized final default)."));
    }
}
