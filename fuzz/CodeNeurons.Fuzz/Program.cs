// The fuzzing harness: a coverage-guided loop over SharpFuzz's instrumentation (or libFuzzer through SharpFuzz's
// libfuzzer-dotnet driver). See docs/fuzzing.md.
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using CodeNeurons.Fuzz;

return FuzzProgram.Run(args);

/// <summary>Command line: <c>instrument</c>, <c>list</c>, <c>run</c>, <c>repro</c>, <c>libfuzzer</c>.</summary>
internal static class FuzzProgram
{
    private const string Usage = """
        usage: CodeNeurons.Fuzz instrument <bin-folder>        instrument CodeNeurons*.dll in place (SharpFuzz; once per build)
               CodeNeurons.Fuzz list                           the targets
               CodeNeurons.Fuzz run <target|all> [--executions N] [--seed S] [--timeout-ms T] [--fixtures DIR] [--out DIR]
               CodeNeurons.Fuzz repro <target> <file>...       run inputs once, print the outcome
               CodeNeurons.Fuzz libfuzzer <target>             under libfuzzer-dotnet (undocumented exceptions crash)
        """;

    public static int Run(string[] args)
    {
        if (args.Length == 0) { Console.Error.WriteLine(Usage); return 2; }
        // Instrumented code counts edges in Trace.SharedMem; outside AFL/libFuzzer nobody allocates it.
        if (args[0] is "run" or "repro") CoverageLoop.EnsureMap();
        switch (args[0])
        {
            case "instrument": return args.Length == 2 ? Instrumentation.Instrument(args[1]) : Fail();
            case "list":
                foreach (var t in Targets()) Console.WriteLine($"{t.Name,-18} expects {string.Join(", ", t.Expected.Select(e => e.Name))}");
                return 0;
            case "run": return args.Length >= 2 ? Run(args[1], args[2..]) : Fail();
            case "repro": return args.Length >= 3 ? Repro(Find(args[1]), args[2..]) : Fail();
            case "libfuzzer": return args.Length == 2 ? LibFuzzer(Find(args[1])) : Fail();
            default: return Fail();
        }

        static int Fail() { Console.Error.WriteLine(Usage); return 2; }
    }

    internal static IReadOnlyList<FuzzTarget> Targets() => [.. CoreTargets.All, .. TorchTargets.All, .. CodeXglueTargets.All];

    private static FuzzTarget Find(string name) =>
        Targets().FirstOrDefault(t => t.Name == name) ?? throw new ArgumentException($"No target '{name}'; `list` shows them.");

    private static int Run(string name, string[] options)
    {
        long executions = 100_000;
        int seed = 1, timeoutMs = 5000;
        string fixtures = Path.Combine(RepoRoot(), "tests", "Fixtures"), outDir = Path.Combine(RepoRoot(), "fuzz", "out");
        for (int i = 0; i + 1 < options.Length; i += 2)
        {
            string v = options[i + 1];
            switch (options[i])
            {
                case "--executions": executions = long.Parse(v, CultureInfo.InvariantCulture); break;
                case "--seed": seed = int.Parse(v, CultureInfo.InvariantCulture); break;
                case "--timeout-ms": timeoutMs = int.Parse(v, CultureInfo.InvariantCulture); break;
                case "--fixtures": fixtures = v; break;
                case "--out": outDir = v; break;
                default: throw new ArgumentException($"Unknown option {options[i]}.");
            }
        }
        var targets = name == "all" ? Targets() : [Find(name)];
        int worst = 0;
        foreach (var t in targets)
            worst = Math.Max(worst, new CoverageLoop(t, fixtures, outDir, seed, timeoutMs).Run(executions));
        return worst;
    }

    private static int Repro(FuzzTarget target, string[] files)
    {
        using var scratch = new FuzzScratch();
        int rc = 0;
        foreach (var f in files)
        {
            var (outcome, ex) = FuzzExecution.Execute(target, File.ReadAllBytes(f), scratch);
            Console.WriteLine($"{f}: {outcome}{(ex is null ? "" : ": " + ex.GetType().FullName + ": " + ex.Message)}");
            if (outcome == FuzzOutcome.Crash) { Console.WriteLine(ex); rc = 1; }
        }
        return rc;
    }

