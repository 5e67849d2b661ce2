using CodeNeurons.Torch;

namespace CodeNeurons.Tests.Packaging;

/// <summary>
/// The messages of <see cref="TorchNative"/> when TorchSharp does not load: each names the cause and the fix. (The real
/// failure on Debian 12, with an unpatched library, is run in <see cref="PackagingTests"/>.)
/// </summary>
public class TorchNativeTests : TempDirectoryTest
{
    private const string DebianLoaderMessage =
        "Unable to load shared library '/app/libLibTorchSharp.so' or one of its dependencies. In order to help diagnose loading problems, "
        + "consider using a tool like strace. If you're using glibc, consider setting the LD_DEBUG environment variable: \n"
        + "/lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.32' not found (required by /app/libLibTorchSharp.so)";

    [Test]
    public void MissingGlibcxxVersionNamesDebian12AndThePatch()
    {
        string message = TorchNative.Explain("/app/libLibTorchSharp.so", DebianLoaderMessage);
        Assert.That(message, Does.Contain("GLIBCXX_3.4.32").And.Contain("Debian 12").And.Contain("patchelf").And.Contain("CNTORCH001")
            .And.Contain("patch-torchsharp.sh").And.Contain("misleading"));
    }

    [Test]
    public void MissingCxxabiVersionIsTheSameCause()
    {
        string message = TorchNative.Explain("/app/libtorch_cpu.so", "/lib/x86_64-linux-gnu/libstdc++.so.6: version `CXXABI_1.3.15' not found (required by /app/libtorch_cpu.so)");
        Assert.That(message, Does.Contain("CXXABI_1.3.15").And.Contain("libstdc++"));
    }

    [Test]
    public void MissingOpenMpRuntimeSaysToCopyEveryNativeFile()
    {
        string message = TorchNative.Explain("/app/libtorch_cpu.so", "libgomp-98b21ff3.so.1: cannot open shared object file: No such file or directory");
        Assert.That(message, Does.Contain("libgomp-98b21ff3.so.1").And.Contain("OpenMP"));
    }

    [Test]
    public void NoLibTorchNamesTheBackendPackage()
    {
        string message = TorchNative.Diagnose([TempDir], _ => null);
        Assert.That(message, Does.Contain("TorchSharp-cpu").And.Contain("TorchSharp-cuda-linux"));
    }

    [Test]
    public void LibrariesPresentExplainsTheFirstThatDoesNotLoad()
    {
        if (!OperatingSystem.IsLinux()) Assert.Ignore("Linux file names");
        foreach (var name in new[] { "libc10.so", "libtorch_cpu.so", "libtorch.so", "libLibTorchSharp.so" })
            File.WriteAllText(Path.Combine(TempDir, name), "");
        var tried = new List<string>();
        string message = TorchNative.Diagnose([TempDir], path =>
        {
            tried.Add(Path.GetFileName(path));
            return path.EndsWith("libLibTorchSharp.so", StringComparison.Ordinal) ? DebianLoaderMessage : null;
        });
        Assert.That(tried, Is.EqualTo(new[] { "libc10.so", "libtorch_cpu.so", "libtorch.so", "libLibTorchSharp.so" }), "dependencies first");
        Assert.That(message, Does.Contain("GLIBCXX_3.4.32").And.Contain(Path.Combine(TempDir, "libLibTorchSharp.so")));
    }

    [Test]
    public void EnsureLoadedSucceedsWhereTorchSharpLoads()
    {
        Assert.DoesNotThrow(TorchNative.EnsureLoaded);
        Assert.DoesNotThrow(TorchNative.EnsureLoaded, "once loaded, again is a no-op");
    }
}
