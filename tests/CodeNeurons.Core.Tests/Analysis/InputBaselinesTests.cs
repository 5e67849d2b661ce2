using CodeNeurons.Analysis;
using CodeNeurons.Concepts;
using CodeNeurons.Data;
using CodeNeurons.Interpretation;

namespace CodeNeurons.Tests.Analysis;

public class InputBaselinesTests
{
    private static readonly string[] Classes = ["NAME", "STRING", "NUMBER", "KEYWORD"];

    /// <summary>One split: tokens with class names, 2 noise neurons, and (optionally) neighbours.</summary>
    private static LabeledActivations Split(string[] tokens, string[] labels, TokenNeighbours? neighbours = null, int seed = 1)
    {
        var rng = new Random(seed);
        var values = Enumerable.Range(0, tokens.Length * 2).Select(_ => (float)rng.NextDouble()).ToArray();
        var acts = ActivationSet.Create(values, tokens.Length, LayerLayout.Flat(2), tokens);
        var ids = labels.Select(l => Array.IndexOf(Classes, l)).ToArray();
        return new LabeledActivations(acts, ClassLabels.FromIds(ids, Classes)) { Neighbours = neighbours };
    }

    [Test]
    public void SurfaceRuleRecognisesQuotesAndDigits()
    {
        foreach (var t in new[] { "\"abc\"", "'a'", "`x`", "rb\"x\"", "f'{x}'", "BR'y'", "\"\"\"doc\"\"\"" })
            Assert.That(Baselines.OpensWithQuote(t), Is.True, t);
        foreach (var t in new[] { "abc", "r", "print(\"x\")", "abc'", "0", "" })
            Assert.That(Baselines.OpensWithQuote(t), Is.False, t);
        foreach (var t in new[] { "0", "0x1F", "1e-5", ".5", "3L" })
            Assert.That(Baselines.OpensWithDigit(t), Is.True, t);
        foreach (var t in new[] { ".", "x1", "_1", "-1", "" })
            Assert.That(Baselines.OpensWithDigit(t), Is.False, t);
    }

    [Test]
    public void SurfaceFormScoresTheRuleOnDevAndTest()
    {
        // Train: NAME has 3 distinct words, KEYWORD 1 word but 4 rows: the open class is NAME (most words, not most rows).
        var train = Split(["a", "b", "c", "if", "if", "if", "if", "'s'", "1"], ["NAME", "NAME", "NAME", "KEYWORD", "KEYWORD", "KEYWORD", "KEYWORD", "STRING", "NUMBER"]);
        // Dev: "x" NAME ✓, "for" KEYWORD ✗ (→ NAME), "\"t\"" STRING ✓, "2.5" NUMBER ✓, "u'v'" STRING ✓ → 4 of 5.
        var dev = Split(["x", "for", "\"t\"", "2.5", "u'v'"], ["NAME", "KEYWORD", "STRING", "NUMBER", "STRING"]);
        // Test: ".5" NUMBER ✓, "y" NAME ✓, "while" KEYWORD ✗, "z" STRING ✗ → 2 of 4.
        var test = Split([".5", "y", "while", "z"], ["NUMBER", "NAME", "KEYWORD", "STRING"]);
        var b = Baselines.SurfaceForm(new ProbingData(train, dev, test));
        Assert.That(b.Name, Is.EqualTo("surface"));
        Assert.That(b.MajorityClass, Is.EqualTo(0), "NAME");
        Assert.That(b.DevScore, Is.EqualTo(0.8));
        Assert.That(b.TestScore, Is.EqualTo(0.5));
        Assert.That(b.Neurons, Is.Zero);
    }

    [Test]
    public void SurfaceFormNeedsTokensAndAnOpenClass()
    {
        var x = ActivationSet.Create([0f, 1f], 2, LayerLayout.Flat(1));
        var noTokens = new LabeledActivations(x, ClassLabels.FromIds([0, 1], ["NAME", "STRING"]));
        Assert.That(() => Baselines.SurfaceForm(new ProbingData(noTokens, noTokens)), Throws.ArgumentException.With.Message.Contains("no tokens"));
        Assert.That(() => Baselines.OpenClass(["'a'", "1"], ClassLabels.FromIds([0, 1], ["STRING", "NUMBER"]), 0, 1),
            Throws.ArgumentException.With.Message.Contains("besides"));
    }

