using System.Text.Json;
using CodeNeurons.Tasks;
using CodeNeurons.Torch.Models;
using CodeNeurons.Torch.Training;

namespace CodeNeurons.Tests.Training;

[TestFixture]
public sealed class SequenceClassificationTrainerTests : TempDirectoryTest
{
    private static readonly string[] Models = ["tiny-bert", "tiny-roberta", "tiny-gpt2"];

    private string Output => Path.Combine(TempDir, "out");


    [TestCaseSource(nameof(Models))]
    public void LossFallsOnASeparableToyTask(string model)
    {
        var trainer = new SequenceClassificationTrainer(FineTuningTestData.Fast(epochs: 15) with { LearningRate = 3e-3, BatchSize = 8, WarmupFraction = 0, Dropout = 0 });
        var r = trainer.Train(TestData.Fixture("hf-models", model), FineTuningTestData.Defect(), Output);
        TestContext.Out.WriteLine(string.Join(" ", r.Epochs.Select(e => $"{e.TrainLoss:F3}/{e.Dev.Loss:F3}/{e.Dev.Accuracy:F2}")));
        Assert.That(r.Epochs[^1].TrainLoss, Is.LessThan(0.75 * r.Epochs[0].TrainLoss), "training loss of the last epoch against the first");
        Assert.That(r.Epochs[^1].Dev.Loss, Is.LessThan(r.Epochs[0].Dev.Loss), "dev loss");
        Assert.That(r.BestDev.Accuracy, Is.EqualTo(1.0), "the toy task is separable by the words used");
        Assert.That(r.Test!.Accuracy, Is.GreaterThanOrEqualTo(0.875));
    }

    [Test]
    public void LossFallsOnASeparablePairTask()
    {
        var trainer = new SequenceClassificationTrainer(FineTuningTestData.Fast(epochs: 4) with { LearningRate = 1e-2, BatchSize = 8, WarmupFraction = 0, Dropout = 0 });
        var r = trainer.Train(TestData.Fixture("hf-models", "tiny-roberta"), FineTuningTestData.Clone(), Output);
        TestContext.Out.WriteLine(string.Join(" ", r.Epochs.Select(e => $"{e.TrainLoss:F3}/{e.Dev.Loss:F3}/{e.Dev.F1:F2}")));
        Assert.That(r.Metric, Is.EqualTo(ClassificationMetric.F1));
        Assert.That(r.Epochs[^1].TrainLoss, Is.LessThan(r.Epochs[0].TrainLoss));
    }

