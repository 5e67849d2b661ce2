using CodeNeurons.Data;
using CodeNeurons.Interpretation;
using TorchSharp;
using static TorchSharp.torch;

namespace CodeNeurons.Torch.Interpretation;

/// <summary>
/// The elastic-net probe trained with TorchSharp on CPU or CUDA: a linear layer, (class-weighted) cross entropy or MSE
/// plus <c>λ1·Σ|W| + λ2·‖W‖_F</c>, minibatch Adam or SGD, as NeuroX's <c>_train_probe</c> (float32, no mixed precision).
/// </summary>
/// <remarks>
/// Minibatches are copied from the managed <see cref="ActivationSet"/> (or read from <see cref="LabeledRows"/>, e.g. a raw
/// folder on disk, through the same <see cref="ProbeTrainingSetup.FillBatch"/>) one at a time, so device memory holds one batch
/// plus the parameters; each batch runs in its own dispose scope, and the result is copied to managed arrays.
/// Initial weights and shuffles come from the same seeded managed generator as <see cref="ManagedElasticNetProbe"/>.
/// On CPU a seed gives bit-identical results run to run (training uses one libtorch thread by default).
/// Dalvi et al., AAAI 2019.
/// </remarks>
public sealed class TorchElasticNetProbe : ConceptProbe
{
    private readonly Device _device;

    /// <summary>Creates the probe.</summary>
    /// <param name="options">Training options; validated when training runs.</param>
    /// <param name="device"><c>"cpu"</c>, <c>"cuda"</c>, <c>"cuda:N"</c> or <c>"auto"</c>, resolved by <see cref="TorchDevices.Resolve"/>.</param>
    /// <param name="cpuThreads">
    /// libtorch intra-op threads while training on the CPU (restored afterwards; a process-wide libtorch setting). The
    /// default 1 is fastest for probes: their operations are tiny, and on a 2-core machine two threads made a step of
    /// batch 32 × 9,984 neurons 10× slower (16 ms against 1.6 ms). Null keeps libtorch's own setting.
    /// </param>
    public TorchElasticNetProbe(ProbeOptions? options = null, string device = "cpu", int? cpuThreads = 1)
        : base(options)
    {
        _device = TorchDevices.Resolve(device);
        if (cpuThreads is < 1) throw new ArgumentOutOfRangeException(nameof(cpuThreads), cpuThreads, "cpuThreads must be at least 1 (or null).");
        CpuThreads = cpuThreads;
    }

    /// <summary>libtorch intra-op threads used while training on the CPU, or null for libtorch's own setting.</summary>
    public int? CpuThreads { get; }

    /// <summary>The device training runs on.</summary>
    public string Device => _device.ToString();

    /// <inheritdoc/>
    protected override ProbeResult Train(ProbeTrainingSetup setup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var ct = cancellationToken;
        if (_device.type != DeviceType.CPU || CpuThreads is not int threads) return TrainCore(setup, ct);
        int previous = torch.get_num_threads();
        torch.set_num_threads(threads);
        try
        {
            return TrainCore(setup, ct);
        }
        finally
        {
            torch.set_num_threads(previous);
        }
    }

    private ProbeResult TrainCore(ProbeTrainingSetup setup, CancellationToken ct)
    {
        var opt = setup.Options;
        int n = setup.Neurons, k = setup.Outputs, bs = Math.Min(opt.BatchSize, setup.Rows);
        var (w0, b0) = setup.InitialParameters();
        torch.random.manual_seed(opt.Seed);
        using var w = new TorchSharp.Modules.Parameter(torch.tensor(w0.Select(v => (float)v).ToArray(), [k, n], ScalarType.Float32, _device));
        using var b = new TorchSharp.Modules.Parameter(torch.tensor(b0.Select(v => (float)v).ToArray(), [k], ScalarType.Float32, _device));
        using var classWeights = setup.ClassWeights is null ? null : torch.tensor(setup.ClassWeights.Select(v => (float)v).ToArray(), ScalarType.Float32, _device);
        // TorchSharp's optim.Adam / optim.SGD update, with every Scalar held (see ScalarSafeOptimizer).
        using var optimizer = opt.Optimizer == ProbeOptimizer.Adam
            ? ScalarSafeOptimizer.Adam([w, b], opt.LearningRate)
            : ScalarSafeOptimizer.Sgd([w, b], opt.LearningRate);
        // One host buffer per shape, reused by every step: rows are gathered straight into libtorch's memory.
        using var xHost = torch.empty([bs, n], ScalarType.Float32);
        using var yHost = torch.empty([bs], ScalarType.Int64);
        using var rHost = torch.empty([bs], ScalarType.Float32);
        var wd = new double[k * n];
        var bd = new double[k];
        bool stopped = false;
        using Scalar l1 = opt.L1.ToScalar(), l2 = opt.L2.ToScalar();   // held with `using`, never implicit (see TorchHiddenStatesModel.PaddingBias)
        for (int epoch = 0; epoch < opt.Epochs; epoch++)
        {
            var order = setup.Order(epoch);
            double lossSum = 0;
            int batches = 0;
            for (int start = 0; start < setup.Rows; start += bs)
            {
                ct.ThrowIfCancellationRequested();
                int count = Math.Min(bs, setup.Rows - start);
                using var scope = torch.NewDisposeScope();
                var xs = count == bs ? xHost : xHost.narrow(0, 0, count);
                setup.FillBatch(order, start, count, System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(xHost.bytes)[..(count * n)]);
                var x = xs.to(_device);
                var scores = torch.nn.functional.linear(x, w, b);
                Tensor data;
                if (setup.Task == ProbeTask.Classification)
                {
                    var yb = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(yHost.bytes);
                    for (int i = 0; i < count; i++) yb[i] = setup.Labels![order[start + i]];
                    var y = (count == bs ? yHost : yHost.narrow(0, 0, count)).to(_device);
                    data = torch.nn.functional.cross_entropy(scores, y, classWeights);
                }
                else
                {
                    var yr = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(rHost.bytes);
                    for (int i = 0; i < count; i++) yr[i] = (float)setup.Targets![order[start + i]];
                    var y = (count == bs ? rHost : rHost.narrow(0, 0, count)).to(_device);
                    data = torch.nn.functional.mse_loss(scores.reshape(count), y);
                }
                var loss = data;
                if (opt.L1 > 0) loss = loss.Plus(w.abs().sum().mul(l1));
                if (opt.L2 > 0) loss = loss.Plus(w.mul(w).sum().sqrt().mul(l2));
                optimizer.ZeroGrad();
                loss.backward();
                optimizer.Step();
                lossSum += loss.item<float>();
                batches++;
            }
            CopyOut(w, wd);
            CopyOut(b, bd);
            if (setup.EndEpoch(epoch, lossSum / batches, wd, bd))
            {
                stopped = true;
                break;
            }
        }
        return setup.Finish(wd, bd, stopped);
    }

    private static void CopyOut(Tensor t, double[] dst)
    {
        using var scope = torch.NewDisposeScope();
        var src = t.detach().cpu().data<float>().ToArray();
        for (int i = 0; i < dst.Length; i++) dst[i] = src[i];
    }
}
