using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using TorchSharp;

namespace CodeNeurons.Torch;

/// <summary>
/// Loads TorchSharp's native libraries once and, when that fails, says why. TorchSharp reports every load failure as "the
/// libtorch-cpu-… package is not restored", also when the package is there and the dynamic linker refused a library (on
/// Debian 12, libstdc++ lacks <c>GLIBCXX_3.4.32</c>). Every CodeNeurons.Torch entry point that needs libtorch calls
/// <see cref="EnsureLoaded"/> first (through <see cref="TorchDevices.Resolve"/>); an application may call it at start-up.
/// </summary>
public static class TorchNative
{
    /// <summary>The managed package that CodeNeurons.Torch references; an application adds one of its backends.</summary>
    public const string CpuBackendPackage = "TorchSharp-cpu";

    private static volatile bool s_loaded;

    /// <summary>Loads libtorch and TorchSharp's native bridge for the CPU (once per process).</summary>
    /// <exception cref="InvalidOperationException">
    /// The native libraries could not be loaded. The message names the cause found (no backend package, a missing file, a
    /// symbol version this system's C++ runtime lacks) and the fix; the inner exception is TorchSharp's own.
    /// </exception>
    public static void EnsureLoaded()
    {
        if (s_loaded) return;
        try
        {
            torch.InitializeDeviceType(DeviceType.CPU);
            s_loaded = true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new InvalidOperationException(Diagnose(NativeFolders(), ProbeLoad), ex);
        }
    }

