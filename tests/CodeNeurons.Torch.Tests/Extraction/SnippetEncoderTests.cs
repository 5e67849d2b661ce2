using CodeNeurons.Analysis;
using CodeNeurons.Data;
using CodeNeurons.Tasks;
using CodeNeurons.Tests.Workflows;
using CodeNeurons.Tokenization;
using CodeNeurons.Torch.Extraction;
using CodeNeurons.Torch.Models;
using CodeNeurons.Torch.Training;
using CodeNeurons.Workflows;
using TorchSharp;
using static CodeNeurons.Tests.Extraction.ExtractionTestUtil;

namespace CodeNeurons.Tests.Extraction;

/// <summary><see cref="SnippetRepresentations"/> as an <see cref="ISnippetEncoder"/>: per-token rows, pair sources, and the snippet workflow on tiny checkpoints.</summary>
[TestFixture]
public sealed class SnippetEncoderTests : TempDirectoryTest
{
    private const double Tolerance = 1e-5;
    private const string Text = "for (int i = 0; i < n; i++) { sum += values[i]; }";

    /// <summary>Each model with a pooling: first for BERT, mean for RoBERTa, last for GPT-2.</summary>
    private static readonly object[] PoolingCases =
    [
        new object[] { "tiny-bert", SentencePooling.First },
        new object[] { "tiny-roberta", SentencePooling.Mean },
        new object[] { "tiny-gpt2", SentencePooling.Last },
    ];

    [TestCaseSource(nameof(PoolingCases))]
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

        AssertRowsAreTheHiddenStatesOfOneUnpaddedRun(model, ids, tokens);

        // The snippet's pooled row is the first / last / mean of the token rows.
        AssertPoolsTo(tokens, reps.Encode([Text]).Row(0), pooling);
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

    [TestCaseSource(nameof(PoolingCases))]
    public void JointPairTokenRowsAreTheHiddenStatesOfTheOneInputAndPoolToThePairRow(string modelName, SentencePooling pooling)
    {
        using var model = HfModel.Load(ModelFolder(modelName));
        var tokenizer = HfTokenizer.Load(ModelFolder(modelName));
        using var reps = new SnippetRepresentations(model, tokenizer, new SnippetRepresentationOptions { PairInput = PairInput.Joint, Pooling = pooling, MaxLength = 64 });
        ISnippetEncoder encoder = reps;
        const string Query = "sum the values";
        Assert.That(encoder.PairInput, Is.EqualTo(PairInput.Joint));
        var tokens = encoder.EncodePairTokens(Query, Text);
        var ids = new ClassifierInputs(tokenizer, model.Config, 64, false).Encode(new ClassificationExample(Query, Text, 0));
        int[] a = tokenizer.Encode(Query, false).Ids, b = tokenizer.Encode(Text, false).Ids;
        int lead = modelName == "tiny-gpt2" ? 0 : 1, between = modelName switch { "tiny-bert" => 1, "tiny-roberta" => 2, _ => 0 };
        Assert.That(ids, Is.EqualTo(ids[..lead].Concat(a).Concat(ids.AsSpan(lead + a.Length, between).ToArray()).Concat(b).Concat(ids[(lead + a.Length + between + b.Length)..])));
        Assert.That(ids, Has.Length.EqualTo(a.Length + b.Length + 2 * lead + between), "the first text's tokens, then the second's, with the specials");
        Assert.That(tokens.Rows, Is.EqualTo(ids.Length));
        Assert.That(tokens.Layout, Is.EqualTo(reps.Layout));
        if (modelName == "tiny-bert") Assert.That((tokens.Tokens![0], tokens.Tokens[a.Length + 1], tokens.Tokens[^1]), Is.EqualTo(("[CLS]", "[SEP]", "[SEP]")));
        AssertRowsAreTheHiddenStatesOfOneUnpaddedRun(model, ids, tokens);

        AssertPoolsTo(tokens, encoder.EncodePairs([(Query, Text), ("x", "y")]).Row(0), pooling);
    }

    /// <summary>Row p of <paramref name="tokens"/> is the hidden states at position p of one unpadded run of <paramref name="ids"/>, every layer.</summary>
    private static void AssertRowsAreTheHiddenStatesOfOneUnpaddedRun(IHiddenStatesModel model, int[] ids, ActivationSet tokens)
    {
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
    }

