using CodeNeurons.Analysis;
using CodeNeurons.Concepts;
using CodeNeurons.Data;
using CodeNeurons.Tasks;
using CodeNeurons.Tests.Analysis;
using CodeNeurons.Workflows;

namespace CodeNeurons.Tests.Workflows;

public class SnippetAnalysisWorkflowTests : TempDirectoryTest
{
    /// <summary>A managed stand-in for a model: 3 layers × 8 features of a text (keywords, digits, quotes, length, a hash); tokens are whitespace-separated words.</summary>
    internal sealed class TextFeatureEncoder : ISnippetEncoder
    {
        public LayerLayout Layout { get; } = LayerLayout.Create(3, 8);

        public int TokenCalls { get; private set; }

        internal static float[] Features(string t)
        {
            uint h = (uint)t.Aggregate(17, (a, c) => unchecked(a * 31 + c));
            float[] f = [t.Contains("for") ? 1 : 0, t.Contains("while") ? 1 : 0, t.Contains("try") ? 1 : 0, t.Contains("return") ? 1 : 0,
                t.Count(char.IsDigit) / 4f, t.Count(c => c == '\'') / 2f, t.Length / 100f, (h % 1000) / 1000f];
            var values = new float[24];
            for (int n = 0; n < 24; n++) values[n] = f[n % 8] * (n / 8 + 1) + ((h >> (n % 23)) % 7) / 20f;
            return values;
        }

        public ActivationSet Encode(IReadOnlyList<string> texts, IProgress<int>? progress = null, CancellationToken cancellationToken = default) =>
            ActivationSet.Create(texts.SelectMany(Features).ToArray(), texts.Count, Layout);

