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