    /// <summary>
    /// Names and shapes of transformers' <c>*ForSequenceClassification</c> state dicts for the tiny configs, written from
    /// transformers' modeling code: BertModel (embeddings, encoder.layer.N with attention.self.{query,key,value},
    /// attention.output.{dense,LayerNorm}, intermediate.dense, output.{dense,LayerNorm}, pooler.dense) under <c>bert.</c> plus
    /// <c>classifier</c> Linear(H, labels); RobertaModel(add_pooling_layer=False) under <c>roberta.</c> plus
    /// RobertaClassificationHead <c>classifier.dense</c> Linear(H, H) and <c>classifier.out_proj</c> Linear(H, labels);
    /// GPT2Model under <c>transformer.</c> (wte, wpe, h.N.{ln_1, attn.c_attn, attn.c_proj, ln_2, mlp.c_fc, mlp.c_proj}
    /// as Conv1D [in, out], ln_f) plus <c>score</c> Linear(H, labels, bias=False). Buffers (position_ids, token_type_ids,
    /// attn.bias) are non-persistent and not saved.
    /// </summary>
    private static Dictionary<string, long[]> Expected(string model)
    {
        const long h = 32, i = 64, v = 640, labels = 2;
        var e = new Dictionary<string, long[]>();
        if (model == "tiny-gpt2")
        {
            e["transformer.wte.weight"] = [v, h];
            e["transformer.wpe.weight"] = [128, h];
            for (int l = 0; l < 2; l++)
            {
                string p = $"transformer.h.{l}.";
                e[p + "ln_1.weight"] = [h];
                e[p + "ln_1.bias"] = [h];
                e[p + "attn.c_attn.weight"] = [h, 3 * h];
                e[p + "attn.c_attn.bias"] = [3 * h];
                e[p + "attn.c_proj.weight"] = [h, h];
                e[p + "attn.c_proj.bias"] = [h];
                e[p + "ln_2.weight"] = [h];
                e[p + "ln_2.bias"] = [h];
                e[p + "mlp.c_fc.weight"] = [h, 4 * h];
                e[p + "mlp.c_fc.bias"] = [4 * h];
                e[p + "mlp.c_proj.weight"] = [4 * h, h];
                e[p + "mlp.c_proj.bias"] = [h];
            }
            e["transformer.ln_f.weight"] = [h];
            e["transformer.ln_f.bias"] = [h];
            e["score.weight"] = [labels, h];
            return e;
        }
        bool roberta = model == "tiny-roberta";
        string b = roberta ? "roberta." : "bert.";
        e[b + "embeddings.word_embeddings.weight"] = [v, h];
        e[b + "embeddings.position_embeddings.weight"] = [roberta ? 130 : 128, h];
        e[b + "embeddings.token_type_embeddings.weight"] = [roberta ? 1 : 2, h];
        e[b + "embeddings.LayerNorm.weight"] = [h];
        e[b + "embeddings.LayerNorm.bias"] = [h];
        for (int l = 0; l < 2; l++)
        {
            string p = $"{b}encoder.layer.{l}.";
            foreach (var n in new[] { "attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense" })
            {
                e[p + n + ".weight"] = [h, h];
                e[p + n + ".bias"] = [h];
            }
            e[p + "attention.output.LayerNorm.weight"] = [h];
            e[p + "attention.output.LayerNorm.bias"] = [h];
            e[p + "intermediate.dense.weight"] = [i, h];
            e[p + "intermediate.dense.bias"] = [i];
            e[p + "output.dense.weight"] = [h, i];
            e[p + "output.dense.bias"] = [h];
            e[p + "output.LayerNorm.weight"] = [h];
            e[p + "output.LayerNorm.bias"] = [h];
        }
        if (roberta)
        {
            e["classifier.dense.weight"] = [h, h];
            e["classifier.dense.bias"] = [h];
            e["classifier.out_proj.weight"] = [labels, h];
            e["classifier.out_proj.bias"] = [labels];
        }
        else
        {
            e["bert.pooler.dense.weight"] = [h, h];
            e["bert.pooler.dense.bias"] = [h];
            e["classifier.weight"] = [labels, h];
            e["classifier.bias"] = [labels];
        }
        return e;
    }

