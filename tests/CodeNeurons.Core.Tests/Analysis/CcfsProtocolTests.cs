using CodeNeurons.Analysis;
using CodeNeurons.Concepts;
using CodeNeurons.Data;
using CodeNeurons.Interpretation;

namespace CodeNeurons.Tests.Analysis;

/// <summary>Each rule of the paper protocol (issue 13's table) on small hand-made inputs.</summary>
public class CcfsProtocolTests
{
    private static readonly LayerLayout MiniLm = LayerLayout.Create(7, 384); // 2,688 neurons

    [Test]
    public void NetworkGridKeepsIntOfFractionTimesLayersTimesWidth()
    {
        // Python: int(p * 7 * 384) for the listed p (floor; (p·7)·384 in that order).
        var expected = new Dictionary<double, int> { [0.001] = 2, [0.002] = 5, [0.005] = 13, [0.01] = 26, [0.07] = 188, [0.1] = 268, [0.15] = 403, [0.5] = 1344, [0.9] = 2419 };
        foreach (var (p, k) in expected) Assert.That(MinimalNeuronSet.NetworkNeuronsFor(p, MiniLm), Is.EqualTo(k), $"p = {p}");
        // The input basis rounds a fraction of the input instead: 0.001 of 384 → 0 → at least 1.
        Assert.That(MinimalNeuronSet.NeuronsFor(0.001, 384), Is.EqualTo(1));
    }

    [Test]
    public void GridListsAreThoseOfTheScripts()
    {
        Assert.That(MinimalNeuronSet.DalviCoarseGrid, Has.Count.EqualTo(27));
        Assert.That(MinimalNeuronSet.DalviCoarseGrid.Take(6), Is.EqualTo(new[] { 0.001, 0.002, 0.003, 0.004, 0.005, 0.01 }));
        Assert.That(MinimalNeuronSet.DalviCoarseGrid.TakeLast(5), Is.EqualTo(new[] { 0.5, 0.6, 0.7, 0.8, 0.9 }));
        Assert.That(MinimalNeuronSet.DalviFineGrid, Has.Count.EqualTo(112));
        Assert.That(MinimalNeuronSet.DalviFineGrid[98], Is.EqualTo(0.099));
        Assert.That(MinimalNeuronSet.DalviFineGrid.Skip(99), Is.EqualTo(new[] { 0.10, 0.15, 0.20, 0.25, 0.30, 0.35, 0.40, 0.45, 0.50, 0.60, 0.70, 0.80, 0.90 }));
        Assert.That(MinimalNeuronSet.SeedTokenTaggingGrid, Has.Count.EqualTo(63));
        Assert.That(MinimalNeuronSet.SeedTokenTaggingGrid.Take(3), Is.EqualTo(new[] { 0.001, 0.003, 0.005 }));
        Assert.That(MinimalNeuronSet.SeedTokenTaggingGrid[49], Is.EqualTo(0.099).Within(1e-15));
        Assert.That(MinimalNeuronSet.SeedTokenTaggingGrid[50], Is.EqualTo(0.10));
        foreach (var g in new[] { MinimalNeuronSet.DalviCoarseGrid, MinimalNeuronSet.DalviFineGrid, MinimalNeuronSet.SeedTokenTaggingGrid })
            Assert.DoesNotThrow(() => new MinimalNeuronSetOptions { Grid = g }.Validate());
    }

    [Test]
    public void NetworkGridSkipsPointsLargerThanTheInputOrZero()
    {
        // 4 layers × 10; the search sees layer 2 only (10 neurons). Fractions of the whole network (40):
        // 0.01 → 0 (skipped), 0.1 → 4, 0.2 → 8, 0.25 → 10 (= input), 0.3 → 12 (> input, skipped).
        var (train, y) = CcfsTestData.Make(200, 1);
        var (dev, yDev) = CcfsTestData.Make(100, 2);
        int[] layer2 = Enumerable.Range(20, 10).ToArray();
        var data = PositionalShims.Data(train, y, dev, yDev).SelectNeurons(layer2);
        var options = new MinimalNeuronSetOptions
        {
            Grid = [0.01, 0.1, 0.2, 0.25, 0.3], Basis = GridBasis.Network, EvaluateFullGrid = true, Probe = CcfsTestData.FastProbe, Seed = 1,
        };
        var r = new MinimalNeuronSet(null, options).Select(data);
        Assert.That(r.Points.Select(p => p.K), Is.EqualTo(new[] { 0, 4, 8, 10, 12 }));
        Assert.That(r.Points.Select(p => p.DevScore is not null), Is.EqualTo(new[] { false, true, true, true, false }));
        Assert.That(r.SelectedK, Is.AnyOf(4, 8, 10));
    }

