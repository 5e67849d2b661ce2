namespace CodeNeurons.Torch;

/// <summary>Where a <see cref="TorchGramKernel"/> keeps the running Gram sum across chunks.</summary>
public enum DeviceAccumulation
{
    /// <summary>On the device for CUDA (one host transfer at the end); on the host, per call, for CPU.</summary>
    Auto,

    /// <summary>Always on the device (a float64 [n, n] tensor), also on CPU.</summary>
    Always,

    /// <summary>Always per call into the host's double accumulators.</summary>
    Never,
}
