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
    // Streaming (docs/models.md): weights read per block from the mapped checkpoint, by name after prefix stripping → stored name.
    private readonly Dictionary<string, string> _streamed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Tensor> _materialised = new(StringComparer.Ordinal);
    private IWeightSource? _streamSource;
    private HashSet<int>? _keep;
    private int? _blockLimit;
    private bool _disposed;

    protected TorchHiddenStatesModel(HfModelConfig config, IReadOnlyDictionary<string, CheckpointTensor> checkpoint, string source, Device device, ScalarType dtype)
        : this(config, new InMemoryWeights(checkpoint), source, device, dtype, streamed: false)
    {
    }

    /// <summary>
    /// Takes the weights from <paramref name="weights"/>, shape-checked by name. With <paramref name="streamed"/>, the weights
    /// <see cref="IsStreamed"/> names stay in the source (which the model then owns and disposes) and are read per use by
    /// <see cref="Materialise"/>; all others are read now.
    /// </summary>
    private protected TorchHiddenStatesModel(HfModelConfig config, IWeightSource weights, string source, Device device, ScalarType dtype, bool streamed)
    {
        Config = config;
        Device = device;
        DType = dtype;
        var stripped = StripPrefixes(weights.Names);
        try
        {
            foreach (var (name, shape) in RequiredWeights())
            {
                if (!stripped.TryGetValue(name, out var stored))
                    throw new InvalidDataException($"Checkpoint '{source}' has no weight '{name}', which a {config.ModelType} model with this config needs.");
                var actual = weights.ShapeOf(stored);
                if (!actual.SequenceEqual(shape))
                    throw new InvalidDataException(
                        $"Checkpoint '{source}': weight '{name}' has shape [{string.Join(", ", actual)}], but the config needs [{string.Join(", ", shape)}].");
                if (streamed && IsStreamed(name))
                {
                    _streamed[name] = stored;
                    continue;
                }
                using var scope = NewDisposeScope();
                _weights[name] = weights.Read(stored, dtype, device).DetachFromDisposeScope();
            }
        }
        catch
        {
            DisposeWeights();
            throw;
        }
        if (streamed) _streamSource = weights;
    }

    /// <summary>Whether the model reads its block weights per forward pass instead of holding them (see <see cref="IsStreamed"/>).</summary>
    internal bool Streams => _streamSource is not null;

    /// <summary>Which weights a streamed model leaves in the checkpoint until <see cref="Materialise"/> reads them (default: none).</summary>
    protected virtual bool IsStreamed(string name) => false;

    /// <summary>
    /// In a streamed model, reads every streamed weight whose name starts with <paramref name="prefix"/> (e.g. <c>layers.3.</c>)
    /// into the compute dtype and device, for <see cref="W"/> to return until the result is disposed, which frees them. Null
    /// (nothing to do) when the model holds all its weights.
    /// </summary>
    protected IDisposable? Materialise(string prefix)
    {
        if (_streamSource is null) return null;
        var names = _streamed.Keys.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        var release = new Released(this, names);
        try
        {
            foreach (var n in names)
            {
                using var scope = NewDisposeScope();
                _materialised[n] = _streamSource.Read(_streamed[n], DType, Device).DetachFromDisposeScope();
            }
        }
        catch
        {
            release.Dispose();
            throw;
        }
        return release;
    }

    private sealed class Released(TorchHiddenStatesModel model, List<string> names) : IDisposable
    {
        public void Dispose()
        {
            foreach (var n in names)
                if (model._materialised.Remove(n, out var t)) t.Dispose();
        }
    }

    /// <summary>
    /// Rows <paramref name="ids"/> of the embedding table <paramref name="name"/>: [..ids, width]. A streamed table is not read
    /// whole: only the distinct rows the ids name are read from the checkpoint.
    /// </summary>
    protected Tensor EmbedRows(Tensor ids, string name)
    {
        if (!_streamed.TryGetValue(name, out var stored)) return Embed(ids, W(name));
        var flat = ids.reshape(-1).cpu();
        var all = flat.data<long>().ToArray();
        var distinct = all.Distinct().Order().ToArray();
        var at = new Dictionary<long, long>(distinct.Length);
        for (int i = 0; i < distinct.Length; i++) at[distinct[i]] = i;
        var rows = _streamSource!.ReadRows(stored, distinct, DType, Device);
        var index = torch.tensor(all.Select(id => at[id]).ToArray(), ScalarType.Int64).to(Device);
        return rows.index_select(0, index).view([.. ids.shape, rows.shape[1]]);
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
    /// When set, <see cref="Run"/> stops after this many blocks and <see cref="Forward(long[,], long[,])"/> returns <c>BlockLimit + 1</c>
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
        // With a selection of states (Forward with keep), a state not asked for is freed as soon as the next one exists: the
        // block that read it has run by then, and no model reads an earlier state again.
        if (_keep is not null && states.Count > 0 && !_keep.Contains(states.Count - 1)) states[^1].Dispose();
        states.Add(recorded);
        return recorded;
    }

    protected Tensor W(string name) =>
        _weights.TryGetValue(name, out var t) ? t
        : _materialised.TryGetValue(name, out t) ? t
        : _streamed.ContainsKey(name) ? throw new InvalidOperationException($"Weight '{name}' is streamed and was not materialised.")
        : throw new KeyNotFoundException($"The model has no weight '{name}'.");

    /// <summary>The weights by name (after prefix stripping), in <see cref="RequiredWeights"/> order, for fine-tuning and saving.</summary>
    internal IEnumerable<(string Name, Tensor Weight)> NamedWeights()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        foreach (var (name, _) in RequiredWeights())
            if (_weights.TryGetValue(name, out var t)) yield return (name, t);
    }

    /// <summary>
    /// Replaces every weight by a trainable <see cref="TorchSharp.Modules.Parameter"/> (same storage, <c>requires_grad</c>)
    /// and returns them by name; the model then owns and disposes the parameters. For fine-tuning only: inference through
    /// <see cref="Forward(long[,], long[,])"/> is unchanged (it runs under <c>no_grad</c>).
    /// </summary>
    internal IReadOnlyList<(string Name, TorchSharp.Modules.Parameter Weight)> MakeTrainable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var result = new List<(string, TorchSharp.Modules.Parameter)>();
        foreach (var (name, t) in NamedWeights().ToList())
        {
            var p = t as TorchSharp.Modules.Parameter ?? new TorchSharp.Modules.Parameter(t, requires_grad: true);
            _weights[name] = p;
            result.Add((name, p));
        }
        return result;
    }

    /// <summary>The hidden states (embeddings first) with autograd enabled, in the caller's dispose scope (for fine-tuning).</summary>
    internal List<Tensor> RunWithGradients(Tensor inputIds, Tensor attentionMask)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return Run(inputIds, attentionMask);
    }

    /// <summary>Every weight the model holds, by name after prefix stripping (the compact model writes a truncated copy).</summary>
    internal IReadOnlyDictionary<string, Tensor> LoadedWeights => _weights;

    protected bool HasWeight(string name) => _weights.ContainsKey(name) || _streamed.ContainsKey(name);

    public HiddenStates Forward(long[,] inputIds, long[,] attentionMask) => Forward(inputIds, attentionMask, null);

    /// <summary>
    /// As <see cref="Forward(long[,], long[,])"/>, but returns only the hidden states <paramref name="keep"/> lists, in that order
    /// ([keep.Count, batch, seq, hidden]); the others are freed as soon as the next block has read them, and blocks after the
    /// last one needed are not run. Null keeps all.
    /// </summary>
    internal HiddenStates Forward(long[,] inputIds, long[,] attentionMask, IReadOnlyList<int>? keep)
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

        if (keep is not null)
        {
            if (keep.Count == 0) throw new ArgumentException("keep is empty; pass null for all hidden states.", nameof(keep));
            foreach (int k in keep)
                if (k < 0 || k > BlocksToRun) throw new ArgumentOutOfRangeException(nameof(keep), $"Hidden state {k} is outside [0, {BlocksToRun}].");
        }

        var values = new float[keep?.Count ?? BlocksToRun + 1, batch, seq, Config.HiddenSize];
        int? limit = _blockLimit;
        try
        {
            _keep = keep is null ? null : [.. keep];
            // States before the last block do not depend on later blocks (see BlockLimit): stop after the last one asked for.
            if (keep is not null && keep.Max() < BlocksToRun) _blockLimit = keep.Max();
            using (torch.no_grad())
            using (var scope = NewDisposeScope())
            {
                var ids = torch.tensor(Flatten(inputIds), [batch, seq], ScalarType.Int64).to(Device);
                var mask = torch.tensor(Flatten(attentionMask), [batch, seq], ScalarType.Int64).to(Device);
                var states = Run(ids, mask);
                if (keep is not null) states = [.. keep.Select(k => states[k])];
                // One copy, device (or libtorch CPU memory) straight into the managed array: a tensor aliasing the pinned array
                // receives the stacked states. (tensor.cpu() + data<float>().CopyTo(span) made a host tensor, a temporary managed
                // array and two more copies: 1.28 s instead of ~0.2 s for 13 × 32 × 256 × 768 floats on an H200.)
                var stacked = torch.stack(states).to(ScalarType.Float32).contiguous().reshape(-1);
                using var target = torch.frombuffer(values, ScalarType.Float32);
                target.copy_(stacked);
            }
        }
        finally
        {
            _keep = null;
            _blockLimit = limit;
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

    /// <summary>Names after prefix stripping → stored names (the first stored name wins).</summary>
    private Dictionary<string, string> StripPrefixes(IEnumerable<string> stored)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in stored)
        {
            string name = key;
            foreach (var p in Prefixes)
                if (name.StartsWith(p, StringComparison.Ordinal)) { name = name[p.Length..]; break; }
            // Old TensorFlow-converted BERT checkpoints name layer-norm parameters gamma/beta.
            if (name.EndsWith(".gamma", StringComparison.Ordinal)) name = name[..^6] + ".weight";
            else if (name.EndsWith(".beta", StringComparison.Ordinal)) name = name[..^5] + ".bias";
            result.TryAdd(name, key);
        }
        return result;
    }

    private void DisposeWeights()
    {
        foreach (var t in _weights.Values) t.Dispose();
        _weights.Clear();
        foreach (var t in _materialised.Values) t.Dispose();
        _materialised.Clear();
        _streamSource?.Dispose();
        _streamSource = null;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        DisposeWeights();
    }
}
