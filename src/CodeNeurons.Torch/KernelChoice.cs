using CodeNeurons.Redundancy;

namespace CodeNeurons.Torch;

/// <summary>Which Gram kernel computes correlations (<c>--kernel</c> of <c>codeneurons cluster</c>).</summary>
public enum KernelChoice
{
    /// <summary>The fastest for the device: TorchSharp on CUDA, the measured faster one (managed) on CPU.</summary>
    Auto,

    /// <summary>The managed SIMD kernel (<see cref="ManagedGramKernel"/>, CPU only).</summary>
    Managed,

    /// <summary>The TorchSharp kernel (<see cref="TorchGramKernel"/>, CPU or CUDA).</summary>
    Torch,
}
