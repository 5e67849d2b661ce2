using CodeNeurons.Analysis;
using CodeNeurons.Data;
using CodeNeurons.Tasks;
using CodeNeurons.Tests.Workflows;
using CodeNeurons.Tokenization;
using CodeNeurons.Torch.Extraction;
using CodeNeurons.Torch.Models;
using CodeNeurons.Workflows;
using static CodeNeurons.Tests.Extraction.ExtractionTestUtil;

namespace CodeNeurons.Tests.Extraction;

/// <summary><see cref="SnippetRepresentations"/> as an <see cref="ISnippetEncoder"/>: per-token rows, pair sources, and the snippet workflow on tiny checkpoints.</summary>
[TestFixture]
public sealed class SnippetEncoderTests : TempDirectoryTest
{
    private const double Tolerance = 1e-5;
    private const string Text = "for (int i = 0; i < n; i++) { sum += values[i]; }";

    [TestCase("tiny-bert", SentencePooling.First)]
    [TestCase("tiny-roberta", SentencePooling.Mean)]
    [TestCase("tiny-gpt2", SentencePooling.Last)]
    public void TokenRowsAreTheHiddenStatesAndPoolToTheSnippetRow(string modelName, SentencePooling pooling)
    {
        using var model = HfModel.Load(ModelFolder(modelName));
        var tokenizer = HfTokenizer.Load(ModelFolder(modelName));
        using var reps = new SnippetRepresentations(model, tokenizer, new SnippetRepresentationOptions { Pooling = pooling });
        var tokens = reps.EncodeTokens(Text);
        var ids = tokenizer.Encode(Text).Ids;
        Assert.That(tokens.Rows, Is.EqualTo(ids.Length));
        Assert.That(tokens.Layout, Is.EqualTo(reps.Layout));
        Assert.That(tokens.Tokens, Has.Count.EqualTo(ids.Length).And.All.Not.Contain("Ġ"));

        // Row p = the hidden states at position p of an unpadded run, every layer.
        var input = new long[1, ids.Length];
        var mask = new long[1, ids.Length];
        for (int i = 0; i < ids.Length; i++) { input[0, i] = ids[i]; mask[0, i] = 1; }
        var hs = model.Forward(input, mask);
        int h = hs.HiddenSize;
        double max = 0;
        for (int p = 0; p < ids.Length; p++)
            for (int l = 0; l < hs.LayerCount; l++)
                for (int j = 0; j < h; j++)
                    max = Math.Max(max, Math.Abs(tokens[p, l * h + j] - hs.Values[l, 0, p, j]));
        Assert.That(max, Is.LessThanOrEqualTo(Tolerance));

        // The snippet's pooled row is the first / last / mean of the token rows.
        var row = reps.Encode([Text]).Row(0);
        double pooledMax = 0;
        for (int n = 0; n < tokens.Neurons; n++)
        {
            double expected = pooling switch
            {
                SentencePooling.First => tokens[0, n],
                SentencePooling.Last => tokens[tokens.Rows - 1, n],
                _ => Enumerable.Range(0, tokens.Rows).Average(p => (double)tokens[p, n]),
            };
            pooledMax = Math.Max(pooledMax, Math.Abs(row[n] - expected));
        }
        Assert.That(pooledMax, Is.LessThanOrEqualTo(Tolerance));
    }

    [TestCase(PairCombination.Concat)]
    [TestCase(PairCombination.ConcatDifferenceProduct)]
    public void PairSourceNamesTheInputAndTheUnitThePairRowsHold(PairCombination combination)
    {
        using var reps = SnippetRepresentations.Load(ModelFolder("tiny-bert"), new SnippetRepresentationOptions { PairCombination = combination });
        ISnippetEncoder encoder = reps;
        int h = reps.Layout.NeuronsPerLayer, width = combination == PairCombination.Concat ? 2 * h : 4 * h;
        const string a = "int a = 0;", b = "return x + 1;";
        var pair = encoder.EncodePairs([(a, b)]);
        var u = reps.Encode([a]).Row(0);
        var v = reps.Encode([b]).Row(0);
        Assert.That(pair.Layout.NeuronsPerLayer, Is.EqualTo(width));
        int layer = reps.Layout.Layers - 1;
        foreach (int unit in new[] { 3, h + 3, 2 * h + 3, 3 * h + 3 }.Where(x => x < width))
        {
            var s = encoder.PairSource(unit)!;
            Assert.That(s.Unit, Is.EqualTo(3));
            float ui = u[layer * h + 3], vi = v[layer * h + 3];
            double expected = (s.First, s.Second, s.Part) switch
            {
                (true, false, _) => ui,
                (false, true, _) => vi,
                (_, _, "first − second") => ui - vi,
                _ => ui * vi,
            };
            Assert.That(pair[0, layer * width + unit], Is.EqualTo(expected).Within(1e-5), s.Part);
        }
        Assert.That(encoder.PairSource(width), Is.Null);
        Assert.That(encoder.PairSource(-1), Is.Null);
    }

