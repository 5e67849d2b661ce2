namespace CodeNeurons.Torch;

/// <summary>Settings of a <see cref="TorchGramKernel"/>.</summary>
public sealed record TorchGramKernelOptions
{
    /// <summary>The default column-block size.</summary>
    public const int DefaultBlockSize = 2048;

    /// <summary>
    /// Where to multiply: <c>"cpu"</c>, <c>"cuda"</c>, <c>"cuda:N"</c>, or <c>"auto"</c> (CUDA when available, else CPU).
    /// Case-insensitive. CUDA needs the <c>TorchSharp-cuda-linux</c> (or <c>TorchSharp-cuda-windows</c>) package
    /// in the application instead of <c>TorchSharp-cpu</c>.
    /// </summary>
    public string Device { get; init; } = "cpu";

    /// <summary>
    /// Columns per block (≥ 1). Each block I computes <c>C[:, I]ᵀ · C[:, I.start:]</c>, so peak extra memory is one
    /// block: <c>BlockSize × n</c> float32 values (plus its host copy on CUDA).
    /// </summary>
    public int BlockSize { get; init; } = DefaultBlockSize;

    /// <summary>
    /// On CUDA, let float32 matrix products use TF32 tensor cores (faster, about 10 mantissa bits per product).
    /// Applied only for the duration of each <see cref="TorchGramKernel.AddGram"/> call; no effect on CPU.
    /// </summary>
    public bool AllowTf32 { get; init; }

    /// <summary>
    /// When set, the kernel calls <c>torch.set_num_threads</c> with this value when it is created. This is a
    /// process-wide libtorch setting; leave it null to keep libtorch's own choice.
    /// </summary>
    public int? NumThreads { get; init; }

    /// <summary>
    /// Whether a correlation accumulator keeps its running Gram sum on the device (<see cref="TorchGramKernel.OpenSession"/>).
    /// Default: on CUDA only.
    /// </summary>
    public DeviceAccumulation DeviceAccumulation { get; init; } = DeviceAccumulation.Auto;
}