    [Test]
    public void StrictComparisonRejectsAScoreEqualToTheThreshold()
    {
        Assert.That(Ccfs.Passes(0.5, 0.5, ThresholdComparison.AtLeast), Is.True);
        Assert.That(Ccfs.Passes(0.5, 0.5, ThresholdComparison.Above), Is.False);
        Assert.That(Ccfs.Passes(0.50001, 0.5, ThresholdComparison.Above), Is.True);
        // LS: oracle 1, δ = 50 % → threshold 0.5; layer 0 scores exactly 0.5, layer 1 0.75 (all exact in binary).
        LayerScore[] layers = [new(0, 10, null, 10, 0.5), new(1, 10, null, 20, 0.75), new(2, 10, null, 30, 1.0)];
        var layout = LayerLayout.Create(3, 10);
        int[] ids = Enumerable.Range(0, 30).ToArray();
        Assert.That(new LayerSelectionResult(1.0, 50, layers, ids, layout, ThresholdComparison.AtLeast).SelectedLayer, Is.Zero);
        var strict = new LayerSelectionResult(1.0, 50, layers, ids, layout, ThresholdComparison.Above);
        Assert.That(strict.SelectedLayer, Is.EqualTo(1));
        // δ = 25 % → threshold 0.75: layer 1 equals it, so ≥ keeps layers 0..1 and > needs layer 2.
        Assert.That(new LayerSelectionResult(1.0, 25, layers, ids, layout, ThresholdComparison.AtLeast).SelectedLayer, Is.EqualTo(1));
        Assert.That(strict.ChooseLayer(25), Is.EqualTo(2));
    }