    /// <summary>The pooled <paramref name="row"/> is the first / last / mean of the token rows.</summary>
    private static void AssertPoolsTo(ActivationSet tokens, ReadOnlySpan<float> row, SentencePooling pooling)
    {
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

    private static readonly string[] TrainedModels = ["tiny-bert", "tiny-roberta", "tiny-gpt2"];

    /// <summary>
    /// A classifier fine-tuned on pairs reads its head from the joint input's pooled last layer: that row through the saved head
    /// (written out here from transformers' modeling code) gives the fine-tuned model's logits, and their cross-entropy is the
    /// trainer's evaluation loss.
    /// </summary>
    [TestCaseSource(nameof(TrainedModels))]
    public void JointLastLayerRowThroughTheSavedHeadGivesTheFineTunedClassifiersLogits(string modelName)
    {
        string folder = Path.Combine(TempDir, "clone-" + modelName);
        var options = CodeNeurons.Tests.Training.FineTuningTestData.Fast() with { MaxLength = 64 };   // no cut: pairs of different lengths
        var data = CodeNeurons.Tests.Training.FineTuningTestData.Clone(8, 6);
        var trainer = new SequenceClassificationTrainer(options);
        trainer.Train(ModelFolder(modelName), data, folder);

        var config = HfModelConfig.Load(Path.Combine(folder, "config.json"));
        int last = config.NumLayers, h = config.HiddenSize;
        using var reps = SnippetRepresentations.Load(folder, new SnippetRepresentationOptions { PairInput = PairInput.Joint, MaxLength = options.MaxLength, Layers = [last] });
        var pairs = data.Dev.Select(e => (e.First, e.Second!)).ToArray();
        var rows = reps.EncodePairs(pairs);
        var head = SafeTensorsReader.Read(Path.Combine(folder, "model.safetensors"));
        double[] Linear(string name, ReadOnlySpan<float> x, bool bias = true)
        {
            var w = head[name + ".weight"];
            int outputs = (int)w.Shape[0], inputs = (int)w.Shape[1];
            var y = new double[outputs];
            for (int o = 0; o < outputs; o++)
            {
                double sum = bias ? head[name + ".bias"].Data[o] : 0;
                for (int i = 0; i < inputs; i++) sum += (double)w.Data[o * inputs + i] * x[i];
                y[o] = sum;
            }
            return y;
        }
        float[] Tanh(double[] v) => v.Select(x => (float)Math.Tanh(x)).ToArray();
        double[] FromRow(ReadOnlySpan<float> x) => config.ModelType switch
        {
            "bert" => Linear("classifier", Tanh(Linear("bert.pooler.dense", x))),
            "roberta" => Linear("classifier.out_proj", Tanh(Linear("classifier.dense", x))),
            _ => Linear("score", x, bias: false),
        };
        var analysed = Enumerable.Range(0, pairs.Length).Select(i => FromRow(rows.Row(i))).ToArray();

        // The fine-tuned model as the trainer runs it: the folder loaded back, the trainer's input builder, one padded batch.
        var checkpoint = CheckpointLoader.ReadFolder(folder);
        var encoder = (TorchHiddenStatesModel)HfModel.Create(config, checkpoint, folder, torch.CPU, torch.ScalarType.Float32);
        using var classifier = new SequenceClassifier(encoder, checkpoint, 2, torch.CPU, seed: 999);
        var inputs = new ClassifierInputs(HfTokenizer.Load(folder), config, options.MaxLength, false);
        var ids = data.Dev.Select(inputs.Encode).ToArray();
        Assert.That(ids.Select(r => r.Length).Distinct().Count(), Is.GreaterThan(1), "a padded batch");
        var (flat, flatMask, seq) = inputs.Pad(ids);
        float[] logits;
        using (torch.no_grad())
        using (var scope = torch.NewDisposeScope())
        {
            using var x = torch.tensor(flat, [ids.Length, seq], torch.ScalarType.Int64);
            using var m = torch.tensor(flatMask, [ids.Length, seq], torch.ScalarType.Int64);
            logits = classifier.Logits(x, m, training: false, 0.0).data<float>().ToArray();
        }
        double max = 0, loss = 0;
        for (int i = 0; i < pairs.Length; i++)
        {
            for (int c = 0; c < 2; c++) max = Math.Max(max, Math.Abs(analysed[i][c] - logits[i * 2 + c]));
            double z = Math.Max(analysed[i][0], analysed[i][1]);
            loss += z + Math.Log(Math.Exp(analysed[i][0] - z) + Math.Exp(analysed[i][1] - z)) - analysed[i][data.Dev[i].Label];
        }
        var scores = trainer.Evaluate(classifier, inputs, ids, data.Dev, torch.CPU, CancellationToken.None);
        double spread = logits.Max() - logits.Min();
        TestContext.Out.WriteLine($"{modelName}: max abs logit difference {max:E2} (logits span {spread:E2}); loss {loss / pairs.Length:F6} vs the trainer's {scores.Loss:F6}");
        Assert.That(max, Is.LessThanOrEqualTo(1e-5));
        Assert.That(spread, Is.GreaterThan(1000 * Math.Max(max, 1e-9)), "the logits differ between pairs far more than the two computations do");
        Assert.That(loss / pairs.Length, Is.EqualTo(scores.Loss).Within(1e-5));
    }

    [Test]
    public void CloneWorkflowWithJointInputsDrawsTheOneInputAndRecordsTheSetting()
    {
        var data = SnippetTaskData.Load(CodeTask.CloneDetection, SnippetTaskFixtures.CloneFolder(TempDir));
        using var reps = SnippetRepresentations.Load(ModelFolder("tiny-bert"), new SnippetRepresentationOptions { PairInput = PairInput.Joint, MaxLength = 64 });
        var result = new SnippetAnalysisWorkflow(Small).Run(data, reps);
        Assert.That(result.Report.InputNeurons, Is.EqualTo(reps.Layout.Neurons), "H per layer: the joint input's [CLS]");
        var (map, row, pair) = JointPairChecks.RecordedAndDrawnAsOneSequence(result, data);
        Assert.That(map.Sentences, Has.Count.EqualTo(2), "one firing pair and one quiet one, each one sequence");
        Assert.That(map.Label, Does.Contain("reads joint input unit"));
        var tokens = reps.EncodePairTokens(pair.First, pair.Second);
        int column = tokens.NeuronIds.ToList().IndexOf(map.NeuronId);
        Assert.That(map.Sentences![0].Select(t => t.Token), Is.EqualTo(tokens.Tokens));
        Assert.That(map.Sentences[0].Select(t => t.Value), Is.EqualTo(Enumerable.Range(0, tokens.Rows).Select(r => (double)tokens[r, column])));
        Assert.That(map.Sentences[0].Count(t => t.Token == "[SEP]"), Is.EqualTo(2), "both texts in one sequence");
        Assert.That(map.Sentences[0][0].Value, Is.EqualTo(result.Activations[row, result.Activations.NeuronIds.ToList().IndexOf(map.NeuronId)]).Within(Tolerance));
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
