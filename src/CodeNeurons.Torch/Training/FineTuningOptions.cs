namespace CodeNeurons.Torch.Training;

/// <summary>Options of <see cref="SequenceClassificationTrainer"/>: optimiser, schedule, batching and device.</summary>
/// <remarks>
/// Defaults follow transformers' <c>Trainer</c> and CodeXGLUE's fine-tuning scripts where they agree (AdamW with β = (0.9, 0.999),
/// ε = 1e-8, gradient norm clipped to 1, linear decay to zero) and a short CPU run where they do not (3 epochs, 256 tokens).
/// </remarks>
public sealed record FineTuningOptions
{
    /// <summary>Passes over the training set (default 3).</summary>
    public int Epochs { get; init; } = 3;

    /// <summary>Examples per optimiser step (default 16); activations kept for backward are those of one batch.</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>
    /// Most tokens per model input, special tokens included (transformers' <c>max_length</c>, CodeXGLUE's <c>block_size</c>);
    /// longer inputs are cut (pairs: the longer text first). Default 256; at most the model's position table.
    /// </summary>
    public int MaxLength { get; init; } = 256;

    /// <summary>Peak learning rate of AdamW (default 2e-5).</summary>
    public double LearningRate { get; init; } = 2e-5;

    /// <summary>Decoupled weight decay (default 0.01), applied to every weight but biases and layer-norm parameters, as transformers' <c>Trainer</c> and CodeXGLUE do.</summary>
    public double WeightDecay { get; init; } = 0.01;

    /// <summary>AdamW's β₁ (default 0.9).</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>AdamW's β₂ (default 0.999).</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>AdamW's ε (default 1e-8).</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>Share of all steps with a linear warm-up from 0 to <see cref="LearningRate"/> (default 0.1); the rest decays linearly to 0 (transformers' <c>get_linear_schedule_with_warmup</c>).</summary>
    public double WarmupFraction { get; init; } = 0.1;

    /// <summary>Largest global L2 norm of the gradients (default 1.0; 0 turns clipping off).</summary>
    public double MaxGradNorm { get; init; } = 1.0;

    /// <summary>Dropout of the classification head while training (default 0.1, transformers' <c>hidden_dropout_prob</c>); none inside the encoder (see docs/finetuning.md).</summary>
    public double Dropout { get; init; } = 0.1;

    /// <summary>Seed of the head's initial weights, the shuffling and the dropout masks (default 42).</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Device: <c>cpu</c> (default), <c>cuda</c> or <c>cuda:N</c> (needs the TorchSharp-cuda package).</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>libtorch CPU threads while training (set, then restored); null (default) leaves libtorch's setting. One thread suits tiny models on a shared machine.</summary>
    public int? CpuThreads { get; init; }

    /// <summary>Join each snippet's whitespace-separated parts with single spaces first (<c>' '.join(code.split())</c>, as CodeXGLUE's defect and clone scripts; default false).</summary>
    public bool CollapseWhitespace { get; init; }

    /// <summary>Use only the first N training examples (null: all), for short runs.</summary>
    public int? TrainLimit { get; init; }

    /// <summary>Use only the first N dev (and test) examples (null: all), for short runs.</summary>
    public int? EvaluationLimit { get; init; }

    /// <summary>Examples per batch when evaluating (default 32).</summary>
    public int EvaluationBatchSize { get; init; } = 32;

    internal void Validate()
    {
        static void Check(bool ok, string message)
        {
            if (!ok) throw new ArgumentException(message, "options");
        }
        Check(Epochs >= 1, $"Epochs is {Epochs}; it must be at least 1.");
        Check(BatchSize >= 1, $"BatchSize is {BatchSize}; it must be at least 1.");
        Check(EvaluationBatchSize >= 1, $"EvaluationBatchSize is {EvaluationBatchSize}; it must be at least 1.");
        Check(MaxLength >= 4, $"MaxLength is {MaxLength}; it must be at least 4 tokens.");
        Check(LearningRate > 0 && double.IsFinite(LearningRate), $"LearningRate is {LearningRate}; it must be positive and finite.");
        Check(WeightDecay >= 0 && double.IsFinite(WeightDecay), $"WeightDecay is {WeightDecay}; it must be at least 0.");
        Check(Beta1 is >= 0 and < 1, $"Beta1 is {Beta1}; it must be in [0, 1).");
        Check(Beta2 is >= 0 and < 1, $"Beta2 is {Beta2}; it must be in [0, 1).");
        Check(Epsilon > 0, $"Epsilon is {Epsilon}; it must be positive.");
        Check(WarmupFraction is >= 0 and <= 1, $"WarmupFraction is {WarmupFraction}; it must be in [0, 1].");
        Check(MaxGradNorm >= 0 && double.IsFinite(MaxGradNorm), $"MaxGradNorm is {MaxGradNorm}; it must be at least 0 (0 = no clipping).");
        Check(Dropout is >= 0 and < 1, $"Dropout is {Dropout}; it must be in [0, 1).");
        Check(CpuThreads is null or >= 1, $"CpuThreads is {CpuThreads}; it must be at least 1.");
        Check(TrainLimit is null or >= 1, $"TrainLimit is {TrainLimit}; it must be at least 1.");
        Check(EvaluationLimit is null or >= 1, $"EvaluationLimit is {EvaluationLimit}; it must be at least 1.");
    }
}
