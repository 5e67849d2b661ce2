using CodeNeurons.Analysis;
using CodeNeurons.Concepts;
using CodeNeurons.Data;
using CodeNeurons.Lexing;
using CodeNeurons.Tests.Analysis;
using CodeNeurons.Workflows;

namespace CodeNeurons.Tests.Workflows;

public class CodeAnalysisWorkflowTests : TempDirectoryTest
{
    /// <summary>A managed stand-in for a model: one row per code token, 3 layers × 16 neurons from the token's text (digits, quotes, keywords, a hash).</summary>
    private sealed class TextFeatureSource : IActivationSource
    {
        private static readonly HashSet<string> Keywords = [.. PythonLexer.Keywords, "public", "private", "static", "int", "double", "return", "new", "class", "void", "final", "if", "for", "while", "else"];

        public LayerLayout Layout { get; } = LayerLayout.Create(3, 16);

        public int Snippets { get; private set; }

        public void Extract(IEnumerable<CodeSnippet> corpus, IActivationSink sink, IProgress<ExtractionProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            sink.Begin(Layout);
            foreach (var s in corpus)
            {
                var tokens = s.ResolveTokens().Select(t => s.Text.Substring(t.Start, t.Length)).ToArray();
                var values = new float[tokens.Length * Layout.Neurons];
                for (int r = 0; r < tokens.Length; r++)
                {
                    string t = tokens[r];
                    uint h = (uint)t.Aggregate(17, (a, c) => unchecked(a * 31 + c));
                    float[] f = [char.IsDigit(t[0]) ? 1 : 0, t[0] is '"' or '\'' ? 1 : 0, Keywords.Contains(t) ? 1 : 0, (h % 1000) / 1000f];
                    for (int n = 0; n < Layout.Neurons; n++) values[r * Layout.Neurons + n] = f[n % 4] * (n / 16 + 1) + ((h >> (n % 23)) % 7) / 20f;
                }
                sink.Write(tokens, values);
                progress?.Report(new ExtractionProgress(++Snippets, null, 0));
            }
            sink.Complete();
        }

        public void Dispose() { }
    }

    private sealed class Collect<T> : IProgress<T>
    {
        public List<T> Items { get; } = [];

        public void Report(T value) => Items.Add(value);
    }

    private static AnalyzeOptions Small => new()
    {
        PerClass = 40, Seed = 3, CkaMinibatches = 3, ModelName = "text features",
        Pipeline = new CcfsOptions { Probe = CcfsTestData.FastProbe, MinimalSet = new() { Grid = [0.05, 0.1, 0.2] }, Clustering = new() { Thresholds = [0.3, 0.6] } },
    };

    [Test]
    public void RunOnTheBuiltInCorpusGivesTheReportDocumentAndData()
    {
        var progress = new Collect<AnalyzeProgress>();
        var result = new CodeAnalysisWorkflow(Small).Run(CodeCorpus.BuiltIn(), new TextFeatureSource(), progress);

        Assert.That(result.Tokens.Count, Is.EqualTo(7742));
        Assert.That(result.Activations.Rows, Is.EqualTo(result.Tokens.Count));
        Assert.That(result.Activations.Tokens, Is.EqualTo(result.Tokens.Tokens));
        Assert.That(result.Report.ClassNames, Is.EqualTo(new[] { "IDENT", "KEYWORD", "NUMBER", "STRING" }));
        Assert.That(result.Data.Train.Rows, Is.EqualTo(result.Dataset.Train.Count).And.EqualTo(160));
        Assert.That(result.Data.Dev.Rows, Is.EqualTo(result.Dataset.Valid.Count));
        Assert.That(result.Report.InputNeurons, Is.EqualTo(48));
        Assert.That(result.Cka.Count, Is.EqualTo(3));
        Assert.That(result.Data.Train.Neighbours!.Rows, Is.EqualTo(160), "analyze attaches the neighbouring tokens");
        Assert.That(result.Report.InputBaselines.Select(r => r.Name), Is.EqualTo(new[] { "Surface rule", "Context only" }));
        Assert.That(result.Document.Stages!.Select(s => s.Name), Does.Contain("Context only"));
        Assert.That(result.TimingsSeconds.Take(3).Select(t => t.Key), Is.EqualTo(new[] { "label", "extraction", "cka" }));
        Assert.That(result.Report.PeakMemoryBytes.Select(m => m.Key), Is.EqualTo(result.TimingsSeconds.Select(t => t.Key)), "peak memory of the same stages");
        Assert.That(result.Report.PeakMemoryBytes.Select(m => m.Value), Has.All.GreaterThan(0));
        Assert.That(result.Document.Timings!.Select(t => t.PeakMemoryBytes), Has.All.Not.Null);
        Assert.That(result.Document.Model, Does.Contain("text features").And.Contain("built-in"));
        Assert.That(result.Document.HeatMaps, Has.Count.EqualTo(1));
        // One map per concept, of the neuron with the strongest evidence (ranked by AUROC in the document's concept tables).
        Assert.That(result.Document.ActivationMaps!.Select(m => m.NeuronId),
            Is.EqualTo(result.Document.Concepts!.Where(c => c.Neurons is { Count: > 0 } && c.Neurons[0].Auroc is not null).Select(c => c.Neurons![0].NeuronId)));

        // Each stage starts, and completes once, in order.
        var completed = progress.Items.Where(p => p.Completed).Select(p => p.Stage).ToArray();
        Assert.That(completed, Is.EqualTo(new[] { AnalyzeStage.Labelling, AnalyzeStage.Extracting, AnalyzeStage.Pipeline, AnalyzeStage.Report }));
        Assert.That(progress.Items.Where(p => !p.Completed && p.Done == 0).Select(p => p.Stage), Is.EqualTo(completed));
        Assert.That(progress.Items.Count(p => p.Stage == AnalyzeStage.Extracting && p.Done > 0 && !p.Completed), Is.GreaterThan(100), "one step per line");
        Assert.That(progress.Items.Select(p => p.Step), Is.Ordered);
    }

