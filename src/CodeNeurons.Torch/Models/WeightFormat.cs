
namespace CodeNeurons.Torch.Models;

/// <summary>Which weight file of a model folder to read.</summary>
public enum WeightFormat
{
    /// <summary>The first found of <c>model.safetensors</c>, its shard index, <c>pytorch_model.bin</c>, its shard index.</summary>
    Auto,

    /// <summary><c>model.safetensors</c> or <c>model.safetensors.index.json</c>.</summary>
    SafeTensors,

    /// <summary><c>pytorch_model.bin</c> or <c>pytorch_model.bin.index.json</c>.</summary>
    PyTorchBin,
}
