using CodeNeurons.Data;

namespace CodeNeurons.Analysis;

/// <summary>Which probe implementation trains the probes (<c>"implementation"</c> of a CCFS config, <c>--implementation</c> of <c>probe</c>).</summary>
public enum ProbeImplementation
{
    /// <summary>The TorchSharp probe (CPU or CUDA; needs CodeNeurons.Torch).</summary>
    Torch,

    /// <summary>The managed float64 probe (CPU).</summary>
    Managed,
}