    [Test]
    public void StandardizedZScoresWithTrainStatisticsAndCentresConstantNeurons()
    {
        // Train: neuron 0 = 1, 2, 3 (mean 2, population sd √(2/3)); neuron 1 constant 5. Dev: 4, 7.
        var layout = LayerLayout.Create(1, 2);
        var train = ActivationSet.Create([1, 5, 2, 5, 3, 5], 3, layout);
        var dev = ActivationSet.Create([4, 7], 1, layout);
        var labels = ClassLabels.FromIds([0, 1, 0]);
        var data = new ProbingData(new LabeledActivations(train, labels), new LabeledActivations(dev, ClassLabels.FromIds([1], labels.ClassNames)));
        var z = data.Standardized();
        double sd = Math.Sqrt(2.0 / 3);
        Assert.That(z.Train.Activations[0, 0], Is.EqualTo(-1 / sd).Within(1e-6));
        Assert.That(z.Train.Activations[2, 0], Is.EqualTo(1 / sd).Within(1e-6));
        Assert.That(z.Dev.Activations[0, 0], Is.EqualTo(2 / sd).Within(1e-6), "dev uses the train mean and sd");
        Assert.That(z.Train.Activations[1, 1], Is.Zero, "a constant neuron is centred, not divided by 0");
        Assert.That(z.Dev.Activations[0, 1], Is.EqualTo(2f), "finite in dev: (7 − 5) / 1");
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Standardized(-1));
    }

    [Test]
    public void SeedSplitsFollowTheSeedScriptsRules()
    {
        // Train file: KEYWORD else/if/for, NUMBER 1/2/3 (1 and 3 also in valid/test), IDENT a..e.
        var train = LabeledTokens.Create(
            ["if", "else", "1", "a", "2", "for", "b", "3", "else", "c", "d"],
            ["KEYWORD", "KEYWORD", "NUMBER", "IDENT", "NUMBER", "KEYWORD", "IDENT", "NUMBER", "KEYWORD", "IDENT", "IDENT"]);
        var valid = LabeledTokens.Create(["if", "else", "1", "x", "a", "9"], ["KEYWORD", "KEYWORD", "NUMBER", "IDENT", "IDENT", "NUMBER"]);
        var test = LabeledTokens.Create(["while", "3", "y", "if"], ["KEYWORD", "NUMBER", "IDENT", "KEYWORD"]);
        var options = new SeedSplitOptions
        {
            Classes = ["KEYWORD", "NUMBER", "IDENT"], TrainPerClass = 2, ValidPerClass = 1, TestPerClass = 1,
            TrainWords = new Dictionary<string, IReadOnlyList<string>> { ["KEYWORD"] = ["else", "for"] },
            PriorityClasses = ["NUMBER"],
        };
        var d = SeedSplitDatasetBuilder.Build(LabeledTokens.Concat(train, valid, test), options);
        // KEYWORD: only its train words ("if" is skipped); NUMBER: "2" first (never in valid/test), then "1" in file order
        // ("3" is not needed); IDENT: the first two.
        Assert.That(d.Train.Tokens, Is.EqualTo(new[] { "else", "1", "a", "2", "for", "b" }));
        Assert.That(d.Train.LabelNames(), Is.EqualTo(new[] { "KEYWORD", "NUMBER", "IDENT", "NUMBER", "KEYWORD", "IDENT" }));
        // Valid drops every string seen in train (else, 1, a): dev words are unseen words, "if" included.
        Assert.That(d.Valid.Tokens, Is.EqualTo(new[] { "if", "x", "9" }));
        Assert.That(d.Test.Tokens, Is.EqualTo(new[] { "while", "3", "y" }));
        Assert.That(d.Train.SourceIndices.Distinct(), Is.EqualTo(new[] { 0 }));
        Assert.That(d.Test.SourceIndices.Distinct(), Is.EqualTo(new[] { 2 }));
        var ex = Assert.Throws<InvalidOperationException>(() => SeedSplitDatasetBuilder.Build(LabeledTokens.Concat(train, valid, test), options with { ValidPerClass = 3 }));
        Assert.That(ex!.Message, Does.Contain("valid"));
    }

    [Test]
    public void JavaSeedPresetTrainsKeywordsOfTheFirst18PythonKeywords()
    {
        var words = PaperPresets.JavaSixClassesSeedSplits.TrainWords["KEYWORD"];
        Assert.That(words, Has.Count.EqualTo(18));
        Assert.That(words, Does.Contain("else").And.Contain("for").And.Contain("return").And.Contain("class"));
        Assert.That(words, Does.Not.Contain("if").And.Not.Contain("while").And.Not.Contain("try"));
        Assert.That(PaperPresets.JavaSixClassesSeedSplits.PriorityClasses, Is.EqualTo(new[] { "NUMBER" }));
    }

    [Test]
    public void PaperPresetFillsEveryStageWithTheScriptsSettings()
    {
        var o = CcfsProtocols.Options(CcfsProtocol.Paper);
        Assert.That(o.Protocol, Is.EqualTo(CcfsProtocol.Paper));
        Assert.That(o.Standardize, Is.True);
        Assert.That(o.Probe.Optimizer, Is.EqualTo(ProbeOptimizer.Sgd));
        Assert.That((o.Probe.LearningRate, o.Probe.BatchSize, o.Probe.Epochs, o.Probe.Patience, o.Probe.StopOn), Is.EqualTo((1e-3, 128, 100, (int?)2, EarlyStopping.DevAccuracy)));
        Assert.That(o.ProbeSearch!.L1, Is.EqualTo(new[] { 0, 1e-5, 1e-4, 1e-3, 1e-2, 0.1 }));
        Assert.That(o.ProbeSearch.L2, Is.EqualTo(o.ProbeSearch.L1));
        Assert.That(o.MinimalSet.Basis, Is.EqualTo(GridBasis.Network));
        Assert.That(o.MinimalSet.SearchStride, Is.EqualTo(1000));
        Assert.That(o.MinimalSet.CombinedGrid, Is.SameAs(MinimalNeuronSet.DalviCoarseGrid));
        Assert.That(o.MinimalSet.Grid, Is.SameAs(MinimalNeuronSet.SeedTokenTaggingGrid));
        Assert.That(new[] { o.LayerSelection.Comparison, o.MinimalSet.Comparison, o.Combined.Comparison }, Is.All.EqualTo(ThresholdComparison.Above));
        var s = CcfsProtocols.Options(CcfsProtocol.PaperSentence);
        Assert.That((s.Probe.Optimizer, s.Probe.Epochs, s.Probe.BatchSize, s.Probe.L1, s.Probe.L2, s.Standardize), Is.EqualTo((ProbeOptimizer.Adam, 10, 128, 1e-4, 1e-4, false)));
        Assert.That(s.MinimalSet.Grid, Is.SameAs(MinimalNeuronSet.DalviFineGrid));
        Assert.That(CcfsProtocols.Options(CcfsProtocol.Strict).ToJson(), Is.EqualTo(new CcfsOptions().ToJson()));
    }
}

