using CodeNeurons.Reporting;
using CodeNeurons.Tasks;
using CodeNeurons.Workflows;

namespace CodeNeurons.Tests.Workflows;

/// <summary>What every snippet-workflow run with joint pair inputs shows, whichever encoder made it.</summary>
internal static class JointPairChecks
{
    /// <summary>
    /// The run records the joint pair input (JSON note, settings row, subtitle) and draws its first map as one sequence per
    /// pair; returns that map, the row its first sentence shows and that row's pair.
    /// </summary>
    internal static (ActivationMap Map, int Row, PairExample Pair) RecordedAndDrawnAsOneSequence(SnippetAnalyzeResult result, SnippetTaskData data)
    {
        Assert.That(result.Report.Notes, Has.Some.StartsWith("Pair input: joint"));
        Assert.That(result.Document.Settings!.Single(s => s.Key == "pair input").Value, Does.StartWith("joint"));
        Assert.That(result.Document.Model, Does.Contain("each pair one joint input"));
        var map = result.Document.ActivationMaps![0];
        Assert.That(map.Columns, Is.Null, "one input per pair: no side-by-side columns");
        Assert.That(map.SentenceCaptions![0], Does.Contain("joint input"));
        int row = int.Parse(map.SentenceCaptions[0]!.Split("example ")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        var pairs = data.Pairs!.Train.Concat(data.Pairs.Dev).Concat(data.Pairs.Test).ToArray();
        return (map, row, pairs[row]);
    }
}
