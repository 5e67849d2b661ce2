namespace CodeNeurons.Torch.Models;

/// <summary>The floating-point type a model computes in.</summary>
public enum ModelDType
{
    /// <summary>32-bit floats (exact parity with Hugging Face float32 runs).</summary>
    Float32,

    /// <summary>bfloat16 weights and activations.</summary>
    BFloat16,

    /// <summary>float16 weights and activations (best on CUDA).</summary>
    Float16,
}

/// <summary>How <see cref="HfModel.Load"/> places and reads a model.</summary>
/// <param name="Device"><c>"cpu"</c>, <c>"cuda"</c>, <c>"cuda:N"</c> or <c>"auto"</c>, as for <see cref="TorchDevices.Resolve"/>.</param>
/// <param name="DType">The compute type; hidden states are always returned as float32.</param>
/// <param name="Format">Which weight file to read.</param>
public sealed record ModelLoadOptions(string Device = "cpu", ModelDType DType = ModelDType.Float32, WeightFormat Format = WeightFormat.Auto);