/// <summary>The paper protocol end to end on planted data, and its config key.</summary>
public class CcfsPaperPipelineTests : TempDirectoryTest
{
    [Test]
    public void PaperProtocolRunsWithNetworkGridsAndReportsTheOptimisticOracleApart()
    {
        var (train, y) = CcfsTestData.Planted(240, 1);
        var (dev, yDev) = CcfsTestData.Planted(120, 2);
        var (test, yTest) = CcfsTestData.Planted(120, 3);
        var options = CcfsProtocols.Options(CcfsProtocol.Paper) with
        {
            Stages = CcfsStage.Oracle | CcfsStage.Lca | CcfsStage.Combined,
            ProbeSearch = new ProbeSearchOptions { L1 = [0, 1e-3], L2 = [0] },
            Probe = CcfsProtocols.PaperTokenProbe with { LearningRate = 0.05, Epochs = 20 },
            Combined = new() { Pairs = [new(3, 1)], Thresholds = [null], Comparison = ThresholdComparison.Above },
            Seed = 2,
        };
        var report = new CcfsPipeline(options).Run(train, y, dev, yDev, test, yTest);

        Assert.That(report.Options.Protocol, Is.EqualTo(CcfsProtocol.Paper));
        Assert.That(report.Oracle.TestScore, Is.GreaterThan(0.8), "chance is 0.25");
        var optimistic = report.OptimisticOracle!;
        Assert.That(optimistic.Name, Does.Contain("TEST"));
        Assert.That(optimistic.TestScore, Is.GreaterThanOrEqualTo(report.Oracle.TestScore!.Value), "the best test score of the searched probes includes the dev winner's");
        Assert.That(report.Rows(), Does.Contain(optimistic));
        // Every evaluated grid point keeps int(p · 4 · 10) neurons of the whole network, never more than the search's input.
        foreach (var g in report.GridSearches)
            foreach (var p in g.Points.Where(p => p.DevScore is not null))
                Assert.That(p.K, Is.EqualTo((int)(p.Fraction * 4 * 10)), $"{g.Name} at {p.Fraction}");
        Assert.That(report.GridSearches[0].Points.Select(p => p.Fraction), Is.EqualTo(MinimalNeuronSet.SeedTokenTaggingGrid));
        Assert.That(report.GridSearches[^1].Points.Select(p => p.Fraction), Is.EqualTo(MinimalNeuronSet.DalviCoarseGrid));
        Assert.That(report.Lca!.Neurons, Is.EqualTo(report.GridSearches[0].Points.First(p => p.DevScore > report.GridSearches[0].Threshold).K));
    }

    [Test]
    public void ConfigProtocolStartsFromThePresetAndKeepsTheKeysItGives()
    {
        File.WriteAllText(Path.Combine(TempDir, "t.json"), "{}");
        File.WriteAllText(Path.Combine(TempDir, "d.json"), "{}");
        File.WriteAllText(Path.Combine(TempDir, "d.label"), "A\n");
        var path = Path.Combine(TempDir, "c.json");
        File.WriteAllText(path, """
            { "protocol": "paper", "data": { "train": { "activations": "t.json" }, "dev": { "activations": "d.json", "labels": "d.label" } },
              "pipeline": { "probe": { "epochs": 30 }, "probeSearch": { "restarts": 15 }, "metric": "macroF1", "seed": 4 } }
            """);
        var c = CcfsConfigFile.Load(path);
        Assert.That(c.Protocol, Is.EqualTo(CcfsProtocol.Paper));
        Assert.That(c.Pipeline.Protocol, Is.EqualTo(CcfsProtocol.Paper));
        Assert.That(c.Pipeline.Probe.Epochs, Is.EqualTo(30), "given");
        Assert.That(c.Pipeline.Probe.Optimizer, Is.EqualTo(ProbeOptimizer.Sgd), "kept from the preset");
        Assert.That(c.Pipeline.ProbeSearch!.Restarts, Is.EqualTo(15));
        Assert.That(c.Pipeline.ProbeSearch.L1, Has.Count.EqualTo(6));
        Assert.That(c.Pipeline.MinimalSet.Basis, Is.EqualTo(GridBasis.Network));
        Assert.That((c.Pipeline.Metric, c.Pipeline.Seed, c.Pipeline.Standardize), Is.EqualTo((ProbeMetric.MacroF1, 4, true)));
        var strict = CcfsConfigFile.Parse("""{ "data": { "train": { "activations": "t.json" }, "dev": { "activations": "d.json", "labels": "d.label" } } }""", "s", TempDir);
        Assert.That((strict.Protocol, strict.Pipeline.Standardize, strict.Pipeline.ProbeSearch), Is.EqualTo((CcfsProtocol.Strict, false, (ProbeSearchOptions?)null)));
    }
}