    private static int LibFuzzer(FuzzTarget target)
    {
        var scratch = new FuzzScratch();
        SharpFuzz.Fuzzer.LibFuzzer.Run(span =>
        {
            var (outcome, ex) = FuzzExecution.Execute(target, span.ToArray(), scratch);
            if (outcome == FuzzOutcome.Crash) throw new InvalidOperationException($"{target.Name}: undocumented {ex!.GetType().Name}", ex);
        });
        return 0;
    }

    internal static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CodeNeurons.sln"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }
}

/// <summary>Instruments the CodeNeurons assemblies in a build output with SharpFuzz (AFL-style edge counters).</summary>
internal static class Instrumentation
{
    public static int Instrument(string folder)
    {
        foreach (var name in new[] { "CodeNeurons.dll", "CodeNeurons.Torch.dll" })
        {
            string path = Path.Combine(folder, name), marker = path + ".instrumented";
            // The marker holds the hash of the instrumented file: a rebuild that copies a fresh assembly changes it.
            if (File.Exists(marker) && File.ReadAllText(marker) == FileHash(path)) { Console.WriteLine($"{name}: already instrumented"); continue; }
            SharpFuzz.Fuzzer.Instrument(path, type => type.StartsWith("CodeNeurons", StringComparison.Ordinal), SharpFuzz.Options.Value);
            File.WriteAllText(marker, FileHash(path));
            Console.WriteLine($"{name}: instrumented");
        }
        return 0;
    }

    private static string FileHash(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}

/// <summary>
/// A coverage-guided loop: SharpFuzz's instrumentation counts edges in <c>SharpFuzz.Common.Trace.SharedMem</c>; an input
/// whose (AFL-bucketed) edge counts were never seen joins the corpus. Inputs are chosen uniformly from the corpus and
/// mutated by <see cref="FuzzMutator"/>. Undocumented exceptions, executions over the timeout (the process then exits
/// with 3) and inputs that allocate over 1 GiB are saved under out/findings/&lt;target&gt;/.
/// </summary>
internal sealed unsafe class CoverageLoop(FuzzTarget target, string fixtures, string outDir, int seed, int timeoutMs)
{
    private const int MapSize = 1 << 16;
    private const long AllocationLimit = 1L << 30;
    private readonly byte[] _virgin = Enumerable.Repeat((byte)0xFF, MapSize).ToArray();
    private readonly List<byte[]> _corpus = [];
    private readonly Dictionary<string, int> _crashes = new(StringComparer.Ordinal);
    private long _startedTicks;
    private byte[]? _current;

    /// <summary>Allocates SharpFuzz's edge map when no driver has.</summary>
    public static void EnsureMap()
    {
        if (SharpFuzz.Common.Trace.SharedMem == null)
            SharpFuzz.Common.Trace.SharedMem = (byte*)System.Runtime.InteropServices.NativeMemory.AllocZeroed(MapSize);
    }

