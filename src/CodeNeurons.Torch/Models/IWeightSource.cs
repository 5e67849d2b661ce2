using static TorchSharp.torch;

namespace CodeNeurons.Torch.Models;

/// <summary>
/// Where a model's weights come from: managed float32 arrays already read (<see cref="InMemoryWeights"/>) or a
/// memory-mapped safetensors checkpoint read tensor by tensor on demand (<see cref="MappedCheckpoint"/>).
/// </summary>
internal interface IWeightSource : IDisposable
{
    /// <summary>Every tensor name, as stored (prefixes not stripped).</summary>
    IEnumerable<string> Names { get; }

    /// <summary>The stored shape of <paramref name="name"/>.</summary>
    long[] ShapeOf(string name);

    /// <summary>A new tensor holding <paramref name="name"/> in <paramref name="dtype"/> on <paramref name="device"/>, in the caller's dispose scope.</summary>
    Tensor Read(string name, ScalarType dtype, Device device);

    /// <summary>Rows <paramref name="rows"/> of the 2-D tensor <paramref name="name"/> ([rows.Length, width]), reading only those rows.</summary>
    Tensor ReadRows(string name, long[] rows, ScalarType dtype, Device device);
}