    /// <summary>
    /// The folders where TorchSharp looks for its native libraries: the application's folder and its
    /// <c>runtimes/&lt;rid&gt;/native</c>, and the folder of TorchSharp.dll (the NuGet cache for <c>dotnet fsi</c>).
    /// </summary>
    internal static IReadOnlyList<string> NativeFolders()
    {
        string rid = RuntimeInformation.RuntimeIdentifier;
        string portable = $"{(OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux")}-{RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}";
        var roots = new[] { AppContext.BaseDirectory, Path.GetDirectoryName(typeof(torch).Assembly.Location) ?? "" }.Where(r => r.Length > 0);
        return roots.SelectMany(r => new[] { r, Path.Combine(r, "runtimes", portable, "native"), Path.Combine(r, "runtimes", rid, "native") })
            .Select(Path.GetFullPath).Distinct().Where(Directory.Exists).ToArray();
    }

    /// <summary>Loads one library by path; null when it loads, else the loader's message (dlerror on Linux).</summary>
    private static string? ProbeLoad(string path)
    {
        try
        {
            NativeLibrary.Free(NativeLibrary.Load(path));
            return null;
        }
        catch (Exception ex) when (ex is DllNotFoundException or BadImageFormatException)
        {
            return ex.Message;
        }
    }

    /// <summary>File names of the libraries, in load order (dependencies first), for this operating system.</summary>
    private static (string Bridge, string[] LibTorch) LibraryNames() =>
        OperatingSystem.IsWindows() ? ("LibTorchSharp.dll", ["c10.dll", "torch_cpu.dll", "torch.dll"])
        : OperatingSystem.IsMacOS() ? ("libLibTorchSharp.dylib", ["libc10.dylib", "libtorch_cpu.dylib", "libtorch.dylib"])
        : ("libLibTorchSharp.so", ["libc10.so", "libtorch_cpu.so", "libtorch.so"]);

    /// <summary>
    /// Why TorchSharp did not load, found by loading its libraries one at a time (<paramref name="load"/> returns the
    /// loader's message, or null on success) from <paramref name="folders"/>, and what to do about it.
    /// </summary>
    internal static string Diagnose(IReadOnlyList<string> folders, Func<string, string?> load)
    {
        var (bridge, libTorch) = LibraryNames();
        string? Find(string name) => folders.Select(f => Path.Combine(f, name)).FirstOrDefault(File.Exists);
        const string Intro = "TorchSharp's native libraries could not be loaded";
        string where = folders.Count == 0 ? "(no folder to look in)" : string.Join(", ", folders);

        string? bridgePath = Find(bridge);
        if (Find(libTorch[1]) is null)
            return $"{Intro}: there is no libtorch ({libTorch[1]}) in {where}. CodeNeurons.Torch references the managed TorchSharp "
                + $"package only; the application picks the backend: add a PackageReference to {CpuBackendPackage} (or "
                + $"{TorchDevices.CudaLinuxPackage} / {TorchDevices.CudaWindowsPackage}) version 0.107.x. (TorchSharp's own message "
                + "about a libtorch package that is \"not restored\" means the same.)";
        if (bridgePath is null)
            return $"{Intro}: TorchSharp's native bridge {bridge} is not in {where}. Restore and build again, and check that the "
                + "TorchSharp package's runtimes folder is copied to the output (publish for a runtime the package supports).";

        foreach (string path in libTorch.Select(Find).OfType<string>().Append(bridgePath))
        {
            if (load(path) is { } error)
                return Explain(path, error);
        }
        return $"{Intro}, although each of them loads here on its own (from {where}); TorchSharp may have found other copies "
            + "first. Run with LD_DEBUG=files (Linux) to see which files the process opens.";
    }

    private static readonly Regex MissingVersion = new(@"version [`'‘]?(?<version>(GLIBCXX|CXXABI|GLIBC)_[0-9.]+)['’]? not found", RegexOptions.CultureInvariant);
    private static readonly Regex MissingFile = new(@"(?<file>[^\s:/]+\.(so|dylib|dll)(\.[0-9.]+)?): cannot open shared object file", RegexOptions.CultureInvariant);

    /// <summary>The cause and the fix for the loader's message <paramref name="error"/> about <paramref name="path"/>.</summary>
    internal static string Explain(string path, string error)
    {
        string loader = error.ReplaceLineEndings(" ").Trim();
        if (MissingVersion.Match(loader) is { Success: true } v)
        {
            string version = v.Groups["version"].Value;
            if (version.StartsWith("GLIBC_", StringComparison.Ordinal))
                return $"TorchSharp's native library {path} needs the C library version {version}, which this system's glibc lacks "
                    + "(the distribution is older than libtorch supports). Use a newer distribution (Debian 12, Ubuntu 22.04 or later). "
                    + $"Loader: {loader}";
            return $"TorchSharp's native library {path} needs {version} from the C++ runtime (libstdc++), which this system's "
                + "libstdc++ lacks: TorchSharp 0.107 was built with GCC 13, and Debian 12 and other distributions from before GCC 13 "
                + "ship an older libstdc++. TorchSharp's message about a libtorch package that is \"not restored\" is misleading: "
                + "the package is there. Fix: the CodeNeurons.Torch package patches the library when the application is built, "
                + "which needs patchelf, g++ and python3 (apt-get install patchelf g++ python3), then build again (warning CNTORCH001 "
                + "in the build output means the patch could not be applied); or run patch-torchsharp.sh from the package's "
                + $"buildTransitive/torchsharp-debian12 folder on {Path.GetDirectoryName(path)}. See "
                + "https://github.com/codeneurons/CodeNeurons/blob/main/docs/debian12.md. Loader: " + loader;
        }
        if (MissingFile.Match(loader) is { Success: true } f)
        {
            string file = f.Groups["file"].Value;
            string hint = file.Contains("gomp", StringComparison.Ordinal) || file.Contains("omp", StringComparison.Ordinal)
                ? "libtorch's OpenMP runtime ships in the libtorch-cpu package next to libtorch_cpu; it was not copied with the "
                  + "other native files (a trimmed or hand-made publish folder?). Copy every file of the package's runtimes/<rid>/native folder."
                : file.Contains("shim", StringComparison.Ordinal)
                    ? "the library was patched for an older libstdc++ (docs/debian12.md) and its libglibcxx_shim.so was not copied "
                      + "next to it: build again, or run patch-torchsharp.sh on the folder."
                    : $"{file} is missing: copy every native file of the TorchSharp and libtorch packages for this runtime next to it.";
            return $"TorchSharp's native library {path} needs {file}, which the loader cannot find: {hint} Loader: {loader}";
        }
        return $"TorchSharp's native library {path} does not load: {loader}";
    }
}