    [Test]
    public void NeighboursOfSentencesStopAtSentenceEdges()
    {
        var n = TokenNeighbours.FromSentences(["a", "b", "c", "d", "e"], [0, 0, 0, 1, 1], radius: 2);
        Assert.That(n.Rows, Is.EqualTo(5));
        Assert.That(new[] { n[0, -2], n[0, -1], n[0, 1], n[0, 2] }, Is.EqualTo(new string?[] { null, null, "b", "c" }));
        Assert.That(new[] { n[2, -2], n[2, -1], n[2, 1], n[2, 2] }, Is.EqualTo(new string?[] { "a", "b", null, null }));
        Assert.That(new[] { n[3, -1], n[3, 1], n[4, -1], n[4, 1] }, Is.EqualTo(new string?[] { null, "e", "d", null }));
        Assert.That(() => n[0, 0], Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => n[0, 3], Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => n[5, 1], Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => TokenNeighbours.Create(["a", "b", "c"], 1), Throws.ArgumentException.With.Message.Contains("whole rows"));
        var x = ActivationSet.Create([0f, 1f], 2, LayerLayout.Flat(1));
        Assert.That(() => new LabeledActivations(x, ClassLabels.FromIds([0, 1])) { Neighbours = n }, Throws.ArgumentException.With.Message.Contains("5 rows"));
    }

    [Test]
    public void DatasetWithNeighboursReadsTheCorpusAroundEachRow()
    {
        // Sentences "def f0 ( )" …: the NAME f_i sits between "def" and "(".
        var tokens = new List<string>(); var labels = new List<string>(); var sentences = new List<int>();
        for (int s = 0; s < 30; s++)
            foreach (var (t, l) in new[] { ("def", "KEYWORD"), ($"f{s}", "NAME"), ("(", "OP"), ($"{s}", "NUMBER") })
            {
                tokens.Add(t); labels.Add(l); sentences.Add(s);
            }
        var corpus = LabeledTokens.Create(tokens, labels, sentences);
        var dataset = ProbingDatasetBuilder.Build(corpus, new ProbingDatasetOptions { Classes = ["NAME", "NUMBER"], TrainPerClass = 10, ValidPerClass = 5, TestPerClass = 5, Seed = 3 });
        var acts = ActivationSet.Create(new float[tokens.Count], tokens.Count, LayerLayout.Flat(1), tokens, sentences);
        var data = dataset.WithNeighbours(dataset.ToProbingData(acts), corpus);
        foreach (var split in new[] { data.Train, data.Dev, data.Test! })
        {
            var n = split.Neighbours!;
            for (int r = 0; r < split.Rows; r++)
            {
                string token = split.Activations.Tokens![r];
                if (token.StartsWith('f')) Assert.That((n[r, -1], n[r, 1], n[r, 2]), Is.EqualTo(("def", "(", token[1..])));
                else Assert.That((n[r, -2], n[r, -1], n[r, 1]), Is.EqualTo(($"f{token}", "(", (string?)null)));
            }
        }
        Assert.That(() => dataset.WithNeighbours(dataset.ToProbingData(acts), LabeledTokens.Create(["x"], ["NAME"])), Throws.ArgumentException.With.Message.Contains("not in the tokens"));
    }

