using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CodeNeurons.Torch;

/// <summary>
/// Adam / AdamW and plain SGD steps with every <see cref="Scalar"/> created explicitly and held until the native call
/// returns. TorchSharp's own <c>optim.Adam</c>, <c>optim.AdamW</c> and <c>optim.SGD</c> pass their coefficients
/// (<c>mul_(beta1)</c>, <c>add_(grad, alpha: 1 − beta1)</c>, <c>addcdiv_(…, value: −step)</c>, …) as implicit Scalars that
/// nothing keeps alive, so a garbage collection during a step can free one while libtorch reads it — the class of bug of
/// <see cref="TorchScalars"/> (fine-tuning failed at random with "Unknown scalar type" inside the step). The arithmetic
/// is TorchSharp's (and PyTorch's single-tensor, non-AMSGrad, non-maximising) update, in the same order:
/// <list type="bullet">
/// <item>AdamW: <c>p ← p·(1 − lr·wd)</c>; <c>m ← β₁m + (1 − β₁)g</c>; <c>v ← β₂v + (1 − β₂)g²</c>;
/// <c>p ← p − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)</c> (with wd = 0 this is Adam without weight decay);</item>
/// <item>SGD (no momentum, dampening, weight decay or Nesterov): <c>p ← p − lr·g</c>.</item>
/// </list>
/// Parameters without a gradient are skipped, as TorchSharp does.
/// </summary>
internal sealed class ScalarSafeOptimizer : IDisposable
{
    private readonly (Parameter[] Parameters, double WeightDecay)[] _groups;
    private readonly Dictionary<Parameter, (Tensor Mean, Tensor Square)> _moments = new(ReferenceEqualityComparer.Instance);
    private readonly bool _adam;
    private readonly double _beta1, _beta2, _eps;
    private long _steps;

    private ScalarSafeOptimizer(IEnumerable<(IEnumerable<Parameter> Parameters, double WeightDecay)> groups, bool adam, double learningRate,
        double beta1, double beta2, double eps)
    {
        if (learningRate < 0) throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be ≥ 0.");
        _groups = [.. groups.Select(g => (g.Parameters.ToArray(), g.WeightDecay))];
        _adam = adam;
        LearningRate = learningRate;
        (_beta1, _beta2, _eps) = (beta1, beta2, eps);
    }

    /// <summary>AdamW (decoupled weight decay per group; a group's decay of 0 makes it plain Adam for that group).</summary>
    internal static ScalarSafeOptimizer AdamW(IEnumerable<(IEnumerable<Parameter> Parameters, double WeightDecay)> groups, double learningRate,
        double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8) => new(groups, true, learningRate, beta1, beta2, eps);

    /// <summary>Adam without weight decay (TorchSharp's <c>optim.Adam(parameters, lr)</c>).</summary>
    internal static ScalarSafeOptimizer Adam(IEnumerable<Parameter> parameters, double learningRate) => AdamW([(parameters, 0.0)], learningRate);

    /// <summary>Plain SGD (TorchSharp's <c>optim.SGD(parameters, lr)</c>).</summary>
    internal static ScalarSafeOptimizer Sgd(IEnumerable<Parameter> parameters, double learningRate) => new([(parameters, 0.0)], false, learningRate, 0, 0, 0);

    /// <summary>The learning rate of the next step (may change between steps, e.g. a schedule).</summary>
    internal double LearningRate { get; set; }

    /// <summary>Steps taken.</summary>
    internal long Steps => _steps;

    /// <summary>Every parameter's gradient set to zero (TorchSharp's <c>zero_grad</c>: kept, filled with 0).</summary>
    internal void ZeroGrad()
    {
        foreach (var (parameters, _) in _groups)
            foreach (var p in parameters)
            {
                using var grad = p.grad;
                if (grad is null) continue;
                grad.detach_();
                grad.zero_();
            }
    }

    /// <summary>One update of every parameter from its gradient.</summary>
    internal void Step()
    {
        _steps++;
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        double lr = LearningRate;
        if (!_adam)
        {
            using var minusLr = (-lr).ToScalar();
            foreach (var (parameters, _) in _groups)
                foreach (var p in parameters)
                {
                    var grad = p.grad;
                    if (grad is null) continue;
                    p.add_(grad, minusLr);
                }
            return;
        }
        double bias1 = 1 - Math.Pow(_beta1, _steps), bias2 = 1 - Math.Pow(_beta2, _steps);
        using Scalar beta1 = _beta1.ToScalar(), oneMinusBeta1 = (1 - _beta1).ToScalar(), beta2 = _beta2.ToScalar(),
            oneMinusBeta2 = (1 - _beta2).ToScalar(), sqrtBias2 = Math.Sqrt(bias2).ToScalar(), eps = _eps.ToScalar(),
            minusStep = (-lr / bias1).ToScalar();
        foreach (var (parameters, weightDecay) in _groups)
        {
            using var decay = (1 - lr * weightDecay).ToScalar();
            foreach (var p in parameters)
            {
                var grad = p.grad;
                if (grad is null) continue;
                if (!_moments.TryGetValue(p, out var m))
                {
                    m = (torch.zeros_like(p).DetachFromDisposeScope(), torch.zeros_like(p).DetachFromDisposeScope());
                    _moments[p] = m;
                }
                if (weightDecay != 0) p.mul_(decay);
                m.Mean.mul_(beta1).add_(grad, oneMinusBeta1);
                m.Square.mul_(beta2).addcmul_(grad, grad, oneMinusBeta2);
                var denominator = m.Square.sqrt().div_(sqrtBias2).add_(eps, TorchScalars.One);
                p.addcdiv_(m.Mean, denominator, minusStep);
            }
        }
    }

    /// <summary>Frees the moment tensors.</summary>
    public void Dispose()
    {
        foreach (var (mean, square) in _moments.Values)
        {
            mean.Dispose();
            square.Dispose();
        }
        _moments.Clear();
    }
}
