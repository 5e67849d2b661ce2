
namespace CodeNeurons.Interpretation;

/// <summary>
/// The managed elastic-net probe: minibatch Adam or SGD in float64 on the objective of <see cref="ProbeOptions"/>, with
/// explicit gradients (cross-entropy or MSE gradient, λ1·sign(W), λ2·W/‖W‖_F; the subgradient of |w| at 0 is 0, as in
/// PyTorch's autograd). Needs no native library; memory is the data plus O(C·N).
/// </summary>
/// <remarks>
/// Same initial weights, batches and update rule as <c>TorchElasticNetProbe</c>, so both agree up to float32 rounding.
/// Dalvi et al., AAAI 2019; NeuroX <c>interpretation.linear_probe._train_probe</c>.
/// </remarks>
/// <param name="options">Training options; validated when training runs.</param>
public sealed class ManagedElasticNetProbe(ProbeOptions? options = null) : ConceptProbe(options)
{
    private const double Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8;

    /// <inheritdoc/>
    protected override ProbeResult Train(ProbeTrainingSetup setup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var ct = cancellationToken;
        var labels = setup.Labels?.ToArray();
        var targets = setup.Targets?.ToArray();
        var classWeights = setup.ClassWeights?.ToArray();
        var opt = setup.Options;
        int n = setup.Neurons, k = setup.Outputs, bs = Math.Min(opt.BatchSize, setup.Rows);
        var (w, b) = setup.InitialParameters();
        var gw = new double[w.Length];
        var gb = new double[k];
        var mw = new double[w.Length]; var vw = new double[w.Length];
        var mb = new double[k]; var vb = new double[k];
        var xf = new float[bs * n];
        var x = new double[bs * n];
        var s = new double[k];
        var d = new double[bs * k];
        long step = 0;
        bool stopped = false;
        int epoch;
        for (epoch = 0; epoch < opt.Epochs; epoch++)
        {
            var order = setup.Order(epoch);
            double lossSum = 0;
            int batches = 0;
            for (int start = 0; start < setup.Rows; start += bs)
            {
                ct.ThrowIfCancellationRequested();
                int count = Math.Min(bs, setup.Rows - start);
                setup.FillBatch(order, start, count, xf);
                for (int i = 0; i < count * n; i++) x[i] = xf[i];

                // Forward and d(loss)/d(scores).
                double loss = 0;
                if (setup.Task == ProbeTask.Classification)
                {
                    double wsum = 0;
                    for (int i = 0; i < count; i++) wsum += classWeights?[labels![order[start + i]]] ?? 1.0;
                    for (int i = 0; i < count; i++)
                    {
                        var xi = x.AsSpan(i * n, n);
                        for (int c = 0; c < k; c++) s[c] = b[c] + ProbeMath.Dot(w.AsSpan(c * n, n), xi);
                        int y = labels![order[start + i]];
                        double wi = classWeights?[y] ?? 1.0;
                        loss += wi * (ProbeMath.LogSumExp(s) - s[y]) / wsum;
                        ProbeMath.SoftmaxInPlace(s);
                        for (int c = 0; c < k; c++) d[i * k + c] = wi * (s[c] - (c == y ? 1 : 0)) / wsum;
                    }
                }
                else
                {
                    for (int i = 0; i < count; i++)
                    {
                        double o = b[0] + ProbeMath.Dot(w.AsSpan(0, n), x.AsSpan(i * n, n));
                        double e = o - targets![order[start + i]];
                        loss += e * e / count;
                        d[i] = 2 * e / count;
                    }
                }

                // Gradients of the data term.
                Array.Clear(gw);
                Array.Clear(gb);
                for (int i = 0; i < count; i++)
                {
                    var xi = x.AsSpan(i * n, n);
                    for (int c = 0; c < k; c++)
                    {
                        double dc = d[i * k + c];
                        gb[c] += dc;
                        ProbeMath.Axpy(dc, xi, gw.AsSpan(c * n, n));
                    }
                }

                // Elastic-net penalty on W only.
                double l1 = 0, sq = 0;
                foreach (double v in w) { l1 += Math.Abs(v); sq += v * v; }
                double norm = Math.Sqrt(sq);
                loss += opt.L1 * l1 + opt.L2 * norm;
                if (opt.L1 > 0 || (opt.L2 > 0 && norm > 0))
                {
                    double l2 = norm > 0 ? opt.L2 / norm : 0;
                    for (int i = 0; i < w.Length; i++) gw[i] += opt.L1 * Math.Sign(w[i]) + l2 * w[i];
                }

                step++;
                Update(opt, step, w, gw, mw, vw);
                Update(opt, step, b, gb, mb, vb);
                lossSum += loss;
                batches++;
            }
            if (setup.EndEpoch(epoch, lossSum / batches, w, b))
            {
                stopped = true;
                break;
            }
        }
        return setup.Finish(w, b, stopped);
    }

    private static void Update(ProbeOptions opt, long t, double[] p, double[] g, double[] m, double[] v)
    {
        double lr = opt.LearningRate;
        if (opt.Optimizer == ProbeOptimizer.Sgd)
        {
            for (int i = 0; i < p.Length; i++) p[i] -= lr * g[i];
            return;
        }
        double bc1 = 1 - Math.Pow(Beta1, t), bc2 = Math.Sqrt(1 - Math.Pow(Beta2, t));
        double stepSize = lr / bc1;
        for (int i = 0; i < p.Length; i++)
        {
            m[i] = Beta1 * m[i] + (1 - Beta1) * g[i];
            v[i] = Beta2 * v[i] + (1 - Beta2) * g[i] * g[i];
            p[i] -= stepSize * m[i] / (Math.Sqrt(v[i]) / bc2 + Epsilon);
        }
    }
}
