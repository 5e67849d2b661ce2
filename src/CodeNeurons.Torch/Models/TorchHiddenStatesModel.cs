using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace CodeNeurons.Torch.Models;

/// <summary>
/// Shared machinery of the TorchSharp implementations: weights taken from a checkpoint (prefixes stripped, shapes checked),
/// owned by the model and disposed with it; a forward pass under <c>no_grad</c> in one dispose scope that returns managed arrays.
/// </summary>
internal abstract class TorchHiddenStatesModel : IHiddenStatesModel
{
    private readonly Dictionary<string, Tensor> _weights = new(StringComparer.Ordinal);
    private int? _blockLimit;
    private bool _disposed;

    protected TorchHiddenStatesModel(HfModelConfig config, IReadOnlyDictionary<string, CheckpointTensor> checkpoint, string source, Device device, ScalarType dtype)
    {
        Config = config;
        Device = device;
        DType = dtype;
        var stripped = StripPrefixes(checkpoint);
        try
        {
            using var scope = NewDisposeScope();
            foreach (var (name, shape) in RequiredWeights())
            {
                if (!stripped.TryGetValue(name, out var t))
                    throw new InvalidDataException($"Checkpoint '{source}' has no weight '{name}', which a {config.ModelType} model with this config needs.");
                if (!t.Shape.SequenceEqual(shape))
                    throw new InvalidDataException(
                        $"Checkpoint '{source}': weight '{name}' has shape {t.ShapeText}, but the config needs [{string.Join(", ", shape)}].");
                var tensor = torch.tensor(t.Data, t.Shape, ScalarType.Float32).to(dtype, device);
                _weights[name] = tensor.DetachFromDisposeScope();
            }
        }
        catch
        {
            DisposeWeights();
            throw;
        }
    }

    public HfModelConfig Config { get; }

    protected Device Device { get; }

    protected ScalarType DType { get; }

    /// <summary>Prefixes removed from checkpoint names (e.g. <c>roberta.</c>), so task-head checkpoints load as base models.</summary>
    protected abstract IReadOnlyList<string> Prefixes { get; }

    /// <summary>The weights the model needs, by name after prefix stripping, with their shapes.</summary>
    protected abstract IEnumerable<(string Name, long[] Shape)> RequiredWeights();

    /// <summary>Computes the hidden states (embedding output first) inside the caller's dispose scope.</summary>
    protected abstract List<Tensor> Run(Tensor inputIds, Tensor attentionMask);

    /// <summary>
    /// Number of blocks <see cref="Run"/> computes: <see cref="HfModelConfig.NumLayers"/> unless <see cref="BlockLimit"/>
    /// stops the model earlier (blocks after it are never run, so their cost is saved).
    /// </summary>
    protected int BlocksToRun => BlockLimit ?? Config.NumLayers;

    /// <summary>
    /// When set, <see cref="Run"/> stops after this many blocks and <see cref="Forward"/> returns <c>BlockLimit + 1</c>
    /// hidden states (embeddings first). States before the last block are exactly those of the full model; the final
    /// norm of GPT-2, T5 and the decoders belongs to the last block and is applied only when every block runs.
    /// </summary>
    internal int? BlockLimit
    {
        get => _blockLimit;
        set
        {
            if (value is int v && (v < 0 || v > Config.NumLayers))
                throw new ArgumentOutOfRangeException(nameof(value), $"A block limit of {v} is outside [0, {Config.NumLayers}] for this {Config.ModelType} model.");
            _blockLimit = value;
        }
    }

    /// <summary>
    /// Called with (hidden-state index, state) for every state <see cref="Run"/> records (0 = embeddings, i = block i's
    /// output as extraction sees it); the tensor it returns is recorded and is what the next block reads. Null (the
    /// default) costs nothing.
    /// </summary>
    internal Func<int, Tensor, Tensor>? LayerHook { get; set; }

    /// <summary>Records the next hidden state (after the <see cref="LayerHook"/>, if any) and returns the tensor to continue from.</summary>
    protected Tensor Emit(List<Tensor> states, Tensor hidden)
    {
        var recorded = LayerHook is { } hook ? hook(states.Count, hidden) : hidden;
        states.Add(recorded);
        return recorded;
    }

    protected Tensor W(string name) => _weights[name];

    protected bool HasWeight(string name) => _weights.ContainsKey(name);

    public HiddenStates Forward(long[,] inputIds, long[,] attentionMask)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(inputIds);
        ArgumentNullException.ThrowIfNull(attentionMask);
        int batch = inputIds.GetLength(0), seq = inputIds.GetLength(1);
        if (attentionMask.GetLength(0) != batch || attentionMask.GetLength(1) != seq)
            throw new ArgumentException($"attentionMask is [{attentionMask.GetLength(0)}, {attentionMask.GetLength(1)}] but inputIds is [{batch}, {seq}].", nameof(attentionMask));
        if (batch == 0 || seq == 0) throw new ArgumentException("The batch is empty.", nameof(inputIds));
        if (Config.MaxPositionEmbeddings > 0 && seq > Config.MaxPositionEmbeddings - (Config.ModelType == "roberta" ? (Config.PadTokenId ?? 0) + 1 : 0))
            throw new ArgumentException($"Sequence length {seq} exceeds what the position table of this {Config.ModelType} model allows.", nameof(inputIds));
        foreach (var id in inputIds)
            if (id < 0 || id >= Config.VocabSize) throw new ArgumentOutOfRangeException(nameof(inputIds), $"Token id {id} is outside the vocabulary [0, {Config.VocabSize}).");

