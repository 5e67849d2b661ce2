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
/// Minibatches are copied from the managed <see cref="ActivationSet"/> (on a GPU in chunks of <see cref="DeviceChunkRows"/>
/// rows), so device memory holds one chunk plus the parameters; each batch runs in its own dispose scope, and the result is
/// copied to managed arrays.
/// Initial weights and shuffles come from the same seeded managed generator as <see cref="ManagedElasticNetProbe"/>.
/// On CPU a seed gives bit-identical results run to run (training uses one libtorch thread by default).
/// Dalvi et al., AAAI 2019.
/// </remarks>
public sealed class TorchElasticNetProbe : IConceptProbe
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
    {
        Options = options ?? new ProbeOptions();
        _device = TorchDevices.Resolve(device);
        if (cpuThreads is < 1) throw new ArgumentOutOfRangeException(nameof(cpuThreads), cpuThreads, "cpuThreads must be at least 1 (or null).");
        CpuThreads = cpuThreads;
    }

    /// <summary>
    /// Rows uploaded to a GPU at once (whole minibatches; 4,096 by default): the bound on the probe's device memory for data.
    /// Ignored on the CPU, where each minibatch is gathered in place.
    /// </summary>
    public int DeviceChunkRows { get; init; } = 4096;

    /// <summary>Use the GPU's chunked upload path on the CPU too (tests check it gives the same probe as per-batch training).</summary>
    internal bool ChunkOnCpu { get; init; }

    /// <summary>libtorch intra-op threads used while training on the CPU, or null for libtorch's own setting.</summary>
    public int? CpuThreads { get; }

    /// <summary>The training options.</summary>
    public ProbeOptions Options { get; }

    /// <summary>The device training runs on.</summary>
    public string Device => _device.ToString();

    /// <inheritdoc/>
    public ProbeResult Fit(ActivationSet train, IReadOnlyList<int> labels, ActivationSet? dev = null, IReadOnlyList<int>? devLabels = null,
        IProgress<ProbeProgress>? progress = null, CancellationToken cancellationToken = default)
        => Train(ProbeSetup.ForClassification(Options, train, labels, dev, devLabels, progress), cancellationToken);

    /// <inheritdoc/>
    public ProbeResult FitRegression(ActivationSet train, IReadOnlyList<double> targets, ActivationSet? dev = null, IReadOnlyList<double>? devTargets = null,
        IProgress<ProbeProgress>? progress = null, CancellationToken cancellationToken = default)
        => Train(ProbeSetup.ForRegression(Options, train, targets, dev, devTargets, progress), cancellationToken);

    private ProbeResult Train(ProbeSetup setup, CancellationToken ct)
    {
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

    private ProbeResult TrainCore(ProbeSetup setup, CancellationToken ct)
    {
        var opt = setup.Options;
        int n = setup.Neurons, k = setup.Outputs, bs = Math.Min(opt.BatchSize, setup.Rows);
        var (w0, b0) = setup.InitialParameters();
        torch.random.manual_seed(opt.Seed);
        using var w = new TorchSharp.Modules.Parameter(torch.tensor(w0.Select(v => (float)v).ToArray(), [k, n], ScalarType.Float32, _device));
        using var b = new TorchSharp.Modules.Parameter(torch.tensor(b0.Select(v => (float)v).ToArray(), [k], ScalarType.Float32, _device));
        using var classWeights = setup.ClassWeights is null ? null : torch.tensor(setup.ClassWeights.Select(v => (float)v).ToArray(), ScalarType.Float32, _device);
        using var optimizer = opt.Optimizer == ProbeOptimizer.Adam
            ? (optim.Optimizer)optim.Adam([w, b], opt.LearningRate)
            : optim.SGD([w, b], opt.LearningRate);
        // On the CPU, one host buffer per shape is reused by every step: rows are gathered straight into libtorch's memory.
        // On a GPU, rows go up in chunks of several minibatches (DeviceChunkRows) and the loss stays on the device until the
        // end of the epoch, so a step costs no host round trip; device memory holds one chunk, never the training set.
        bool perBatch = _device.type == DeviceType.CPU && !ChunkOnCpu;
        int perChunk = perBatch ? 1 : Math.Max(1, DeviceChunkRows / bs);
        int chunkRows = Math.Min(setup.Rows, perChunk * bs);
        using var xHost = torch.empty([chunkRows, n], ScalarType.Float32);
        using var yHost = torch.empty([chunkRows], ScalarType.Int64);
        using var rHost = torch.empty([chunkRows], ScalarType.Float32);
        using var lossSum = torch.zeros([], ScalarType.Float64, _device);
        var wd = new double[k * n];
        var bd = new double[k];
        bool stopped = false;
        for (int epoch = 0; epoch < opt.Epochs; epoch++)
        {
            var order = setup.Order(epoch);
            lossSum.zero_();
            int batches = 0;
            for (int chunkStart = 0; chunkStart < setup.Rows; chunkStart += chunkRows)
            {
                ct.ThrowIfCancellationRequested();
                int inChunk = Math.Min(chunkRows, setup.Rows - chunkStart);
                using var chunkScope = torch.NewDisposeScope();
                setup.FillBatch(order, chunkStart, inChunk, System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(xHost.bytes)[..(inChunk * n)]);
                var xChunk = (inChunk == chunkRows ? xHost : xHost.narrow(0, 0, inChunk)).to(_device);
                Tensor yChunk;
                if (setup.Task == ProbeTask.Classification)
                {
                    var yb = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(yHost.bytes);
                    for (int i = 0; i < inChunk; i++) yb[i] = setup.Labels![order[chunkStart + i]];
                    yChunk = (inChunk == chunkRows ? yHost : yHost.narrow(0, 0, inChunk)).to(_device);
                }
                else
                {
                    var yr = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(rHost.bytes);
                    for (int i = 0; i < inChunk; i++) yr[i] = (float)setup.Targets![order[chunkStart + i]];
                    yChunk = (inChunk == chunkRows ? rHost : rHost.narrow(0, 0, inChunk)).to(_device);
                }
                for (int offset = 0; offset < inChunk; offset += bs)
                {
                    ct.ThrowIfCancellationRequested();
                    int count = Math.Min(bs, inChunk - offset);
                    using var scope = torch.NewDisposeScope();
                    var x = count == inChunk ? xChunk : xChunk.narrow(0, offset, count);
                    var y = count == inChunk ? yChunk : yChunk.narrow(0, offset, count);
                    var scores = torch.nn.functional.linear(x, w, b);
                    var loss = setup.Task == ProbeTask.Classification
                        ? torch.nn.functional.cross_entropy(scores, y, classWeights)
                        : torch.nn.functional.mse_loss(scores.reshape(count), y);
                    if (opt.L1 > 0) loss = loss + opt.L1 * w.abs().sum();
                    if (opt.L2 > 0) loss = loss + opt.L2 * w.pow(2).sum().sqrt();
                    optimizer.zero_grad();
                    loss.backward();
                    optimizer.step();
                    lossSum.add_(loss.detach().to(ScalarType.Float64));
                    batches++;
                }
            }
            CopyOut(w, wd);
            CopyOut(b, bd);
            if (setup.EndEpoch(epoch, lossSum.item<double>() / batches, wd, bd))
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
