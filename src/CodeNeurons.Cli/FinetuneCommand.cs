using System.CommandLine;
using System.Globalization;
using CodeNeurons.Formats;
using CodeNeurons.Tasks;
using CodeNeurons.Torch.Training;

namespace CodeNeurons.Cli;

/// <summary><c>codeneurons finetune</c>: fine-tune a model with a classification head on a snippet or pair task.</summary>
internal static class FinetuneCommand
{
    public static Command Create()
    {
        var model = new Option<string?>("--model", "-m") { Description = "A Hugging Face folder (bert, roberta or gpt2: config.json, weights, tokenizer files). Omit for the embedded all-MiniLM-L6-v2." };
        var task = new Option<string>("--task", "-t") { Required = true, Description = "defect, clone or search." };
        task.AcceptOnlyFromAmong("defect", "clone", "search");
        var data = new Option<string>("--data", "-d") { Required = true, Description = "Task folder in CodeXGLUE's formats (train/valid[/test] .jsonl, .txt + data.jsonl, or .json), e.g. data/tasks/defect." };
        var output = new Option<string>("--output", "-o") { Required = true, Description = "Folder to write the fine-tuned model to (config.json, model.safetensors, tokenizer files)." };
        var d = new FineTuningOptions();
        var epochs = new Option<int>("--epochs") { DefaultValueFactory = _ => d.Epochs, Description = "Passes over the training set." };
        var batch = new Option<int>("--batch-size") { DefaultValueFactory = _ => d.BatchSize, Description = "Examples per optimiser step." };
        var maxLength = new Option<int>("--max-length") { DefaultValueFactory = _ => d.MaxLength, Description = "Most tokens per input, special tokens included." };
        var lr = new Option<double>("--learning-rate", "--lr") { DefaultValueFactory = _ => d.LearningRate, Description = "Peak learning rate of AdamW." };
        var decay = new Option<double>("--weight-decay") { DefaultValueFactory = _ => d.WeightDecay, Description = "AdamW weight decay (not on biases and layer norms)." };
        var warmup = new Option<double>("--warmup") { DefaultValueFactory = _ => d.WarmupFraction, Description = "Share of steps with linear warm-up; then linear decay to 0." };
        var clip = new Option<double>("--max-grad-norm") { DefaultValueFactory = _ => d.MaxGradNorm, Description = "Gradient norm clipping (0: off)." };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => d.Seed, Description = "Seed of the head, the shuffling and dropout." };
        var device = new Option<string>("--device") { DefaultValueFactory = _ => d.Device, Description = "cpu or cuda (cuda needs TorchSharp-cuda-linux and a GPU)." };
        var trainLimit = new Option<int?>("--train-limit") { Description = "Use only the first N training examples." };
        var evalLimit = new Option<int?>("--eval-limit") { Description = "Use only the first N dev and test examples." };
        var collapse = new Option<bool>("--collapse-whitespace") { Description = "' '.join(code.split()) first, as CodeXGLUE's defect and clone scripts." };
        var threads = new Option<int?>("--threads") { Description = "libtorch CPU threads while training (default: libtorch's choice)." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print nothing but errors." };
        var command = new Command("finetune", "Fine-tune a model with a sequence-classification head on defect detection, clone detection or code search; saves the best dev epoch as a Hugging Face folder.")
        {
            model, task, data, output, epochs, batch, maxLength, lr, decay, warmup, clip, seed, device, trainLimit, evalLimit, collapse, threads, quiet,
        };
        command.SetAction((p, ct) => Task.FromResult(Program.Guard(() =>
        {
            string? modelFolder = p.GetValue(model);
            string dataFolder = p.GetValue(data)!, outputFolder = p.GetValue(output)!;
            OutputGuard.EnsureNotInput(outputFolder, "--output", ("--model", modelFolder), ("--data", dataFolder));
            var options = new FineTuningOptions
            {
                Epochs = p.GetValue(epochs), BatchSize = p.GetValue(batch), MaxLength = p.GetValue(maxLength), LearningRate = p.GetValue(lr),
                WeightDecay = p.GetValue(decay), WarmupFraction = p.GetValue(warmup), MaxGradNorm = p.GetValue(clip), Seed = p.GetValue(seed),
                Device = p.GetValue(device)!, TrainLimit = p.GetValue(trainLimit), EvaluationLimit = p.GetValue(evalLimit), CollapseWhitespace = p.GetValue(collapse),
                CpuThreads = p.GetValue(threads),
            };
            bool silent = p.GetValue(quiet);
            var trainer = new SequenceClassificationTrainer(options, silent ? null : new StderrLogger<SequenceClassificationTrainer>());
            var taskData = FineTuningData.Load(TasksCommand.Parse(p.GetValue(task)!), dataFolder);
            var progress = silent ? null : new SynchronousProgress<FineTuningProgress>(s =>
                Console.Error.Write(string.Create(CultureInfo.InvariantCulture, $"\r  epoch {s.Epoch}/{s.Epochs}, step {s.Step}/{s.TotalSteps}, loss {s.Loss:F4}, lr {s.LearningRate:G3}   ")));
            var r = modelFolder is null
                ? trainer.TrainMiniLm(taskData, outputFolder, progress, ct)
                : trainer.Train(modelFolder, taskData, outputFolder, progress, ct);
            if (silent) return 0;
            Console.Error.WriteLine();
            foreach (var e in r.Epochs)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"epoch {e.Epoch}: train loss {e.TrainLoss:F4}; dev loss {e.Dev.Loss:F4}, accuracy {e.Dev.Accuracy:F4}, F1 {e.Dev.F1:F4} ({e.Elapsed.TotalSeconds:F1} s)"));
            string test = r.Test is { } t ? string.Create(CultureInfo.InvariantCulture, $"; test accuracy {t.Accuracy:F4}, F1 {t.F1:F4} on {t.Count}") : "";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"best epoch {r.BestEpoch} by dev {r.Metric} {r.BestDev.Of(r.Metric):F4}{test}; {r.Architecture} written to {r.OutputFolder} in {r.Elapsed.TotalSeconds:F1} s."));
            return 0;
        })));
        return command;
    }
}