        public ActivationSet EncodePairs(IReadOnlyList<(string First, string Second)> pairs, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
        {
            var values = new List<float>();
            foreach (var (a, b) in pairs)
            {
                float[] u = Features(a), v = Features(b);
                for (int k = 0; k < 3; k++) values.AddRange([.. u.AsSpan(k * 8, 8), .. v.AsSpan(k * 8, 8)]);
            }
            return ActivationSet.Create([.. values], pairs.Count, LayerLayout.Create(3, 16));
        }

        public ActivationSet EncodeTokens(string text, CancellationToken cancellationToken = default)
        {
            TokenCalls++;
            var words = Words(text);
            return ActivationSet.Create(words.SelectMany(Features).ToArray(), words.Length, Layout, words, new int[words.Length]);
        }

        internal static string[] Words(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

        public PairUnitSource? PairSource(int pairUnit) => pairUnit is < 0 or >= 16 ? null
            : new PairUnitSource(pairUnit % 8, pairUnit < 8, pairUnit >= 8, pairUnit < 8 ? "first input" : "second input");

        public void Dispose() { }
    }

    /// <summary>A stand-in cross-encoder: a pair is one input, the two texts' words in order; its row is that input's features.</summary>
    private sealed class JointTextEncoder : ISnippetEncoder
    {
        private readonly TextFeatureEncoder _single = new();

        public LayerLayout Layout => _single.Layout;

        public PairInput PairInput => PairInput.Joint;

        public ActivationSet Encode(IReadOnlyList<string> texts, IProgress<int>? progress = null, CancellationToken cancellationToken = default) =>
            _single.Encode(texts, progress, cancellationToken);

        public ActivationSet EncodePairs(IReadOnlyList<(string First, string Second)> pairs, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
        {
            var set = _single.Encode(pairs.Select(p => p.First + "\n" + p.Second).ToArray(), null, cancellationToken);
            progress?.Report(pairs.Count);
            return set;
        }

        public ActivationSet EncodeTokens(string text, CancellationToken cancellationToken = default) => _single.EncodeTokens(text, cancellationToken);

        public ActivationSet EncodePairTokens(string first, string second, CancellationToken cancellationToken = default) =>
            _single.EncodeTokens(first + "\n" + second, cancellationToken);

        public PairUnitSource? PairSource(int pairUnit) => pairUnit is < 0 or >= 8 ? null : new PairUnitSource(pairUnit, true, true, "joint input");

        public void Dispose() { }
    }

    private static SnippetAnalyzeOptions Small => new()
    {
        Seed = 3, CkaMinibatches = 2, ModelName = "text features", MinConceptRows = 3,
        Pipeline = new CcfsOptions
        {
            Probe = CcfsTestData.FastProbe, MinimalSet = new() { Grid = [0.1, 0.3, 0.6] }, Clustering = new() { Thresholds = [0.3, 0.6] },
            Combined = new() { Thresholds = [null, 0.3] },
        },
    };

    [Test]
    public void DefectRunGivesReportConceptsAndSnippetMaps()
    {
        var data = SnippetTaskData.Load(CodeTask.DefectDetection, SnippetTaskFixtures.DefectFolder(TempDir));
        var encoder = new TextFeatureEncoder();
        var result = new SnippetAnalysisWorkflow(Small).Run(data, encoder);

        Assert.That(result.Activations.Rows, Is.EqualTo(36));
        Assert.That((result.Data.Train.Rows, result.Data.Dev.Rows, result.Data.Test!.Rows), Is.EqualTo((20, 8, 8)));
        Assert.That(result.Report.ClassNames, Is.EqualTo(new[] { "clean", "defective" }));
        Assert.That(result.Data.Train.Labels.Ids, Is.EqualTo(Enumerable.Range(0, 20).Select(i => i % 2)));
        Assert.That(result.RowConcepts[0], Does.Contain(SnippetConcepts.Loop));
        Assert.That(result.RowConcepts[1], Does.Not.Contain(SnippetConcepts.Loop).And.Contain(SnippetConcepts.Comparison));

        // LOOP: rows 0 and 3 mod 4 (10 of 20 train) are probed; LENGTH_LONG holds of no row and is named as not probed.
        var loop = result.ConceptProbes.Single(p => p.Concept == SnippetConcepts.Loop);
        Assert.That(loop.TrainRows, Is.EqualTo(10));
        Assert.That(loop.TestAccuracy, Is.InRange(0.0, 1.0));
        Assert.That(result.ConceptProbes.Select(p => p.Concept), Does.Not.Contain(SnippetConcepts.LengthLong));
        Assert.That(result.Document.Notes, Has.Some.Contains("LENGTH_LONG not probed: 0 of 20"));
        Assert.That(result.Document.Concepts!.Select(c => c.Concept), Does.Contain("defective").And.Contain(SnippetConcepts.Loop));
        Assert.That(result.Document.Model, Does.Contain("scored by accuracy"));
        Assert.That(result.Document.BarCharts, Has.Some.Matches<CodeNeurons.Reporting.BarChart>(b => b.Title!.StartsWith("Snippet-concept probes", StringComparison.Ordinal)));

        // One map per table with neurons; each: 2 firing snippets and 1 quiet one, tokens shaded by the neuron's unit per token.
        var maps = result.Document.ActivationMaps!;
        Assert.That(maps, Has.Count.EqualTo(result.Document.Concepts!.Count(c => c.Neurons is { Count: > 0 })));
        var map = maps[0];
        Assert.That(map.Sentences, Has.Count.EqualTo(3));
        Assert.That(map.Columns, Is.Null);
        int layer = result.Activations.Layout.LayerOf(map.NeuronId), unit = map.NeuronId - layer * 8;
        var firstRow = int.Parse(map.SentenceCaptions![0]!.Split("example ")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        var words = TextFeatureEncoder.Words(SnippetTaskFixtures.Function(firstRow));
        Assert.That(map.Sentences![0].Select(t => t.Token), Is.EqualTo(words));
        Assert.That(map.Sentences[0].Select(t => t.Value), Is.EqualTo(words.Select(w => (double)TextFeatureEncoder.Features(w)[layer * 8 + unit])));
    }

    [Test]
    public void CloneRunDrawsPairsSideBySideAndNamesF1()
    {
        var data = SnippetTaskData.Load(CodeTask.CloneDetection, SnippetTaskFixtures.CloneFolder(TempDir));
        Assert.That(SnippetAnalysisWorkflow.PaperPipeline(CodeTask.CloneDetection).Metric, Is.EqualTo(CodeNeurons.Interpretation.ProbeMetric.F1));
        Assert.That(SnippetAnalysisWorkflow.PaperPipeline(CodeTask.DefectDetection).Metric, Is.EqualTo(CodeNeurons.Interpretation.ProbeMetric.Accuracy));
        var options = Small with { Pipeline = Small.Pipeline! with { Metric = SnippetAnalysisWorkflow.PaperMetric(CodeTask.CloneDetection) } };
        var result = new SnippetAnalysisWorkflow(options).Run(data, new TextFeatureEncoder());
        Assert.That(result.Report.InputNeurons, Is.EqualTo(48));
        Assert.That(result.Document.Model, Does.Contain("scored by F1"));
        var map = result.Document.ActivationMaps![0];
        Assert.That(map.Columns, Is.EqualTo(2));
        Assert.That(map.Sentences, Has.Count.EqualTo(6), "three pairs, first and second input each");
        int unit = (map.NeuronId % 16);
        // The side the unit does not read is drawn unshaded (NaN); the side it reads is shaded.
        var readSide = unit < 8 ? 0 : 1;
        Assert.That(map.Sentences![1 - readSide].All(t => double.IsNaN(t.Value)), Is.True);
        Assert.That(map.Sentences[readSide].All(t => double.IsFinite(t.Value)), Is.True);
        Assert.That(map.SentenceCaptions![0], Does.Contain("first"));
        Assert.That(result.Document.Settings!.Single(x => x.Key == "pair input").Value, Does.StartWith("separate"));
        Assert.That(result.Document.Model, Does.Not.Contain("joint"));
    }

    [Test]
    public void JointPairInputIsOneInputPerPairDrawnAsOneSequenceAndRecorded()
    {
        var data = SnippetTaskData.Load(CodeTask.CloneDetection, SnippetTaskFixtures.CloneFolder(TempDir));
        var reports = new List<AnalyzeProgress>();
        var result = new SnippetAnalysisWorkflow(Small).Run(data, new JointTextEncoder(), new ListProgress(reports));
        Assert.That(result.Report.InputNeurons, Is.EqualTo(24), "the joint input's 3 × 8, not [u; v]");
        var extracting = reports.Where(r => r.Stage == AnalyzeStage.Extracting).ToArray();
        Assert.That(extracting.Select(r => r.Total).Distinct(), Is.EqualTo(new int?[] { result.Activations.Rows }), "one model input per pair");
        var (map, _, pair) = JointPairChecks.RecordedAndDrawnAsOneSequence(result, data);
        Assert.That(map.Sentences, Has.Count.EqualTo(3), "two firing pairs and a quiet one, one sequence each");
        var words = TextFeatureEncoder.Words(pair.First + "\n" + pair.Second);
        Assert.That(map.Sentences![0].Select(t => t.Token), Is.EqualTo(words), "the first text's tokens, then the second's");
        Assert.That(map.Sentences[0].All(t => double.IsFinite(t.Value)), Is.True, "one input: every token is read");

        // An encoder that says nothing about pairs encodes them separately and has no joint tokens.
        ISnippetEncoder separate = new TextFeatureEncoder();
        Assert.That(separate.PairInput, Is.EqualTo(PairInput.Separate));
        Assert.That(() => separate.EncodePairTokens("a", "b"), Throws.TypeOf<NotSupportedException>().With.Message.Contains("EncodeTokens"));
    }

    private sealed class ListProgress(List<AnalyzeProgress> reports) : IProgress<AnalyzeProgress>
    {
        public void Report(AnalyzeProgress value) => reports.Add(value);
    }

    [Test]
    public void SameSeedSameReportAndSaveWritesTheHtml()
    {
        var data = SnippetTaskData.Load(CodeTask.DefectDetection, SnippetTaskFixtures.DefectFolder(TempDir));
        var a = new SnippetAnalysisWorkflow(Small).Run(data, new TextFeatureEncoder());
        var b = new SnippetAnalysisWorkflow(Small).Run(data, new TextFeatureEncoder());
        Assert.That((b.Report with { TimingsSeconds = [], PeakMemoryBytes = [] }).ToJson(), Is.EqualTo((a.Report with { TimingsSeconds = [], PeakMemoryBytes = [] }).ToJson()));
        var html = Path.Combine(TempDir, "r.html");
        a.Save(new AnalyzeOutputs { HtmlPath = html });
        Assert.That(File.ReadAllText(html), Does.Contain("EXCEPTION_HANDLER").Or.Contain("LOOP"));
    }

    [Test]
    public void BadSettingsAndDataAreClearErrors()
    {
        Assert.That(() => new SnippetAnalysisWorkflow(new SnippetAnalyzeOptions { Concepts = ["LOOPS"] }), Throws.ArgumentException.With.Message.Contains("LOOPS"));
        Assert.That(() => new SnippetAnalysisWorkflow(new SnippetAnalyzeOptions { MinConceptRows = 1 }), Throws.ArgumentException.With.Message.Contains("MinConceptRows"));
        Assert.That(() => new SnippetAnalysisWorkflow(new SnippetAnalyzeOptions { MapSnippets = 0 }), Throws.ArgumentException.With.Message.Contains("MapSnippets"));
        Assert.That(() => SnippetTaskData.Load(CodeTask.CodeSearch, Path.Combine(TempDir, "none")), Throws.TypeOf<DirectoryNotFoundException>().With.Message.Contains("none"));
        Assert.That(() => SnippetTaskData.Load(CodeTask.CodeSearch, TempDir), Throws.TypeOf<FileNotFoundException>().With.Message.Contains("train.json"));
        var empty = new SnippetTaskData { Task = CodeTask.DefectDetection, Snippets = new([], [], []) };
        Assert.That(() => new SnippetAnalysisWorkflow(Small).Run(empty, new TextFeatureEncoder()), Throws.ArgumentException.With.Message.Contains("0 train"));
    }

    [Test]
    public void LoadWithoutATestFileUsesThePaperSplit()
    {
        var dir = SnippetTaskFixtures.DefectFolder(TempDir);
        File.Delete(Path.Combine(dir, "test.jsonl"));
        var data = SnippetTaskData.Load(CodeTask.DefectDetection, dir);
        Assert.That(data.Counts, Is.EqualTo((18, 2, 8)), "90/10 of 20 train rows, valid as test");
        Assert.That(data.Description, Does.Contain("Dalvi"));
    }
}