    [TestCaseSource(nameof(Models))]
    public void SavedFolderHasTransformersNamesShapesAndLabels(string model)
    {
        var r = new SequenceClassificationTrainer(FineTuningTestData.Fast()).Train(TestData.Fixture("hf-models", model), FineTuningTestData.Defect(8, 4), Output);
        var saved = SafeTensorsReader.Read(Path.Combine(Output, "model.safetensors"));
        var expected = Expected(model);
        Assert.That(saved.Keys.Order(StringComparer.Ordinal), Is.EqualTo(expected.Keys.Order(StringComparer.Ordinal)));
        foreach (var (name, shape) in expected) Assert.That(saved[name].Shape, Is.EqualTo(shape), name);

        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(Output, "config.json")));
        var root = config.RootElement;
        string architecture = model switch { "tiny-bert" => "BertForSequenceClassification", "tiny-roberta" => "RobertaForSequenceClassification", _ => "GPT2ForSequenceClassification" };
        Assert.That(r.Architecture, Is.EqualTo(architecture));
        Assert.That(root.GetProperty("architectures")[0].GetString(), Is.EqualTo(architecture));
        Assert.That(root.GetProperty("num_labels").GetInt32(), Is.EqualTo(2));
        Assert.That(root.GetProperty("id2label").GetProperty("1").GetString(), Is.EqualTo("defective"));
        Assert.That(root.GetProperty("label2id").GetProperty("clean").GetInt32(), Is.EqualTo(0));
        if (model == "tiny-gpt2") Assert.That(root.GetProperty("pad_token_id").ValueKind, Is.EqualTo(JsonValueKind.Number), "GPT2ForSequenceClassification needs pad_token_id");
        using var reloaded = HfModel.Load(Output);       // the extraction loads the folder back
        Assert.That(reloaded.Config.ModelType, Is.EqualTo(model["tiny-".Length..].Replace("-encoder", "")));
    }

    [TestCaseSource(nameof(Models))]
    public void SaveThenLoadRoundTripsEveryTensorBitForBit(string model)
    {
        new SequenceClassificationTrainer(FineTuningTestData.Fast()).Train(TestData.Fixture("hf-models", model), FineTuningTestData.Defect(8, 4), Output);
        var saved = SafeTensorsReader.Read(Path.Combine(Output, "model.safetensors"));
        // Load the folder as the extraction does, and as the trainer does (head from the checkpoint, not the seed's draw).
        var config = HfModelConfig.Load(Path.Combine(Output, "config.json"));
        var checkpoint = CheckpointLoader.ReadFolder(Output);
        var encoder = (TorchHiddenStatesModel)HfModel.Create(config, checkpoint, Output, TorchSharp.torch.CPU, TorchSharp.torch.ScalarType.Float32);
        using var classifier = new SequenceClassifier(encoder, checkpoint, 2, TorchSharp.torch.CPU, seed: 12345);
        var state = classifier.StateDict();
        Assert.That(state.Keys.Order(StringComparer.Ordinal), Is.EqualTo(saved.Keys.Order(StringComparer.Ordinal)));
        foreach (var (name, t) in saved)
        {
            Assert.That(state[name].Shape, Is.EqualTo(t.Shape), name);
            Assert.That(BitsOf(state[name].Data), Is.EqualTo(BitsOf(t.Data)), name);
        }
    }

    private static int[] BitsOf(float[] values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();

    [Test]
    public void SameSeedGivesTheSameWeightsOnCpu()
    {
        var data = FineTuningTestData.Defect(12, 4);
        byte[] Run(int seed, string name)
        {
            string output = Path.Combine(TempDir, name);
            new SequenceClassificationTrainer(FineTuningTestData.Fast(epochs: 2) with { Seed = seed }).Train(TestData.Fixture("hf-models", "tiny-roberta"), data, output);
            return File.ReadAllBytes(Path.Combine(output, "model.safetensors"));
        }
        var a = Run(7, "a");
        Assert.That(Run(7, "b"), Is.EqualTo(a), "same seed");
        Assert.That(Run(8, "c"), Is.Not.EqualTo(a), "another seed draws another head, order and dropout");
    }

    [Test]
    public void ReportsProgressPerStepAndStopsWhenCancelled()
    {
        var reports = new List<FineTuningProgress>();
        var trainer = new SequenceClassificationTrainer(FineTuningTestData.Fast(epochs: 2));
        var r = trainer.Train(TestData.Fixture("hf-models", "tiny-bert"), FineTuningTestData.Defect(10, 4), Output, new SynchronousReports(reports));
        Assert.That(r.Steps, Is.EqualTo(6), "2 epochs × ⌈10 / 4⌉ batches");
        Assert.That(reports.Select(p => p.Step), Is.EqualTo(new long[] { 1, 2, 3, 4, 5, 6 }));
        Assert.That(reports.All(p => p.TotalSteps == 6 && double.IsFinite(p.Loss)), Is.True);
        Assert.That(reports[0].LearningRate, Is.Zero, "warm-up starts at 0");

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        string other = Path.Combine(TempDir, "cancelled");
        Assert.Throws<OperationCanceledException>(() => trainer.Train(TestData.Fixture("hf-models", "tiny-bert"), FineTuningTestData.Defect(10, 4), other, cancellationToken: cancelled.Token));
        Assert.That(Directory.Exists(other), Is.False, "nothing is written when cancelled");
    }

    private sealed class SynchronousReports(List<FineTuningProgress> reports) : IProgress<FineTuningProgress>
    {
        public void Report(FineTuningProgress value) => reports.Add(value);
    }

    [Test]
    public void LabelOutOfRangeIsAClearError()
    {
        var data = FineTuningTestData.Defect(4, 4);
        data = data with { Train = [.. data.Train, new ClassificationExample("x", null, 2)] };
        var ex = Assert.Throws<ArgumentException>(() => new SequenceClassificationTrainer(FineTuningTestData.Fast()).Train(TestData.Fixture("hf-models", "tiny-bert"), data, Output));
        Assert.That(ex!.Message, Does.Contain("train example 4 has label 2").And.Contain("clean, defective"));
    }

    [Test]
    public void MaxLengthOverThePositionTableIsAClearError()
    {
        var trainer = new SequenceClassificationTrainer(FineTuningTestData.Fast() with { MaxLength = 129 });
        var ex = Assert.Throws<ArgumentException>(() => trainer.Train(TestData.Fixture("hf-models", "tiny-roberta"), FineTuningTestData.Defect(4, 4), Output));
        Assert.That(ex!.Message, Does.Contain("MaxLength is 129").And.Contain("max_position_embeddings 130").And.Contain("at most 128"));
    }

    [Test]
    public void OutputThatIsTheModelFolderIsRefused()
    {
        string copy = Path.Combine(TempDir, "model");
        Directory.CreateDirectory(copy);
        foreach (var f in Directory.GetFiles(TestData.Fixture("hf-models", "tiny-bert"))) File.Copy(f, Path.Combine(copy, Path.GetFileName(f)));
        var ex = Assert.Throws<ArgumentException>(() => new SequenceClassificationTrainer(FineTuningTestData.Fast()).Train(copy, FineTuningTestData.Defect(4, 4), copy));
        Assert.That(ex!.Message, Does.Contain("would replace the input"));
    }

    [Test]
    public void UnknownTaskAndWrongShapesAreClearErrors()
    {
        var bad = Assert.Throws<ArgumentOutOfRangeException>(() => FineTuningData.Load((CodeTask)9, TempDir));
        Assert.That(bad!.Message, Does.Contain("Unknown task 9"));
        var missing = Assert.Throws<FileNotFoundException>(() => FineTuningData.Load(CodeTask.CloneDetection, TempDir));
        Assert.That(missing!.Message, Does.Contain("train.txt"));
        var data = FineTuningTestData.Defect(4, 4);
        var pairInSnippetTask = data with { Dev = [new ClassificationExample("a", "b", 0)] };
        Assert.That(() => new SequenceClassificationTrainer(FineTuningTestData.Fast()).Train(TestData.Fixture("hf-models", "tiny-bert"), pairInSnippetTask, Output),
            Throws.ArgumentException.With.Message.Contains("dev example 0 is a pair"));
        Assert.That(() => new SequenceClassificationTrainer(new FineTuningOptions { Epochs = 0 }), Throws.ArgumentException.With.Message.Contains("Epochs is 0"));
        Assert.That(() => new SequenceClassificationTrainer(FineTuningTestData.Fast()).Train(TestData.Fixture("hf-models", "tiny-t5-encoder"), data, Output),
            Throws.TypeOf<NotSupportedException>().With.Message.Contains("'t5'"));
    }

    [Test]
    public void ReadsTheShippedTaskFolders()
    {
        string repo = TestContext.CurrentContext.TestDirectory;
        while (!File.Exists(Path.Combine(repo, "CodeNeurons.sln"))) repo = Path.GetDirectoryName(repo)!;
        var defect = FineTuningData.Load(CodeTask.DefectDetection, Path.Combine(repo, "data", "tasks", "defect"));
        var search = FineTuningData.Load(CodeTask.CodeSearch, Path.Combine(repo, "data", "tasks", "search"));
        Assert.That((defect.Train.Count, defect.Dev.Count, defect.Test!.Count), Is.EqualTo((1614, 198, 188)));
        Assert.That(search.Train.All(e => e.Second is not null), Is.True);
        Assert.That(search.Dev.Count, Is.EqualTo(198));
    }
}
