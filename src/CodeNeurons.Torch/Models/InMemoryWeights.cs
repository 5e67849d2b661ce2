using TorchSharp;
using static TorchSharp.torch;

namespace CodeNeurons.Torch.Models;

/// <summary>Weights already read into managed float32 arrays (<see cref="CheckpointLoader.ReadFolder"/>); nothing to dispose.</summary>
internal sealed class InMemoryWeights(IReadOnlyDictionary<string, CheckpointTensor> tensors) : IWeightSource
{
    public IEnumerable<string> Names => tensors.Keys;

    public long[] ShapeOf(string name) => tensors[name].Shape;

    public Tensor Read(string name, ScalarType dtype, Device device)
    {
        var t = tensors[name];
        return torch.tensor(t.Data, t.Shape, ScalarType.Float32).to(dtype, device);
    }

    public Tensor ReadRows(string name, long[] rows, ScalarType dtype, Device device)
    {
        var t = tensors[name];
        long width = t.Shape[1];
        var values = new float[rows.Length * width];
        for (int r = 0; r < rows.Length; r++) Array.Copy(t.Data, rows[r] * width, values, r * width, width);
        return torch.tensor(values, [rows.Length, width], ScalarType.Float32).to(dtype, device);
    }

    public void Dispose()
    {
    }
}
