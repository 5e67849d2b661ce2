using TorchSharp;

namespace CodeNeurons.Torch;

/// <summary>Turns a device string (<c>"cpu"</c>, <c>"cuda"</c>, <c>"cuda:1"</c>, <c>"auto"</c>) into a TorchSharp device.</summary>
public static class TorchDevices
{
    /// <summary>The package an application references to get CUDA on Linux.</summary>
    public const string CudaLinuxPackage = "TorchSharp-cuda-linux";

    /// <summary>The package an application references to get CUDA on Windows.</summary>
    public const string CudaWindowsPackage = "TorchSharp-cuda-windows";

    /// <summary>Resolves <paramref name="device"/>, checking that CUDA is usable when it is asked for.</summary>
    /// <param name="device"><c>"cpu"</c>, <c>"cuda"</c>, <c>"cuda:N"</c> or <c>"auto"</c> (CUDA when available, else CPU); case-insensitive.</param>
    /// <returns>The device.</returns>
    /// <exception cref="ArgumentException">The string is not a device this library supports.</exception>
    /// <exception cref="NotSupportedException">CUDA was asked for but is not available (the message names the package to add), or the index is out of range.</exception>
    /// <exception cref="InvalidOperationException">TorchSharp's native libraries do not load; the message says why (<see cref="TorchNative.EnsureLoaded"/>).</exception>
    public static torch.Device Resolve(string device)
    {
        ArgumentNullException.ThrowIfNull(device);
        var (result, error, isArgumentError) = ResolveCore(device);
        if (result is not null) return result;
        if (isArgumentError) throw new ArgumentException(error, nameof(device));
        throw new NotSupportedException(error);
    }

    /// <summary>Resolves <paramref name="device"/> without throwing.</summary>
    /// <param name="device">As for <see cref="Resolve"/>.</param>
    /// <param name="result">The device, or null on failure.</param>
    /// <param name="error">Why it failed, or null on success.</param>
    /// <returns>True when the device is usable.</returns>
    public static bool TryResolve(string? device, out torch.Device? result, out string? error)
    {
        if (device is null)
        {
            result = null;
            error = "The device string is null.";
            return false;
        }
        try
        {
            (result, error, _) = ResolveCore(device);
        }
        catch (InvalidOperationException ex)
        {
            (result, error) = (null, ex.Message);
        }
        return result is not null;
    }

    /// <summary>True when libtorch reports a usable CUDA device (false with the CPU-only package).</summary>
    public static bool IsCudaAvailable => torch.cuda.is_available();

    private static (torch.Device? Device, string? Error, bool IsArgumentError) ResolveCore(string device)
    {
        string s = device.Trim().ToLowerInvariant();
        if (s is "cpu" or "auto" or "cuda" || s.StartsWith("cuda:", StringComparison.Ordinal)) TorchNative.EnsureLoaded();
        if (s == "cpu") return (torch.CPU, null, false);
        if (s == "auto") return (torch.cuda.is_available() ? new torch.Device(DeviceType.CUDA, 0) : torch.CPU, null, false);

        int index = 0;
        if (s.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!int.TryParse(s.AsSpan(5), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out index))
                return (null, $"Device '{device}' has no valid CUDA index. Use 'cpu', 'cuda', 'cuda:N' (N ≥ 0) or 'auto'.", true);
        }
        else if (s != "cuda")
        {
            return (null, $"Unknown device '{device}'. Use 'cpu', 'cuda', 'cuda:N' or 'auto'.", true);
        }

        if (!torch.cuda.is_available())
            return (null,
                $"Device '{device}' needs CUDA, but libtorch reports no usable CUDA device. The application references the CPU-only "
                + $"native package (TorchSharp-cpu) or no NVIDIA driver is installed: reference {CudaLinuxPackage} "
                + $"(or {CudaWindowsPackage} on Windows) instead of TorchSharp-cpu, or use device 'cpu'.", false);
        int count = torch.cuda.device_count();
        if (index >= count)
            return (null, $"Device '{device}' does not exist: {count} CUDA device(s) are visible (indices 0 to {count - 1}).", false);
        return (new torch.Device(DeviceType.CUDA, index), null, false);
    }
}
