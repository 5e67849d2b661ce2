using CodeNeurons.Data;
using CodeNeurons.Formats;

namespace CodeNeurons.Tests.Formats;

public class ActivationLabelsTests : TempDirectoryTest
{
    private static ActivationSet Acts(params string[][] sentences)
    {
        var tokens = sentences.SelectMany(s => s).ToArray();
        var sentenceIndex = sentences.SelectMany((s, i) => s.Select(_ => i)).ToArray();
        var values = new float[tokens.Length * 2];
        for (int i = 0; i < values.Length; i++) values[i] = i;
        return ActivationSet.Create(values, tokens.Length, LayerLayout.Create(1, 2), tokens, sentenceIndex);
    }

    [Test]
    public void LabelFileGivesClassLabelsInOrdinalOrderOrInAGivenOrder()
    {
        var acts = Acts(["x", "=", "1"], ["y"]);
        var labels = Path.Combine(TempDir, "a.label");
        File.WriteAllText(labels, "IDENT OP NUM\nIDENT\n");
        var read = ActivationLabels.Read("a.json", labels, null, acts);
        Assert.That(read.ClassNames, Is.EqualTo(new[] { "IDENT", "NUM", "OP" }));
        Assert.That(read.Ids, Is.EqualTo(new[] { 0, 2, 1, 0 }));
        var ordered = ActivationLabels.Read("a.json", labels, null, acts, ["OP", "NUM", "IDENT", "STR"]);
        Assert.That(ordered.ClassNames, Is.EqualTo(new[] { "OP", "NUM", "IDENT", "STR" }));
        Assert.That(ordered.Ids, Is.EqualTo(new[] { 2, 0, 1, 2 }));
        Assert.That(ordered.MissingClasses(), Is.EqualTo(new[] { 3 }));
    }

    [Test]
    public void ErrorsNameTheFileAndTheClass()
    {
        var acts = Acts(["x", "1"]);
        var labels = Path.Combine(TempDir, "dev.label");
        File.WriteAllText(labels, "IDENT KEYWORD\n");
        Assert.That(() => ActivationLabels.Read("dev.json", labels, null, acts, ["IDENT", "NUM"]),
            Throws.ArgumentException.With.Message.Contains("dev.label").And.Message.Contains("'KEYWORD'").And.Message.Contains("training labels"));
        Assert.That(() => ActivationLabels.Read("dev.json", null, null, acts), Throws.ArgumentException.With.Message.Contains("dev.json"));
        Assert.That(() => ActivationLabels.Read("dev.json", null, null, acts, null, "--labels is needed"), Throws.ArgumentException.With.Message.EqualTo("--labels is needed"));
        File.WriteAllText(labels, "IDENT\n");
        Assert.That(() => ActivationLabels.Read("dev.json", labels, null, acts), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("dev."));
    }
}
