using CodeNeurons.Redundancy;

namespace CodeNeurons.Cli;

/// <summary>Which Gram kernel <c>cluster</c> uses.</summary>
public enum KernelChoice
{
    /// <summary>The fastest for the device: TorchSharp on CUDA, the measured faster one on CPU.</summary>
    Auto,

    /// <summary>The managed SIMD kernel (CPU only).</summary>
    Managed,

    /// <summary>The TorchSharp kernel (CPU or CUDA).</summary>
    Torch,
}

internal static class KernelFactory
{
    public static IGramKernel Create(KernelChoice choice, string device)
    {
        string d = device.Trim().ToLowerInvariant();
        bool cpu = d == "cpu";
        if (!cpu && !d.StartsWith("cuda", StringComparison.Ordinal))
            throw new ArgumentException($"--device '{device}' is not supported; use cpu or cuda (cuda:N).");
        if (choice == KernelChoice.Managed && !cpu)
            throw new ArgumentException("--kernel managed runs on the CPU only; use --kernel torch (or auto) with --device cuda.");
        if (choice == KernelChoice.Managed || (choice == KernelChoice.Auto && cpu))
            return new ManagedGramKernel();
        return TorchKernel(d);
    }

    private static IGramKernel TorchKernel(string device)
        => new CodeNeurons.Torch.TorchGramKernel(new CodeNeurons.Torch.TorchGramKernelOptions { Device = device });
}