        var values = new float[BlocksToRun + 1, batch, seq, Config.HiddenSize];
        using (torch.no_grad())
        using (var scope = NewDisposeScope())
        {
            var ids = torch.tensor(Flatten(inputIds), [batch, seq], ScalarType.Int64).to(Device);
            var mask = torch.tensor(Flatten(attentionMask), [batch, seq], ScalarType.Int64).to(Device);
            var states = Run(ids, mask);
            // One copy, device (or libtorch CPU memory) straight into the managed array: a tensor aliasing the pinned array
            // receives the stacked states. (tensor.cpu() + data<float>().CopyTo(span) made a host tensor, a temporary managed
            // array and two more copies: 1.28 s instead of ~0.2 s for 13 × 32 × 256 × 768 floats on an H200.)
            var stacked = torch.stack(states).to(ScalarType.Float32).contiguous().reshape(-1);
            using var target = torch.frombuffer(values, ScalarType.Float32);
            target.copy_(stacked);
        }
        return new HiddenStates(values, (long[,])attentionMask.Clone());
    }

    private static long[] Flatten(long[,] a)
    {
        var r = new long[a.Length];
        MemoryMarshal.CreateSpan(ref Unsafe.As<byte, long>(ref MemoryMarshal.GetArrayDataReference(a)), a.Length).CopyTo(r);
        return r;
    }

    /// <summary>An additive mask [batch, 1, 1, seq]: 0 where the key is a real token, the dtype's minimum where it is padding.</summary>
    /// <remarks>
    /// Every <see cref="Scalar"/> in the models is created explicitly and held with <c>using</c> until the native call
    /// returns. A C# number converted implicitly to a Scalar (<c>t.ne(1)</c>, <c>0.5 * t</c>) is a temporary whose
    /// finaliser may free the native scalar while libtorch still reads it (TorchSharp does not keep it alive across
    /// the P/Invoke); that crashed extraction intermittently with <c>toLong at c10/core/Scalar.h:140</c>.
    /// </remarks>
    protected Tensor PaddingBias(Tensor attentionMask)
    {
        using Scalar one = 1.0.ToScalar(), min = torch.finfo(DType).min.ToScalar();
        return attentionMask.to(DType).neg().Plus(one).mul(min).unsqueeze(1).unsqueeze(1);
    }

    protected static Tensor Activation(Tensor x, string name)
    {
        switch (name)
        {
            case "gelu": return torch.nn.functional.gelu(x);
            case "gelu_new" or "gelu_pytorch_tanh" or "gelu_fast":
            {
                using Scalar half = 0.5.ToScalar(), one = 1.0.ToScalar(), three = 3.0.ToScalar(), cubic = 0.044715.ToScalar(), c = Math.Sqrt(2.0 / Math.PI).ToScalar();
                return x.mul(half) * torch.tanh(x.Plus(x.pow(three).mul(cubic)).mul(c)).Plus(one);
            }
            case "relu": return torch.nn.functional.relu(x);
            case "silu" or "swish": return torch.nn.functional.silu(x);
            default: throw new NotSupportedException($"Activation '{name}' is not supported; supported are gelu, gelu_new, gelu_pytorch_tanh, gelu_fast, relu, silu.");
        }
    }

    /// <summary>Looks up rows of an embedding table: ids of any shape → [..ids, width].</summary>
    protected static Tensor Embed(Tensor ids, Tensor table) =>
        table.index_select(0, ids.reshape(-1)).view([.. ids.shape, table.shape[1]]);

    /// <summary>[batch, seq, heads*size] → [batch, heads, seq, size].</summary>
    protected static Tensor SplitHeads(Tensor x, int heads, int size) =>
        x.view(x.shape[0], x.shape[1], heads, size).transpose(1, 2);

    /// <summary>[batch, heads, seq, size] → [batch, seq, heads*size].</summary>
    protected static Tensor MergeHeads(Tensor x) =>
        x.transpose(1, 2).contiguous().view(x.shape[0], x.shape[2], x.shape[1] * x.shape[3]);

    private Dictionary<string, CheckpointTensor> StripPrefixes(IReadOnlyDictionary<string, CheckpointTensor> checkpoint)
    {
        var result = new Dictionary<string, CheckpointTensor>(StringComparer.Ordinal);
        foreach (var (key, value) in checkpoint)
        {
            string name = key;
            foreach (var p in Prefixes)
                if (name.StartsWith(p, StringComparison.Ordinal)) { name = name[p.Length..]; break; }
            // Old TensorFlow-converted BERT checkpoints name layer-norm parameters gamma/beta.
            if (name.EndsWith(".gamma", StringComparison.Ordinal)) name = name[..^6] + ".weight";
            else if (name.EndsWith(".beta", StringComparison.Ordinal)) name = name[..^5] + ".bias";
            result.TryAdd(name, value);
        }
        return result;
    }

    private void DisposeWeights()
    {
        foreach (var t in _weights.Values) t.Dispose();
        _weights.Clear();
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        DisposeWeights();
    }
}