    public int Run(long executions)
    {
        string findings = Path.Combine(outDir, "findings", target.Name), corpusDir = Path.Combine(outDir, "corpus", target.Name);
        Directory.CreateDirectory(findings);
        Directory.CreateDirectory(corpusDir);
        using var scratch = new FuzzScratch();
        var mutator = new FuzzMutator(seed, maxLength: 1 << 20);
        var random = new Random(seed ^ 0x5EED);
        var watchdog = new Thread(() => Watch(findings)) { IsBackground = true };
        watchdog.Start();
        byte* map = SharpFuzz.Common.Trace.SharedMem;
        var sw = Stopwatch.StartNew();
        long crashes = 0, rejected = 0, accepted = 0;
        var seeds = target.Seeds(fixtures).Concat(Directory.EnumerateFiles(corpusDir).Order(StringComparer.Ordinal).Select(File.ReadAllBytes)).ToList();
        if (seeds.Count == 0) seeds.Add([]);
        long i = 0;
        for (; i < executions; i++)
        {
            bool isSeed = i < seeds.Count;
            byte[] input = isSeed ? seeds[(int)i]
                : mutator.Mutate(_corpus[random.Next(_corpus.Count)], _corpus[random.Next(_corpus.Count)]);
            new Span<byte>(map, MapSize).Clear();
            SharpFuzz.Common.Trace.PrevLocation = 0;
            _current = input;
            long before = GC.GetAllocatedBytesForCurrentThread();
            Volatile.Write(ref _startedTicks, Stopwatch.GetTimestamp());
            var (outcome, ex) = FuzzExecution.Execute(target, input, scratch);
            Volatile.Write(ref _startedTicks, 0);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            switch (outcome)
            {
                case FuzzOutcome.Accepted: accepted++; break;
                case FuzzOutcome.Rejected: rejected++; break;
                default: crashes++; SaveCrash(findings, input, ex!); break;
            }
            if (allocated > AllocationLimit && input.Length < 1 << 20)
                SaveFinding(findings, "alloc", input, $"{allocated:N0} bytes allocated for a {input.Length}-byte input");
            if (HasNewCoverage(map) || (isSeed && _corpus.Count == 0))
            {
                _corpus.Add(input);
                if (!isSeed) File.WriteAllBytes(Path.Combine(corpusDir, Hash(input)), input);
            }
            if ((i + 1) % 20_000 == 0)
                Console.WriteLine($"{target.Name}: {i + 1:N0} execs, {sw.Elapsed.TotalSeconds:F0} s, corpus {_corpus.Count}, edges {Edges()}, crashes {crashes}");
        }
        Console.WriteLine($"RESULT {target.Name} executions={i} seconds={sw.Elapsed.TotalSeconds:F0} corpus={_corpus.Count} edges={Edges()} " +
                          $"accepted={accepted} rejected={rejected} crashes={crashes} unique={_crashes.Count}");
        foreach (var (key, count) in _crashes) Console.WriteLine($"  {count,6} × {key}");
        Volatile.Write(ref _startedTicks, -1);
        return _crashes.Count > 0 ? 1 : 0;
    }

    private bool HasNewCoverage(byte* map)
    {
        bool found = false;
        var words = new ReadOnlySpan<ulong>(map, MapSize / 8);
        for (int w = 0; w < words.Length; w++)
        {
            if (words[w] == 0) continue;
            for (int b = w * 8; b < w * 8 + 8; b++)
            {
                byte c = map[b];
                if (c == 0) continue;
                byte bucket = c switch { 1 => 1, 2 => 2, 3 => 4, <= 7 => 8, <= 15 => 16, <= 31 => 32, <= 127 => 64, _ => 128 };
                if ((_virgin[b] & bucket) != 0) { _virgin[b] &= (byte)~bucket; found = true; }
            }
        }
        return found;
    }

    private int Edges() => _virgin.Count(v => v != 0xFF);

    private void SaveCrash(string folder, byte[] input, Exception ex)
    {
        // One file per (exception type, innermost CodeNeurons frame).
        string frame = new StackTrace(ex, false).GetFrames()
            .Select(f => f.GetMethod()).FirstOrDefault(m => m?.DeclaringType?.Namespace?.StartsWith("CodeNeurons", StringComparison.Ordinal) == true) is { } m
            ? $"{m.DeclaringType!.Name}.{m.Name}" : "?";
        string key = $"{ex.GetType().Name} at {frame}";
        _crashes[key] = _crashes.GetValueOrDefault(key) + 1;
        if (_crashes[key] == 1) SaveFinding(folder, $"{ex.GetType().Name}-{frame}", input, ex.ToString());
    }

    private static void SaveFinding(string folder, string kind, byte[] input, string details)
    {
        string stem = Path.Combine(folder, $"{kind}-{Hash(input)[..12]}");
        File.WriteAllBytes(stem + ".bin", input);
        File.WriteAllText(stem + ".txt", details);
        Console.WriteLine($"FINDING {Path.GetFileName(folder)} {kind}: {details.Split('\n')[0]}");
    }

    private void Watch(string findings)
    {
        while (true)
        {
            Thread.Sleep(100);
            long started = Volatile.Read(ref _startedTicks);
            if (started < 0) return;
            if (started > 0 && Stopwatch.GetElapsedTime(started).TotalMilliseconds > timeoutMs && _current is { } input)
            {
                SaveFinding(findings, "hang", input, $"an execution ran over {timeoutMs} ms");
                Console.WriteLine($"RESULT {target.Name} hang: stopping this target");
                Environment.Exit(3);
            }
        }
    }

    private static string Hash(byte[] input) => Convert.ToHexStringLower(SHA1.HashData(input));
}
