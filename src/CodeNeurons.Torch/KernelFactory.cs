using CodeNeurons.Redundancy;

namespace CodeNeurons.Torch;

/// <summary>Chooses a Gram-kernel backend for a device (the <c>Use…</c>/<c>TryUse…</c> choice of Math.NET, as one factory).</summary>
public static class KernelFactory
{
    /// <summary>A Gram kernel for <paramref name="device"/>.</summary>
    /// <param name="choice">Which kernel; <see cref="KernelChoice.Auto"/> picks the managed one on CPU and TorchSharp on CUDA.</param>
    /// <param name="device">"cpu", "cuda" or "cuda:N" (case and surrounding spaces ignored).</param>
    /// <returns>The kernel (a <see cref="TorchGramKernel"/> holds no native memory until used).</returns>
    /// <exception cref="ArgumentException">Another device, or the managed kernel on CUDA.</exception>
    public static IGramKernel Create(KernelChoice choice, string device)
    {
        ArgumentNullException.ThrowIfNull(device);
        string d = device.Trim().ToLowerInvariant();
        bool cpu = d == "cpu";
        if (!cpu && !d.StartsWith("cuda", StringComparison.Ordinal))
            throw new ArgumentException($"--device '{device}' is not supported; use cpu or cuda (cuda:N).", nameof(device));
        if (choice == KernelChoice.Managed && !cpu)
            throw new ArgumentException("--kernel managed runs on the CPU only; use --kernel torch (or auto) with --device cuda.", nameof(choice));
        if (choice == KernelChoice.Managed || (choice == KernelChoice.Auto && cpu))
            return new ManagedGramKernel();
        return new TorchGramKernel(new TorchGramKernelOptions { Device = d });
    }
}