    [Test]
    public void ContextFeaturesKeepTheMostFrequentWordsPerOffset()
    {
        // Offsets −1 / +1 (radius 1): left words b ×3, a ×2, c ×1; right words all "z" or none.
        var windows = TokenNeighbours.Create(["b", "z", "a", "z", "b", null, "a", "z", "b", "z", "c", null], 1);
        var f = ContextFeatures.Fit(windows, new ContextBaselineOptions { Radius = 1, MaxVocabulary = 2, MinCount = 1 });
        Assert.That(f.Offsets, Is.EqualTo(new[] { -1, 1 }));
        Assert.That(f.Vocabulary(0).OrderBy(p => p.Value).Select(p => p.Key), Is.EqualTo(new[] { "b", "a" }), "by count, at most 2");
        Assert.That(f.Vocabulary(1).Keys, Is.EqualTo(new[] { "z" }));
        Assert.That(f.Columns, Is.EqualTo((2 + 2) + (2 + 1)));
        var x = f.Transform(windows);
        // Row 5: left "c" is out of the vocabulary → "other" (column 1); right none → column 4 ("no token" of offset +1).
        Assert.That(Enumerable.Range(0, f.Columns).Where(j => x[5, j] == 1f), Is.EqualTo(new[] { 1, 4 }));
        // Row 0: left "b" → column 2; right "z" → column 4 + 2 = 6.
        Assert.That(Enumerable.Range(0, f.Columns).Where(j => x[0, j] == 1f), Is.EqualTo(new[] { 2, 6 }));
        Assert.That(Enumerable.Range(0, windows.Rows).Select(r => Enumerable.Range(0, f.Columns).Sum(j => x[r, j])), Is.All.EqualTo(2f), "one column per offset");
        var minCount = ContextFeatures.Fit(windows, new ContextBaselineOptions { Radius = 1, MinCount = 3 });
        Assert.That(minCount.Vocabulary(0).Keys, Is.EqualTo(new[] { "b" }));
        Assert.That(() => ContextFeatures.Fit(windows, new ContextBaselineOptions { Radius = 2 }), Throws.ArgumentException.With.Message.Contains("radius 2"));
    }

    /// <summary>Sentences "kw_c target": the word before the target names its class; target words are unique (no surface cue).</summary>
    private static ProbingData MarkerData(int perClassTrain, int perClassDev)
    {
        LabeledActivations Make(int perClass, string prefix, int seed)
        {
            var tokens = new List<string>(); var labels = new List<string>(); var sentences = new List<int>();
            int s = 0;
            for (int i = 0; i < perClass; i++)
                for (int c = 0; c < Classes.Length; c++, s++)
                {
                    tokens.AddRange([$"m{c}", $"{prefix}w{s}"]); labels.AddRange(["OP", Classes[c]]); sentences.AddRange([s, s]);
                }
            var all = TokenNeighbours.FromSentences(tokens, sentences, 2);
            var rows = Enumerable.Range(0, tokens.Count).Where(t => t % 2 == 1).ToArray();
            var windows = TokenNeighbours.Create(rows.SelectMany(r => new[] { all[r, -2], all[r, -1], all[r, 1], all[r, 2] }).ToArray(), 2);
            return Split(rows.Select(r => tokens[r]).ToArray(), rows.Select(r => labels[r]).ToArray(), windows, seed);
        }
        return new ProbingData(Make(perClassTrain, "t", 1), Make(perClassDev, "d", 2), Make(perClassDev, "e", 3));
    }

    [Test]
    public void ContextOnlyLearnsALabelSetByTheNeighbourAndIsSeeded()
    {
        var data = MarkerData(40, 10);
        var options = new ProbeOptions { Epochs = 20, LearningRate = 0.05, BatchSize = 16, Seed = 5 };
        var a = Baselines.ContextOnly(new ManagedElasticNetProbe(options), data);
        Assert.That(a.Name, Is.EqualTo("context"));
        Assert.That(a.Neurons, Is.EqualTo(4 * 2 + 4), "offsets −2, +1, +2 have no token: 2 columns each; −1: 2 + 4 markers");
        Assert.That(a.DevScore, Is.EqualTo(1.0));
        Assert.That(a.TestScore, Is.EqualTo(1.0));
        Assert.That(Baselines.SurfaceForm(data).DevScore, Is.EqualTo(0.25), "unique words: the rule says NAME everywhere");
        var b = Baselines.ContextOnly(new ManagedElasticNetProbe(options), data);
        Assert.That(b.Probe!.Probe.Weights.ToArray(), Is.EqualTo(a.Probe!.Probe.Weights.ToArray()), "same seed, same probe");
    }

    [Test]
    public void ContextOnlyNeedsNeighbours()
    {
        var train = Split(["a", "'b'", "1", "if"], ["NAME", "STRING", "NUMBER", "KEYWORD"]);
        var probe = new ManagedElasticNetProbe(CcfsTestData.FastProbe);
        Assert.That(() => Baselines.ContextOnly(probe, new ProbingData(train, train)), Throws.ArgumentException.With.Message.Contains("WithNeighbours"));
    }

