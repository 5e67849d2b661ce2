using CodeNeurons.Torch.Models;

namespace CodeNeurons.Torch.Extraction;

/// <summary>
/// The first dense layer of a fine-tuned pair classifier, applied per layer to a pair's two vectors: <c>W · x + b</c> with
/// x = [u; v] (CodeXGLUE's clone head, <c>classifier.dense</c>, 2H → H) or x = [u; v; u − v; u ⊙ v] (CodeXGLUE's
/// WebQuery / CoSQA head, <c>mlp.0</c>, 4H → H). The activation that follows in the checkpoint (tanh) is not applied, so
/// neurons keep their linear pre-activations.
/// </summary>
public sealed class PairHead
{
    private readonly float[] _weight;
    private readonly float[] _bias;

    private PairHead(float[] weight, float[] bias, int hidden, PairCombination input)
    {
        _weight = weight;
        _bias = bias;
        HiddenSize = hidden;
        Input = input;
    }

    /// <summary>H: the width of each input vector and of the output.</summary>
    public int HiddenSize { get; }

    /// <summary>How the head's input is built from u and v (<see cref="PairCombination.Concat"/> or <see cref="PairCombination.ConcatDifferenceProduct"/>).</summary>
    public PairCombination Input { get; }

    /// <summary>Width of the head's input (2H or 4H).</summary>
    public int InputWidth => Width(Input, HiddenSize);

    /// <summary>A head from its weights.</summary>
    /// <param name="weight">[H, InputWidth] row-major (PyTorch's <c>nn.Linear.weight</c>).</param>
    /// <param name="bias">[H].</param>
    /// <param name="input">How the input is built.</param>
    /// <returns>The head.</returns>
    public static PairHead Create(float[] weight, float[] bias, PairCombination input)
    {
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(bias);
        int h = bias.Length, per = Width(input, 1);
        if (h == 0 || weight.Length != (long)h * h * per)
            throw new ArgumentException($"weight has {weight.Length} values; a {input} head with bias [{h}] needs [{h}, {h * per}] = {(long)h * h * per}.", nameof(weight));
        return new PairHead((float[])weight.Clone(), (float[])bias.Clone(), h, input);
    }

    /// <summary>
    /// The head of a CodeXGLUE fine-tuned checkpoint (<c>model.bin</c> saved by <c>torch.save(model.state_dict())</c>, or a
    /// <c>.safetensors</c> file): <c>classifier.dense</c> (clone detection, input [u; v]) or <c>mlp.0</c> (code search, input
    /// [u; v; u − v; u ⊙ v]).
    /// </summary>
    /// <param name="path">The checkpoint file.</param>
    /// <returns>The head.</returns>
    /// <exception cref="InvalidDataException">Neither head is in the checkpoint, or its shapes do not fit.</exception>
    public static PairHead Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"Checkpoint '{path}' does not exist.", path);
        var tensors = path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase) ? SafeTensorsReader.Read(path) : TorchPickleReader.Read(path);
        return FromCheckpoint(tensors, path);
    }

    internal static PairHead FromCheckpoint(IReadOnlyDictionary<string, CheckpointTensor> tensors, string source)
    {
        foreach (var (prefix, input) in new[] { ("classifier.dense.", PairCombination.Concat), ("mlp.0.", PairCombination.ConcatDifferenceProduct) })
        {
            if (!tensors.TryGetValue(prefix + "weight", out var w) || !tensors.TryGetValue(prefix + "bias", out var b)) continue;
            int per = Width(input, 1);
            if (b.Shape.Length != 1 || w.Shape.Length != 2 || w.Shape[0] != b.Shape[0] || w.Shape[1] != per * b.Shape[0])
                throw new InvalidDataException($"{source}: '{prefix}weight' is {w.ShapeText} and '{prefix}bias' {b.ShapeText}; a pair head needs [H, {per}H] and [H].");
            return new PairHead(w.Data, b.Data, (int)b.Shape[0], input);
        }
        throw new InvalidDataException($"{source}: no pair head; expected 'classifier.dense.weight'/'bias' (CodeXGLUE clone detection) or 'mlp.0.weight'/'bias' (CodeXGLUE code search).");
    }

    internal static int Width(PairCombination c, int h) => c == PairCombination.Concat ? 2 * h : 4 * h;

    /// <summary>Builds the combined input [u; v] or [u; v; u − v; u ⊙ v] (or |u − v|) into <paramref name="x"/>.</summary>
    internal static void Combine(PairCombination c, ReadOnlySpan<float> u, ReadOnlySpan<float> v, Span<float> x)
    {
        int h = u.Length;
        u.CopyTo(x);
        v.CopyTo(x[h..]);
        if (c == PairCombination.Concat) return;
        for (int i = 0; i < h; i++)
        {
            float d = u[i] - v[i];
            x[2 * h + i] = c == PairCombination.ConcatAbsDifferenceProduct ? Math.Abs(d) : d;
            x[3 * h + i] = u[i] * v[i];
        }
    }

    /// <summary>W · combine(u, v) + b into <paramref name="output"/> ([H]).</summary>
    internal void Apply(ReadOnlySpan<float> u, ReadOnlySpan<float> v, Span<float> output)
    {
        if (u.Length != HiddenSize || v.Length != HiddenSize)
            throw new ArgumentException($"The pair head takes vectors of {HiddenSize}; the model's are {u.Length}.");
        var x = new float[InputWidth];
        Combine(Input, u, v, x);
        for (int o = 0; o < HiddenSize; o++)
        {
            double s = _bias[o];
            var row = _weight.AsSpan(o * InputWidth, InputWidth);
            for (int i = 0; i < row.Length; i++) s += (double)row[i] * x[i];
            output[o] = (float)s;
        }
    }
}