    [Test]
    public void RunSameSeedSameReportAndSaveWritesEveryOutput()
    {
        var a = new CodeAnalysisWorkflow(Small).Run(CodeCorpus.BuiltIn(), new TextFeatureSource());
        var b = new CodeAnalysisWorkflow(Small).Run(CodeCorpus.BuiltIn(), new TextFeatureSource());
        Assert.That(Strip(b.Report).ToJson(), Is.EqualTo(Strip(a.Report).ToJson()));
        var c = new CodeAnalysisWorkflow(Small with { Seed = 4 }).Run(CodeCorpus.BuiltIn(), new TextFeatureSource());
        Assert.That(c.Data.Train.Activations.Tokens, Is.Not.EqualTo(a.Data.Train.Activations.Tokens), "another seed draws another dataset");

        var svg = Path.Combine(TempDir, "svg");
        Directory.CreateDirectory(svg);
        var outputs = new AnalyzeOutputs { HtmlPath = Path.Combine(TempDir, "r.html"), JsonPath = Path.Combine(TempDir, "r.json"), SvgFolder = svg };
        a.Save(outputs);
        Assert.That(File.ReadAllText(outputs.HtmlPath), Does.StartWith("<!DOCTYPE html>").IgnoreCase);
        Assert.That(CcfsReport.Load(outputs.JsonPath).ClassNames, Is.EqualTo(a.Report.ClassNames));
        Assert.That(Directory.GetFiles(svg, "neuron-*.svg"), Has.Length.EqualTo(a.Document.ActivationMaps!.Select(m => m.NeuronId).Distinct().Count()));
        Assert.That(() => a.Save(new AnalyzeOutputs { HtmlPath = Path.Combine(TempDir, "no", "r.html") }), Throws.TypeOf<DirectoryNotFoundException>().With.Message.Contains("no"));
    }

    private static CcfsReport Strip(CcfsReport r) => r with { TimingsSeconds = [], PeakMemoryBytes = [] };

    [Test]
    public void BadSettingsAndInputsAreClearErrors()
    {
        Assert.That(() => new CodeAnalysisWorkflow(new AnalyzeOptions { PerClass = 2 }), Throws.ArgumentException.With.Message.Contains("PerClass"));
        Assert.That(() => new CodeAnalysisWorkflow(new AnalyzeOptions { Classes = ["IDENT"] }), Throws.ArgumentException.With.Message.Contains("Classes"));
        Assert.That(() => new CodeAnalysisWorkflow(new AnalyzeOptions { CkaMinibatches = 0 }), Throws.ArgumentException.With.Message.Contains("CkaMinibatches"));
        var onlyIdents = CodeCorpus.FromTexts([new CodeFile("a.py", "x\ny\n", CodeLanguage.Python)]);
        Assert.That(() => new CodeAnalysisWorkflow(Small).Run(onlyIdents, new TextFeatureSource()),
            Throws.ArgumentException.With.Message.Contains("a.py").And.Message.Contains("at least two"));
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.That(() => new CodeAnalysisWorkflow(Small).Run(CodeCorpus.BuiltIn(), new TextFeatureSource(), null, cts.Token), Throws.InstanceOf<OperationCanceledException>());
    }
}
