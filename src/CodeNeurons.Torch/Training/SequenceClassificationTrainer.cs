using System.Diagnostics;
using System.Text.Json.Nodes;
using CodeNeurons.Formats;
using CodeNeurons.Tokenization;
using CodeNeurons.Torch.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace CodeNeurons.Torch.Training;

/// <summary>
/// Fine-tunes a BERT, RoBERTa (CodeBERT, GraphCodeBERT, UniXcoder), the embedded MiniLM or a GPT-2 with transformers'
/// sequence-classification head on a snippet task (defect detection) or a pair task (clone detection, code search, as one
/// concatenated input): AdamW with linear warm-up and decay, gradient clipping, dev evaluation after each epoch keeping
/// the best epoch, and a Hugging Face folder that <see cref="HfModel.Load"/> reads back and transformers loads into
/// <c>*ForSequenceClassification</c>. See docs/finetuning.md.
/// </summary>
/// <remarks>
/// Sharma et al. (arXiv 2305.00875) analyse task-fine-tuned checkpoints for the snippet-level tasks; this produces them.
/// Memory: each batch runs in its own dispose scope, so the activations kept for backward are those of one batch
/// (measured in docs/finetuning.md); the best epoch's weights are kept as one float32 copy in managed memory.
/// Same seed, same data, CPU: the same weights bit for bit.
/// </remarks>
public sealed class SequenceClassificationTrainer
{
    private readonly ILogger _logger;

