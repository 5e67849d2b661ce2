using CodeNeurons.Analysis;
using CodeNeurons.Concepts;
using CodeNeurons.Torch.Extraction;

namespace CodeNeurons.Tests.Analysis;

/// <summary>
/// A small version of docs/reproduction.md: the paper's Java token tagging (100 / 40 / 40 tokens per class) with the real
/// all-MiniLM-L6-v2 and the whole CCFS pipeline. Needs ../shared/data/java-token-tagging (skipped without it).
/// </summary>
public class CcfsJavaDataTests
{
    [Test]
    public void RealModelOnThePapersJavaTaskConceptsAreLearnedAndMostNeuronsGo()
    {
        var folder = TestData.RequireSharedData("java-token-tagging");
        var tokens = LabeledTokens.FromFiles(Path.Combine(folder, "valid.in"), Path.Combine(folder, "valid.label"), TokenSeparator.Space);
        var dataset = ProbingDatasetBuilder.Build(tokens, PaperPresets.JavaSixClasses with { TrainPerClass = 100, ValidPerClass = 40, TestPerClass = 40 });
        using var model = TransformerActivationSource.LoadMiniLm();
        var data = ProbingExtraction.Extract(model, dataset, tokens).Data;
        Assert.That(data.Train.Rows, Is.EqualTo(600));
        Assert.That(data.Neurons, Is.EqualTo(7 * 384));

        var report = new CcfsPipeline(new CcfsOptions { Seed = 0 })
            .Run(data);

        Assert.That(report.None!.TestScore, Is.EqualTo(1.0 / 6).Within(1e-9));
        Assert.That(report.Oracle.TestScore, Is.GreaterThan(report.None.TestScore!.Value + 0.2), "far above chance");
        // Open classes with lexical cues are learned from context-free and contextual neurons alike (≈ 98 % at full size).
        var perClass = report.PerClass.Single(p => p.Name == "Oracle").Accuracy;
        foreach (var c in new[] { "IDENT", "NUMBER", "STRING" })
            Assert.That(perClass[report.ClassNames.ToList().IndexOf(c)], Is.GreaterThan(0.75), c);
        Assert.That(report.Best!.Reduction, Is.GreaterThan(0.9));
        Assert.That(report.Best.DevScore, Is.GreaterThan(report.Oracle.DevScore - 0.1));
        Assert.That(report.Selectivity.Single(s => s.Name == "Oracle").Selectivity, Is.GreaterThan(0.1));
    }
}