    [Test]
    public void PipelineReportsTheInputBaselinesOrSaysWhyNot()
    {
        var data = MarkerData(40, 10);
        var options = new CcfsOptions { Stages = CcfsStage.None, Probe = new ProbeOptions { Epochs = 5, LearningRate = 0.05, BatchSize = 32 }, Seed = 3 };
        var report = new CcfsPipeline(options).Run(data);
        Assert.That(report.InputBaselines.Select(r => r.Name), Is.EqualTo(new[] { "Surface rule", "Context only" }));
        Assert.That(report.InputBaselines[1].TestScore, Is.EqualTo(1.0));
        Assert.That(report.Oracle.TestScore, Is.LessThan(1.0), "two noise neurons");
        Assert.That(CodeNeurons.Reporting.CcfsReportText.Format(report), Does.Contain("warning: The model's neurons carry no more than the input's surface"));

        var bare = new ProbingData(data.Train with { Neighbours = null }, data.Dev with { Neighbours = null }, data.Test! with { Neighbours = null });
        var without = new CcfsPipeline(options).Run(bare);
        Assert.That(without.InputBaselines.Select(r => r.Name), Is.EqualTo(new[] { "Surface rule" }));
        Assert.That(without.Notes, Has.Some.Contains("context-only baseline was not run"));
    }

    /// <summary>
    /// The paper protocol z-scores the inputs (<see cref="ProbingData.Standardized"/>) before any stage; the neighbouring
    /// tokens must survive that, or the context-only baseline silently disappears from every paper-protocol report (it
    /// did in the first full Java run).
    /// </summary>
    [Test]
    public void ZScoredInputsKeepTheirNeighboursSoThePaperProtocolReportsTheContextBaseline()
    {
        var data = MarkerData(40, 10);
        var z = data.Standardized();
        Assert.That(z.Train.Neighbours, Is.SameAs(data.Train.Neighbours));
        Assert.That(z.Dev.Neighbours, Is.SameAs(data.Dev.Neighbours));
        Assert.That(z.Test!.Neighbours, Is.SameAs(data.Test!.Neighbours));
        var options = new CcfsOptions { Stages = CcfsStage.None, Standardize = true, Probe = new ProbeOptions { Epochs = 5, LearningRate = 0.05, BatchSize = 32 }, Seed = 3 };
        var report = new CcfsPipeline(options).Run(data);
        Assert.That(report.InputBaselines.Select(r => r.Name), Is.EqualTo(new[] { "Surface rule", "Context only" }));
        Assert.That(report.Notes, Has.None.Contains("context-only baseline was not run"));
    }

    /// <summary>
    /// With F1 of class 1 as the metric, the report carries the constant all-positive predictor: on data with a share p of
    /// positives its F1 is 2p / (1 + p) (precision p, recall 1), while the majority class (negative here) scores 0.
    /// </summary>
    [Test]
    public void F1TasksReportTheAllPositiveConstant()
    {
        static LabeledActivations Binary(int rows, int positives, int seed)
        {
            var rng = new Random(seed);
            var acts = ActivationSet.Create(Enumerable.Range(0, rows * 2).Select(_ => (float)rng.NextDouble()).ToArray(), rows, LayerLayout.Flat(2));
            return new LabeledActivations(acts, ClassLabels.FromIds(Enumerable.Range(0, rows).Select(r => r < positives ? 1 : 0).ToArray(), ["no", "yes"]));
        }
        var data = new ProbingData(Binary(40, 10, 1), Binary(20, 5, 2), Binary(30, 10, 3));
        var options = new CcfsOptions { Stages = CcfsStage.None, Metric = ProbeMetric.F1, Probe = new ProbeOptions { Epochs = 2, LearningRate = 0.05, BatchSize = 8 }, Seed = 1 };
        var report = new CcfsPipeline(options).Run(data);
        var row = report.InputBaselines.Single(r => r.Name == "All positive");
        Assert.That(row.DevScore, Is.EqualTo(2 * 0.25 / 1.25).Within(1e-12));
        Assert.That(row.TestScore, Is.EqualTo(2 * (1 / 3.0) / (4 / 3.0)).Within(1e-12));
        Assert.That(report.None!.TestScore, Is.Zero, "the majority class is the negative one");
        var accuracy = new CcfsPipeline(options with { Metric = ProbeMetric.Accuracy }).Run(data);
        Assert.That(accuracy.InputBaselines.Select(r => r.Name), Has.None.EqualTo("All positive"));
    }
}