    /// <summary>A trainer with the given options.</summary>
    /// <param name="options">Options; null for the defaults.</param>
    /// <param name="logger">Receives one line per epoch; null for none.</param>
    /// <exception cref="ArgumentException">An option is out of range (the message names it).</exception>
    public SequenceClassificationTrainer(FineTuningOptions? options = null, ILogger<SequenceClassificationTrainer>? logger = null)
    {
        Options = options ?? new FineTuningOptions();
        Options.Validate();
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>The options.</summary>
    public FineTuningOptions Options { get; }

    /// <summary>Fine-tunes the model in a Hugging Face folder and writes the best epoch's classifier to <paramref name="outputFolder"/>.</summary>
    /// <param name="modelFolder">A folder with <c>config.json</c>, weights and tokenizer files (model type bert, roberta or gpt2).</param>
    /// <param name="data">The task's examples.</param>
    /// <param name="outputFolder">The folder to write (created; files in it are replaced); not <paramref name="modelFolder"/>.</param>
    /// <param name="progress">Receives a report after each optimiser step.</param>
    /// <param name="cancellationToken">Checked before each batch.</param>
    /// <returns>Per-epoch scores, the best epoch and its test scores.</returns>
    /// <exception cref="ArgumentException">Bad data (empty set, label out of range, missing pair text), MaxLength over the position table, or the output is the model folder.</exception>
    /// <exception cref="NotSupportedException">A model type other than bert, roberta or gpt2, or CUDA without a CUDA backend.</exception>
    /// <exception cref="FileNotFoundException">config.json, the weights or a tokenizer file is missing.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; nothing is written.</exception>
    public FineTuningResult Train(string modelFolder, FineTuningData data, string outputFolder, IProgress<FineTuningProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(modelFolder);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(outputFolder);
        OutputGuard.EnsureNotInput(outputFolder, "output folder", ("model folder", modelFolder));
        data.Validate();
        if (!Directory.Exists(modelFolder)) throw new DirectoryNotFoundException($"Model folder '{modelFolder}' does not exist.");
        string configPath = Path.Combine(modelFolder, "config.json");
        if (!File.Exists(configPath)) throw new FileNotFoundException($"Model folder '{modelFolder}' has no config.json.", configPath);
        var config = HfModelConfig.Load(configPath);
        if (config.ModelType is not ("bert" or "roberta" or "gpt2"))
            throw new NotSupportedException($"Fine-tuning supports bert, roberta (and the embedded MiniLM) and gpt2 models; '{modelFolder}' is '{config.ModelType}'.");
        var baseConfig = JsonNode.Parse(File.ReadAllText(configPath))?.AsObject()
            ?? throw new InvalidDataException($"{configPath} is not a JSON object.");
        var tokenizer = HfTokenizer.Load(modelFolder);
        var inputs = new ClassifierInputs(tokenizer, config, Options.MaxLength, Options.CollapseWhitespace);
        var device = TorchDevices.Resolve(Options.Device);
        var checkpoint = CheckpointLoader.ReadFolder(modelFolder);
        var model = HfModel.Create(config, checkpoint, modelFolder, device, ScalarType.Float32) as TorchHiddenStatesModel
            ?? throw new NotSupportedException($"The {config.ModelType} model in '{modelFolder}' cannot be fine-tuned.");
        return Run(model, checkpoint, inputs, baseConfig, ClassifierFolder.CopyTokenizer(modelFolder), data, outputFolder, device, progress, cancellationToken);
    }

    /// <summary>Fine-tunes the embedded all-MiniLM-L6-v2 (<see cref="MiniLmModel"/>) and writes it as a BERT folder.</summary>
    /// <param name="data">The task's examples.</param>
    /// <param name="outputFolder">The folder to write (created; files in it are replaced).</param>
    /// <param name="progress">Receives a report after each optimiser step.</param>
    /// <param name="cancellationToken">Checked before each batch.</param>
    /// <returns>Per-epoch scores, the best epoch and its test scores.</returns>
    /// <exception cref="ArgumentException">Bad data or MaxLength over 512.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; nothing is written.</exception>
    public FineTuningResult TrainMiniLm(FineTuningData data, string outputFolder, IProgress<FineTuningProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(outputFolder);
        data.Validate();
        var vocabulary = MiniLmModel.ReadVocabulary().Split('\n');
        if (vocabulary.Length > 0 && vocabulary[^1].Length == 0) vocabulary = vocabulary[..^1];
        var tokenizer = HfTokenizer.FromWordPieceVocab(vocabulary, MiniLmModel.VocabularyResource, lowercase: true);
        var inputs = new ClassifierInputs(tokenizer, MiniLmModel.Config, Options.MaxLength, Options.CollapseWhitespace);
        var device = TorchDevices.Resolve(Options.Device);
        var model = (TorchHiddenStatesModel)MiniLmModel.Load(new ModelLoadOptions(Options.Device));
        return Run(model, null, inputs, ClassifierFolder.MiniLmConfig(), ClassifierFolder.WriteMiniLmTokenizer, data, outputFolder, device, progress, cancellationToken);
    }

    private FineTuningResult Run(
        TorchHiddenStatesModel model, IReadOnlyDictionary<string, CheckpointTensor>? checkpoint, ClassifierInputs inputs, JsonObject baseConfig,
        Action<string> writeTokenizer, FineTuningData data, string outputFolder, Device device, IProgress<FineTuningProgress>? progress, CancellationToken cancellationToken)
    {
        if (Options.CpuThreads is not int threads)
            return RunCore(model, checkpoint, inputs, baseConfig, writeTokenizer, data, outputFolder, device, progress, cancellationToken);
        int previous = torch.get_num_threads();
        torch.set_num_threads(threads);
        try
        {
            return RunCore(model, checkpoint, inputs, baseConfig, writeTokenizer, data, outputFolder, device, progress, cancellationToken);
        }
        finally
        {
            torch.set_num_threads(previous);
        }
    }

    private FineTuningResult RunCore(
        TorchHiddenStatesModel model, IReadOnlyDictionary<string, CheckpointTensor>? checkpoint, ClassifierInputs inputs, JsonObject baseConfig,
        Action<string> writeTokenizer, FineTuningData data, string outputFolder, Device device, IProgress<FineTuningProgress>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var metric = data.Task == Tasks.CodeTask.CloneDetection ? ClassificationMetric.F1 : ClassificationMetric.Accuracy;
        SequenceClassifier built;
        try
        {
            built = new SequenceClassifier(model, checkpoint, data.ClassNames.Count, device, Options.Seed);
        }
        catch
        {
            model.Dispose();
            throw;
        }
        using var classifier = built;
        var train = Take(data.Train, Options.TrainLimit);
        var dev = Take(data.Dev, Options.EvaluationLimit);
        var test = data.Test is null ? null : Take(data.Test, Options.EvaluationLimit);
        var trainIds = train.Select(inputs.Encode).ToArray();
        var devIds = dev.Select(inputs.Encode).ToArray();
        var testIds = test?.Select(inputs.Encode).ToArray();

        long perEpoch = (trainIds.Length + Options.BatchSize - 1) / Options.BatchSize;
        using var optimizer = new ClassifierOptimizer(classifier.Parameters, Options, perEpoch * Options.Epochs);
        var rng = new Random(Options.Seed);
        var order = Enumerable.Range(0, trainIds.Length).ToArray();
        var epochs = new List<FineTuningEpoch>();
        Dictionary<string, CheckpointTensor>? best = null;
        int bestEpoch = 0;
        double bestScore = double.NegativeInfinity;
        for (int epoch = 1; epoch <= Options.Epochs; epoch++)
        {
            var epochClock = Stopwatch.StartNew();
            rng.Shuffle(order);
            double lossSum = 0;
            int batches = 0;
            for (int at = 0; at < order.Length; at += Options.BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var batch = order.AsSpan(at, Math.Min(Options.BatchSize, order.Length - at)).ToArray();
                double loss, rate;
                using (var scope = torch.NewDisposeScope())
                {
                    var (ids, mask, labels) = Tensors(inputs, batch.Select(i => trainIds[i]).ToArray(), batch.Select(i => train[i].Label).ToArray(), device);
                    var lossTensor = F.cross_entropy(classifier.Logits(ids, mask, training: true, Options.Dropout), labels);
                    loss = lossTensor.item<float>();
                    rate = optimizer.TakeStep(lossTensor);
                }
                if (!double.IsFinite(loss))
                    throw new InvalidOperationException($"The training loss became {loss} at step {optimizer.Step} (epoch {epoch}); lower LearningRate ({Options.LearningRate}).");
                lossSum += loss;
                batches++;
                progress?.Report(new FineTuningProgress(epoch, Options.Epochs, optimizer.Step, optimizer.TotalSteps, loss, rate));
            }
            var devScores = Evaluate(classifier, inputs, devIds, dev, device, cancellationToken);
            epochs.Add(new FineTuningEpoch(epoch, lossSum / batches, devScores, epochClock.Elapsed));
            _logger.LogInformation("Epoch {Epoch}/{Epochs}: train loss {Loss:F4}, dev loss {DevLoss:F4}, accuracy {Accuracy:F4}, F1 {F1:F4} ({Seconds:F1} s)",
                epoch, Options.Epochs, lossSum / batches, devScores.Loss, devScores.Accuracy, devScores.F1, epochClock.Elapsed.TotalSeconds);
            if (devScores.Of(metric) > bestScore)
            {
                bestScore = devScores.Of(metric);
                bestEpoch = epoch;
                best = classifier.StateDict();
            }
        }
        if (bestEpoch != Options.Epochs) classifier.Load(best!);
        var testScores = testIds is null ? null : Evaluate(classifier, inputs, testIds, test!, device, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        ClassifierFolder.Write(outputFolder, baseConfig, classifier.Architecture, data.ClassNames, best!, writeTokenizer,
            classifier.Config.ModelType == "gpt2" ? inputs.PadId : null);
        return new FineTuningResult(outputFolder, classifier.Architecture, metric, epochs, bestEpoch, testScores, train.Count, optimizer.Step, clock.Elapsed);
    }

    private static IReadOnlyList<ClassificationExample> Take(IReadOnlyList<ClassificationExample> set, int? limit) =>
        limit is int n && n < set.Count ? set.Take(n).ToArray() : set;

    private static (Tensor Ids, Tensor Mask, Tensor Labels) Tensors(ClassifierInputs inputs, int[][] rows, int[] labels, Device device)
    {
        var (ids, mask, seq) = inputs.Pad(rows);
        return (torch.tensor(ids, [rows.Length, seq], ScalarType.Int64).to(device),
                torch.tensor(mask, [rows.Length, seq], ScalarType.Int64).to(device),
                torch.tensor(labels.Select(l => (long)l).ToArray(), ScalarType.Int64).to(device));
    }

    /// <summary>Loss, accuracy and F1 of class 1 without dropout or gradients, in batches ordered by length.</summary>
    internal ClassificationScores Evaluate(SequenceClassifier classifier, ClassifierInputs inputs, int[][] ids, IReadOnlyList<ClassificationExample> examples, Device device, CancellationToken cancellationToken)
    {
        var order = Enumerable.Range(0, ids.Length).OrderBy(i => ids[i].Length).ToArray();
        double lossSum = 0;
        int correct = 0, tp = 0, fp = 0, fn = 0;
        using var noGrad = torch.no_grad();
        for (int at = 0; at < order.Length; at += Options.EvaluationBatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = order.AsSpan(at, Math.Min(Options.EvaluationBatchSize, order.Length - at)).ToArray();
            using var scope = torch.NewDisposeScope();
            var labels = batch.Select(i => examples[i].Label).ToArray();
            var (x, mask, y) = Tensors(inputs, batch.Select(i => ids[i]).ToArray(), labels, device);
            var logits = classifier.Logits(x, mask, training: false, 0.0);
            lossSum += F.cross_entropy(logits, y, reduction: nn.Reduction.Sum).item<float>();
            var predicted = logits.argmax(1).cpu().data<long>().ToArray();
            for (int b = 0; b < batch.Length; b++)
            {
                if (predicted[b] == labels[b]) correct++;
                if (predicted[b] == 1 && labels[b] == 1) tp++;
                else if (predicted[b] == 1) fp++;
                else if (labels[b] == 1) fn++;
            }
        }
        double f1 = tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
        return new ClassificationScores(ids.Length, lossSum / ids.Length, (double)correct / ids.Length, f1);
    }
}