    private static SnippetAnalyzeOptions Small => new()
    {
        Seed = 1, CkaMinibatches = 2, ModelName = "tiny", MinConceptRows = 3, MapSnippets = 1,
        Concepts = [CodeNeurons.Concepts.SnippetConcepts.Loop, CodeNeurons.Concepts.SnippetConcepts.Comparison],
        Pipeline = new CcfsOptions
        {
            Probe = new() { Epochs = 5, LearningRate = 0.05, Seed = 1 }, MinimalSet = new() { Grid = [0.1, 0.5] },
            Clustering = new() { Thresholds = [0.3] }, Combined = new() { Pairs = [new(1, 1)], Thresholds = [null] }, LayerSelection = new() { Deltas = [1] },
        },
    };

    [Test]
    public void DefectWorkflowOnATinyCheckpointDrawsTheModelsTokens()
    {
        var data = SnippetTaskData.Load(CodeTask.DefectDetection, SnippetTaskFixtures.DefectFolder(TempDir));
        using var reps = SnippetRepresentations.Load(ModelFolder("tiny-bert"));
        var result = new SnippetAnalysisWorkflow(Small).Run(data, reps);
        Assert.That(result.Activations.Rows, Is.EqualTo(36));
        Assert.That(result.Report.InputNeurons, Is.EqualTo(reps.Layout.Neurons));
        Assert.That(result.ConceptProbes.Select(p => p.Concept), Is.EqualTo(new[] { "LOOP", "COMPARISON" }));
        var map = result.Document.ActivationMaps!.Last();
        Assert.That(map.Sentences, Has.Count.EqualTo(2), "one firing snippet and one quiet one");
        int row = int.Parse(map.SentenceCaptions![0]!.Split("example ")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        var tokens = reps.EncodeTokens(SnippetTaskFixtures.Function(row));
        int column = tokens.NeuronIds.ToList().IndexOf(map.NeuronId);
        Assert.That(map.Sentences![0].Select(t => t.Token), Is.EqualTo(tokens.Tokens));
        Assert.That(map.Sentences[0].Select(t => t.Value), Is.EqualTo(Enumerable.Range(0, tokens.Rows).Select(r => (double)tokens[r, column])));
        Assert.That(map.Sentences[0][0].Token, Is.EqualTo("[CLS]"));
        // First pooling: the [CLS] token's activation is the snippet's value of the neuron.
        Assert.That(map.Sentences[0][0].Value, Is.EqualTo(result.Activations[row, result.Activations.NeuronIds.ToList().IndexOf(map.NeuronId)]).Within(Tolerance));
    }

    [Test]
    public void CloneWorkflowOnATinyCheckpointShowsBothFunctions()
    {
        var data = SnippetTaskData.Load(CodeTask.CloneDetection, SnippetTaskFixtures.CloneFolder(TempDir));
        using var reps = SnippetRepresentations.Load(ModelFolder("tiny-roberta"));
        var result = new SnippetAnalysisWorkflow(Small).Run(data, reps);
        Assert.That(result.Report.InputNeurons, Is.EqualTo(2 * reps.Layout.Neurons), "[u; v] per layer");
        var map = result.Document.ActivationMaps![0];
        Assert.That(map.Columns, Is.EqualTo(2));
        Assert.That(map.Sentences, Has.Count.EqualTo(4));
        Assert.That(map.Label, Does.Contain("reads"));
    }
}
