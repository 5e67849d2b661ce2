using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CodeNeurons.Torch.Training;

/// <summary>
/// AdamW (the update of TorchSharp's <c>torch.optim.AdamW</c>: decoupled weight decay, bias-corrected moments; run by
/// <see cref="ScalarSafeOptimizer"/>, which holds every Scalar) over two parameter groups —
/// with weight decay, and without it for biases and layer-norm parameters — a learning rate with linear warm-up and linear
/// decay to 0 (transformers' <c>get_linear_schedule_with_warmup</c>: step k, counted from 0, uses
/// <c>lr · k / warmup</c> during warm-up, then <c>lr · (total − k) / (total − warmup)</c>), and global gradient-norm clipping.
/// </summary>
internal sealed class ClassifierOptimizer : IDisposable
{
    private readonly ScalarSafeOptimizer _adam;
    private readonly List<Parameter> _all;
    private readonly double _lr;
    private readonly double _maxGradNorm;

    public ClassifierOptimizer(IReadOnlyList<(string Name, Parameter Weight)> parameters, FineTuningOptions options, long totalSteps)
    {
        _lr = options.LearningRate;
        _maxGradNorm = options.MaxGradNorm;
        TotalSteps = totalSteps;
        WarmupSteps = (long)Math.Ceiling(totalSteps * options.WarmupFraction);
        _all = parameters.Select(p => p.Weight).ToList();
        var decay = parameters.Where(p => !NoDecay(p.Name)).Select(p => p.Weight).ToList();
        var noDecay = parameters.Where(p => NoDecay(p.Name)).Select(p => p.Weight).ToList();
        _adam = ScalarSafeOptimizer.AdamW([(decay, options.WeightDecay), (noDecay, 0.0)], Rate(0), options.Beta1, options.Beta2, options.Epsilon);
    }

    public long TotalSteps { get; }

    public long WarmupSteps { get; }

    /// <summary>Optimiser steps taken.</summary>
    public long Step { get; private set; }

    /// <summary>Biases and layer-norm parameters get no weight decay (CodeXGLUE's <c>no_decay = ['bias', 'LayerNorm.weight']</c>; GPT-2's <c>ln_*</c>).</summary>
    internal static bool NoDecay(string name) =>
        name.EndsWith(".bias", StringComparison.Ordinal) || name.Contains("LayerNorm.", StringComparison.Ordinal) || name.Contains(".ln_", StringComparison.Ordinal);

    /// <summary>The learning rate of step <paramref name="step"/> (0-based).</summary>
    internal double Rate(long step)
    {
        if (step < WarmupSteps) return _lr * step / Math.Max(1, WarmupSteps);
        return _lr * Math.Max(0.0, (double)(TotalSteps - step) / Math.Max(1, TotalSteps - WarmupSteps));
    }

    /// <summary>Back-propagates <paramref name="loss"/>, clips, and takes one step; returns the learning rate used.</summary>
    public double TakeStep(Tensor loss)
    {
        _adam.ZeroGrad();
        loss.backward();
        if (_maxGradNorm > 0) torch.nn.utils.clip_grad_norm_(_all, _maxGradNorm);
        double rate = Rate(Step);
        _adam.LearningRate = rate;
        _adam.Step();
        Step++;
        return rate;
    }

    public void Dispose() => _adam.Dispose();
}
