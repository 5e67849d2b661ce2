using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using CodeNeurons.Analysis;
using CodeNeurons.Data;
using CodeNeurons.Interpretation;
using CodeNeurons.Redundancy;
using CodeNeurons.Torch;
using CodeNeurons.Torch.Interpretation;
using CodeNeurons.Torch.Models;
using TorchSharp;

namespace CodeNeurons.GpuCheck;

/// <summary>
/// <c>CodeNeurons.GpuCheck --device cuda|cpu [--size small|full] [--out DIR] [--budget SECONDS] [--only a,b,...]</c>:
/// parity and speed of the TorchSharp correlation kernel, elastic-net probe, transformer extraction and the CCFS pipeline
/// on a device against the CPU. Each check runs on its own (a failure is recorded and the next check runs); the results
/// are written to DIR/gpu-check.json after every check, so a run cut short still leaves what it measured.
/// </summary>
public static class Program
{
    private static readonly JsonObject Results = new();
    private static string _outDir = ".";
    private static torch.Device _device = torch.CPU;
    private static string _deviceName = "cpu";
    private static bool _full;
    private static readonly Stopwatch Clock = Stopwatch.StartNew();
    private static double _budgetSeconds;

    /// <summary>Entry point.</summary>
    public static int Main(string[] args)
    {
        string size = "small";
        string? only = null;
        double? budget = null;
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--device": _deviceName = Next(); break;
                case "--size": size = Next(); break;
                case "--out": _outDir = Next(); break;
                case "--budget": budget = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--only": only = Next(); break;
                case "-h" or "--help":
                    Console.WriteLine("CodeNeurons.GpuCheck --device cuda|cpu [--size small|full] [--out DIR] [--budget SECONDS] [--only env,corr-parity,probe,extraction,corr-speed,ccfs]");
                    return 0;
                default:
                    Console.Error.WriteLine($"Unknown argument '{args[i]}'. Try --help.");
                    return 2;
            }
        }
        if (size is not ("small" or "full")) { Console.Error.WriteLine("--size is small or full."); return 2; }
        _full = size == "full";
        _budgetSeconds = budget ?? (_full ? 290 : 600);
        Directory.CreateDirectory(_outDir);
        Results["device"] = _deviceName;
        Results["size"] = size;
        Results["started_utc"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        Results["budget_seconds"] = _budgetSeconds;
        Results["checks"] = new JsonObject();
        Line("main", $"device {_deviceName}, size {size}, budget {_budgetSeconds:F0} s, out {Path.GetFullPath(_outDir)}");

        var checks = new (string Name, Func<JsonObject, bool> Body)[]
        {
            ("env", Environment_),
            ("corr-parity", CorrelationParity),
            ("probe", Probe),
            ("extraction", Extraction),
            ("corr-speed", CorrelationSpeed),
            ("ccfs", Ccfs),
        };
        var selected = only?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        int failures = 0;
        foreach (var (name, body) in checks)
        {
            if (selected is not null && !selected.Contains(name)) continue;
            var r = new JsonObject();
            ((JsonObject)Results["checks"]!)[name] = r;
            var sw = Stopwatch.StartNew();
            try
            {
                if (name != "env" && !_deviceResolved) throw new InvalidOperationException($"device '{_deviceName}' could not be resolved (see env).");
                bool ran = body(r);
                r["status"] = ran ? "ok" : "skipped";
            }
            catch (Exception e)
            {
                failures++;
                r["status"] = "error";
                r["error"] = e.GetType().Name + ": " + e.Message;
                r["stack"] = e.ToString();
                Line(name, $"ERROR {e.GetType().Name}: {e.Message}");
            }
            r["seconds"] = Round(sw.Elapsed.TotalSeconds, 3);
            Line(name, $"{r["status"]} in {sw.Elapsed.TotalSeconds:F1} s (elapsed {Clock.Elapsed.TotalSeconds:F0} s)");
            Save();
            // Give the device's caching allocator back between checks; a leak in one check must not starve the next.
            try { GC.Collect(); GC.WaitForPendingFinalizers(); } catch { /* best effort */ }
        }
        Results["total_seconds"] = Round(Clock.Elapsed.TotalSeconds, 1);
        Results["failures"] = failures;
        Save();
        Line("main", $"done: {failures} check(s) failed; results in {Path.Combine(Path.GetFullPath(_outDir), "gpu-check.json")}");
        return failures == 0 ? 0 : 1;
    }

    private static bool _deviceResolved;

    private static bool OnCuda => _device.type == DeviceType.CUDA;

    private static double Remaining => _budgetSeconds - Clock.Elapsed.TotalSeconds;

    private static void Line(string check, string text) =>
        Console.WriteLine($"[{Clock.Elapsed.TotalSeconds,6:F1}s] {check,-12} {text}");

    private static void Save()
    {
        var json = Results.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        string path = Path.Combine(_outDir, "gpu-check.json");
        File.WriteAllText(path + ".tmp", json);
        File.Move(path + ".tmp", path, overwrite: true);
    }

    private static double Round(double v, int digits) => double.IsFinite(v) ? Math.Round(v, digits) : v;

    private static void Sync()
    {
        if (OnCuda) torch.cuda.synchronize(_device);
    }

    private static double Median(List<double> v)
    {
        var s = v.OrderBy(x => x).ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : 0.5 * (s[s.Length / 2 - 1] + s[s.Length / 2]);
    }

    private static JsonArray Arr(IEnumerable<double> v) => new(v.Select(x => (JsonNode?)JsonValue.Create(Round(x, 5))).ToArray());

    // ---------------------------------------------------------------- a. environment

    private static bool Environment_(JsonObject r)
    {
        r["dotnet"] = Environment.Version.ToString();
        r["os"] = RuntimeInformation.OSDescription;
        r["cpu_cores"] = Environment.ProcessorCount;
        r["ld_library_path"] = Environment.GetEnvironmentVariable("LD_LIBRARY_PATH");
        r["torchsharp_assembly"] = typeof(torch).Assembly.GetName().Version?.ToString();
        r["torchsharp_built_for_libtorch"] = torch.__version__;
        bool cuda = torch.cuda.is_available();
        r["cuda_available"] = cuda;
        r["cudnn_available"] = SafeBool(() => torch.cuda.is_cudnn_available());
        int count = cuda ? torch.cuda.device_count() : 0;
        r["cuda_device_count"] = count;
        r["torch_threads"] = torch.get_num_threads();
        r["loaded_libtorch"] = LoadedLibtorch();
        Line("env", $"torch.cuda.is_available() = {cuda}, devices {count}, cuDNN {r["cudnn_available"]}, TorchSharp {r["torchsharp_assembly"]} (built for libtorch {torch.__version__}), .NET {Environment.Version}, {Environment.ProcessorCount} cores");
        Line("env", $"libtorch loaded from: {r["loaded_libtorch"]}");
        try
        {
            _device = TorchDevices.Resolve(_deviceName);
            _deviceResolved = true;
            r["device"] = _device.ToString();
            if (OnCuda)
            {
                // A tiny float64 product on the device against the CPU proves kernels run there.
                using var scope = torch.NewDisposeScope();
                var a = torch.rand([256, 256], torch.float64);
                var cpu = a.matmul(a);
                var dev = a.to(_device).matmul(a.to(_device)).cpu();
                double err = (cpu - dev).abs().max().item<double>();
                r["smoke_float64_matmul_max_abs_diff"] = err;
                Line("env", $"float64 256×256 matmul on {_device} vs CPU: max |Δ| = {err:E2}");
            }
            Line("env", $"device resolved: {_device}");
        }
        catch (Exception e)
        {
            r["device_error"] = e.Message;
            Line("env", $"device '{_deviceName}' NOT usable: {e.Message}");
            throw;
        }
        return true;
    }

    private static bool? SafeBool(Func<bool> f)
    {
        try { return f(); } catch { return null; }
    }

    private static string LoadedLibtorch()
    {
        try
        {
            var libs = File.ReadAllLines("/proc/self/maps")
                .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "")
                .Where(p => p.Contains("libtorch", StringComparison.Ordinal) || p.Contains("libc10", StringComparison.Ordinal) || p.Contains("LibTorchSharp", StringComparison.Ordinal) || p.Contains("libcudart", StringComparison.Ordinal) || p.Contains("libcublas.", StringComparison.Ordinal))
                .Distinct().ToArray();
            return libs.Length == 0 ? "(none seen in /proc/self/maps)" : string.Join(" ; ", libs);
        }
        catch (Exception e)
        {
            return "(unknown: " + e.Message + ")";
        }
    }

    // ---------------------------------------------------------------- data

    /// <summary>Seeded Gaussian rows, generated in parallel blocks (deterministic for a given seed and shape).</summary>
    private static float[] Gaussian(int rows, int n, int seed, double scale = 1)
    {
        var x = new float[(long)rows * n];
        const int block = 64;
        Parallel.For(0, (rows + block - 1) / block, b =>
        {
            var rng = new Random(unchecked(seed * 1_000_003 + b));
            long start = (long)b * block * n, end = Math.Min((long)(b + 1) * block, rows) * n;
            for (long k = start; k < end; k++)
            {
                double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
                x[k] = (float)(scale * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
            }
        });
        return x;
    }

    /// <summary>
    /// Activations with correlated structure: Gaussian noise, plus 16 shared factors with random loadings, plus a per-column
    /// offset and scale (so that centring matters).
    /// </summary>
    private static float[] CorrelatedMatrix(int rows, int n, int seed)
    {
        var x = Gaussian(rows, n, seed);
        const int factors = 16;
        var f = Gaussian(rows, factors, seed + 1);
        var rng = new Random(seed + 2);
        var load = new float[n * factors];
        for (int k = 0; k < load.Length; k++) load[k] = rng.NextDouble() < 0.2 ? (float)(rng.NextDouble() * 4 - 2) : 0f;
        var offset = new float[n];
        var scale = new float[n];
        for (int j = 0; j < n; j++) { offset[j] = (float)(rng.NextDouble() * 6 - 3); scale[j] = (float)Math.Exp(rng.NextDouble() - 0.5); }
        Parallel.For(0, rows, r =>
        {
            var row = x.AsSpan((int)((long)r * n), n);
            for (int j = 0; j < n; j++)
            {
                float s = row[j];
                for (int q = 0; q < factors; q++) s += load[j * factors + q] * f[r * factors + q];
                row[j] = offset[j] + scale[j] * s;
            }
        });
        return x;
    }

    /// <summary>Seeded uniform [−1, 1) values (fast; for timing only).</summary>
    private static float[] Uniform(int rows, int n, int seed)
    {
        var x = new float[(long)rows * n];
        const int block = 256;
        Parallel.For(0, (rows + block - 1) / block, b =>
        {
            var rng = new Random(unchecked(seed * 7919 + b));
            long start = (long)b * block * n, end = Math.Min((long)(b + 1) * block, rows) * n;
            for (long k = start; k < end; k++) x[k] = rng.NextSingle() * 2 - 1;
        });
        return x;
    }

    /// <summary>Classification data with a planted answer: label c adds <paramref name="signal"/> to neurons planted[c][*].</summary>
    private static (float[] X, int[] Labels) Planted(int rows, int n, int classes, int[][] planted, int seed, float signal)
    {
        var x = Gaussian(rows, n, seed);
        var rng = new Random(seed + 17);
        var labels = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            int c = rng.Next(classes);
            labels[r] = c;
            foreach (int j in planted[c]) x[(long)r * n + j] += signal;
        }
        return (x, labels);
    }

    private static ActivationSet Rows(float[] x, int n, int from, int count, LayerLayout layout)
    {
        var v = new float[(long)count * n];
        Array.Copy(x, (long)from * n, v, 0, (long)count * n);
        return ActivationSet.Create(v, count, layout);
    }

    // ---------------------------------------------------------------- b. correlation parity

    private const int ChunkRows = 4096;

    // The kernels are created with DeviceAccumulation.Always: on CUDA that is what Auto picks (a device-resident running sum,
    // TorchGramSession); on the CPU it makes the small run here exercise the same code path.

    /// <summary>Feeds <paramref name="x"/> to a fresh accumulator in 4096-row chunks (one dispose scope per chunk) and returns the signed distances 1 − r.</summary>
    private static (double[] Distances, double AddSeconds, double DistanceSeconds) Accumulate(IGramKernel kernel, float[] x, int rows, int n)
    {
        using var acc = new CorrelationAccumulator(n, kernel);
        var buffer = new float[(long)Math.Min(ChunkRows, rows) * n];
        var sw = Stopwatch.StartNew();
        for (int r0 = 0; r0 < rows; r0 += ChunkRows)
        {
            int k = Math.Min(ChunkRows, rows - r0);
            Array.Copy(x, (long)r0 * n, buffer, 0, (long)k * n);
            using var scope = torch.NewDisposeScope();
            acc.AddInPlace(buffer.AsSpan(0, k * n), k);
        }
        Sync();
        double add = sw.Elapsed.TotalSeconds;
        sw.Restart();
        var d = acc.ToDistances(signed: true, consume: true).Values;
        Sync();
        return (d, add, sw.Elapsed.TotalSeconds);
    }

    private static double MaxAbsDiff(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double m = 0;
        for (int k = 0; k < a.Length; k++) m = Math.Max(m, Math.Abs(a[k] - b[k]));
        return m;
    }

    private static bool CorrelationParity(JsonObject r)
    {
        int rows = _full ? 8192 : 2048, n = _full ? 2000 : 512;
        r["rows"] = rows;
        r["neurons"] = n;
        var x = CorrelatedMatrix(rows, n, 20261126);
        var sw = Stopwatch.StartNew();
        var reference = Accumulate(new ManagedGramKernel(), x, rows, n).Distances;
        r["managed_cpu_seconds"] = Round(sw.Elapsed.TotalSeconds, 3);
        double meanAbsR = reference.Average(d => Math.Abs(1 - d));
        r["mean_abs_correlation"] = Round(meanAbsR, 4);
        foreach (bool tf32 in new[] { false, true })
        {
            if (tf32 && !OnCuda) { r["tf32_note"] = "AllowTf32 only changes CUDA matmuls; on CPU it equals fp32."; }
            var kernel = new TorchGramKernel(new TorchGramKernelOptions { Device = _deviceName, AllowTf32 = tf32, DeviceAccumulation = DeviceAccumulation.Always });
            sw.Restart();
            var (d, _, _) = Accumulate(kernel, x, rows, n);
            double secs = sw.Elapsed.TotalSeconds;
            double err = MaxAbsDiff(d, reference);
            string key = tf32 ? "tf32" : "fp32";
            r[$"{key}_max_abs_diff_correlation"] = err;
            r[$"{key}_seconds"] = Round(secs, 3);
            r[$"{key}_kernel"] = kernel.Name;
            Line("corr-parity", $"{rows}×{n} {kernel.Name} {(tf32 ? "AllowTf32" : "fp32")} vs managed CPU: max |Δr| = {err:E2} ({secs:F2} s; mean |r| {meanAbsR:F3})");
        }
        return true;
    }

    // ---------------------------------------------------------------- c. correlation speed

    private static bool CorrelationSpeed(JsonObject r)
    {
        // Small: a quick run of the same code path (the numbers mean nothing).
        int rows = _full ? 20_000 : 6_000, n = _full ? 9_984 : 768;
        r["rows"] = rows;
        r["neurons"] = n;
        var sw = Stopwatch.StartNew();
        var x = Uniform(rows, n, 4242);
        r["data_seconds"] = Round(sw.Elapsed.TotalSeconds, 2);
        double flops = 2.0 * rows * n * (double)n;   // full XᵀX, as PyTorch computes it
        r["flops_full_gram"] = flops;

        // Raw TorchSharp: upload, centre, scale, XᵀX on the device (what gpu_baseline.py times in PyTorch).
        {
            foreach (bool tf32 in new[] { false, true })
            {
                if (tf32 && !OnCuda) continue;
                bool previous = OnCuda && torch.backends.cuda.matmul.allow_tf32;
                if (OnCuda) torch.backends.cuda.matmul.allow_tf32 = tf32;
                try
                {
                    using var outer = torch.NewDisposeScope();
                    var dx = torch.tensor(x, [rows, n]).to(_device);
                    var times = new List<double>();
                    for (int it = 0; it < 4; it++)
                    {
                        Sync();
                        var t = Stopwatch.StartNew();
                        using (torch.NewDisposeScope())
                        {
                            var c = dx - dx.mean([0], keepdim: true);
                            c = c / c.norm(0, keepdim: true);   // column L2 norms
                            var g = c.t().matmul(c);
                            Sync();
                        }
                        if (it > 0) times.Add(t.Elapsed.TotalSeconds);
                    }
                    string key = tf32 ? "raw_tf32" : "raw_fp32";
                    double med = Median(times);
                    r[$"{key}_median_seconds"] = Round(med, 5);
                    r[$"{key}_seconds"] = Arr(times);
                    r[$"{key}_tflops"] = Round(flops / med / 1e12, 1);
                    Line("corr-speed", $"raw TorchSharp centre+scale+XᵀX {rows}×{n} {(tf32 ? "tf32" : "fp32")}: median {med * 1e3:F1} ms ({flops / med / 1e12:F1} TFLOP/s), runs {string.Join(", ", times.Select(v => (v * 1e3).ToString("F1", CultureInfo.InvariantCulture)))} ms");
                }
                finally
                {
                    if (OnCuda) torch.backends.cuda.matmul.allow_tf32 = previous;
                }
            }
        }

        foreach (bool tf32 in new[] { false, true })
        {
            string key = tf32 ? "accumulator_tf32" : "accumulator_fp32";
            if (Remaining < 40) { r[$"{key}_skipped"] = "budget"; Line("corr-speed", $"{key} skipped: budget"); continue; }
            var kernel = new TorchGramKernel(new TorchGramKernelOptions { Device = _deviceName, AllowTf32 = tf32, DeviceAccumulation = DeviceAccumulation.Always });
            var totals = new List<double>();
            var adds = new List<double>();
            var dists = new List<double>();
            int runs = tf32 ? 3 : 4;   // the first fp32 run warms up cuBLAS and the allocator and is not counted
            for (int it = 0; it < runs; it++)
            {
                var t = Stopwatch.StartNew();
                var (_, add, dist) = Accumulate(kernel, x, rows, n);
                double total = t.Elapsed.TotalSeconds;
                if (!tf32 && it == 0) { r[$"{key}_warmup_seconds"] = Round(total, 3); continue; }
                totals.Add(total);
                adds.Add(add);
                dists.Add(dist);
                if (Remaining < 30) break;
            }
            double med = Median(totals);
            r[$"{key}_kernel"] = kernel.Name;
            r[$"{key}_session"] = kernel.OpenSession(1) is { } s ? Dispose(s, true) : false;
            r[$"{key}_median_seconds"] = Round(med, 4);
            r[$"{key}_total_seconds"] = Arr(totals);
            r[$"{key}_add_seconds"] = Arr(adds);
            r[$"{key}_to_distances_seconds"] = Arr(dists);
            Line("corr-speed", $"CorrelationAccumulator + {kernel.Name} {(tf32 ? "tf32" : "fp32")} {rows}×{n} incl. ToDistances: median {med:F3} s of {totals.Count} (add {Median(adds):F3} s, ToDistances {Median(dists):F3} s)");
        }
        return true;
    }

    private static bool Dispose(IDisposable d, bool value)
    {
        d.Dispose();
        return value;
    }

    // ---------------------------------------------------------------- d. probe

    private static bool Probe(JsonObject r)
    {
        int rows = _full ? 20_000 : 2_000, n = _full ? 9_984 : 384, classes = _full ? 10 : 4;
        int train = rows * 4 / 5;
        var planted = Enumerable.Range(0, classes).Select(c => Enumerable.Range(0, 3).Select(i => (c * 37 + i * 11) % n).ToArray()).ToArray();
        var (x, labels) = Planted(rows, n, classes, planted, 777, 2f);
        var layout = LayerLayout.Flat(n);
        var trainSet = Rows(x, n, 0, train, layout);
        var testSet = Rows(x, n, train, rows - train, layout);
        var yTrain = labels[..train];
        var yTest = labels[train..];
        var options = new ProbeOptions { L1 = 1e-5, L2 = 1e-5, Epochs = 10, BatchSize = 32, Shuffle = false, Seed = 11 };
        r["rows_train"] = train;
        r["rows_test"] = rows - train;
        r["neurons"] = n;
        r["classes"] = classes;
        r["options"] = JsonSerializer.Serialize(options);

        (LinearProbe Probe, double Seconds, double Accuracy) Fit(string device, int? threads)
        {
            var sw = Stopwatch.StartNew();
            var probe = new TorchElasticNetProbe(options, device, threads).Fit(trainSet, yTrain).Probe;
            Sync();
            double secs = sw.Elapsed.TotalSeconds;
            double acc = Metrics.Accuracy(probe.Predict(testSet), yTest);
            return (probe, secs, acc);
        }

        var dev = Fit(_deviceName, 1);
        r["device_seconds"] = Round(dev.Seconds, 3);
        r["device_test_accuracy"] = Round(dev.Accuracy, 4);
        Line("probe", $"{train}×{n}, {classes} classes, 10 epochs, batch 32 on {_device}: {dev.Seconds:F2} s, held-out accuracy {dev.Accuracy:F4}");
        // Planted neurons should carry the largest weights.
        var w = dev.Probe.GetWeights();
        var rankedTop = Enumerable.Range(0, n).OrderByDescending(j => Enumerable.Range(0, classes).Max(c => Math.Abs(w[c, j]))).Take(planted.Sum(p => p.Length)).ToHashSet();
        int found = planted.SelectMany(p => p).Distinct().Count(rankedTop.Contains);
        r["planted_neurons_in_top"] = found;
        r["planted_neurons"] = planted.SelectMany(p => p).Distinct().Count();

        if (!OnCuda) r["cpu_note"] = "device is the CPU: the second run checks the code path and determinism only.";
        var cpu = Fit("cpu", 1);
        double dw = 0;
        var a = dev.Probe.Weights;
        var b = cpu.Probe.Weights;
        for (int k = 0; k < a.Length; k++) dw = Math.Max(dw, Math.Abs(a[k] - b[k]));
        double maxW = 0;
        for (int k = 0; k < b.Length; k++) maxW = Math.Max(maxW, Math.Abs(b[k]));
        r["cpu_threads"] = 1;
        r["cpu_seconds"] = Round(cpu.Seconds, 3);
        r["cpu_test_accuracy"] = Round(cpu.Accuracy, 4);
        r["max_abs_diff_weight"] = dw;
        r["max_abs_weight"] = maxW;
        Line("probe", $"CPU (1 libtorch thread, the probe's default): {cpu.Seconds:F2} s, accuracy {cpu.Accuracy:F4}; max |Δweight| = {dw:E2} (max |w| {maxW:F3}); planted in top: {found}/{r["planted_neurons"]}");
        return true;
    }

    // ---------------------------------------------------------------- e. extraction

    private static IHiddenStatesModel BuildRoberta(int layers, int hidden, int heads, int intermediate, int vocab, torch.Device device, torch.ScalarType dtype) =>
        RandomRoberta.Create(layers, hidden, heads, intermediate, vocab, 20261126, device, dtype);

    private static bool Extraction(JsonObject r)
    {
        // Full: RoBERTa-base (CodeBERT) size, batch 32 × 256. Small: a tiny model so the CPU run here is quick.
        int layers = _full ? 12 : 2, hidden = _full ? 768 : 64, heads = _full ? 12 : 4, intermediate = _full ? 3072 : 256, vocab = _full ? 50265 : 50265;
        int batch = _full ? 32 : 4, length = _full ? 256 : 64;
        r["model"] = $"roberta layers={layers} hidden={hidden} heads={heads} intermediate={intermediate} vocab={vocab}";
        r["batch"] = batch;
        r["length"] = length;
        var rng = new Random(99);
        var ids = new long[batch, length];
        var mask = new long[batch, length];
        for (int b = 0; b < batch; b++)
        {
            ids[b, 0] = 0;
            for (int t = 1; t < length - 1; t++) ids[b, t] = rng.Next(3, vocab);
            ids[b, length - 1] = 2;
            for (int t = 0; t < length; t++) mask[b, t] = 1;
        }
        int warm = 3, timed = 10;
        float[,,,]? deviceF32 = null;
        foreach (var dtype in new[] { torch.ScalarType.Float32, torch.ScalarType.BFloat16 })
        {
            string key = dtype == torch.ScalarType.Float32 ? "float32" : "bfloat16";
            var sw = Stopwatch.StartNew();
            using var model = BuildRoberta(layers, hidden, heads, intermediate, vocab, _device, dtype);
            r[$"{key}_build_seconds"] = Round(sw.Elapsed.TotalSeconds, 2);
            var times = new List<double>();
            HiddenStates? first = null;
            for (int it = 0; it < warm + timed; it++)
            {
                Sync();
                var t = Stopwatch.StartNew();
                var hs = model.Forward(ids, mask);   // stacks all hidden states and copies them to managed memory (synchronises)
                Sync();
                if (it >= warm) times.Add(t.Elapsed.TotalSeconds);
                first ??= hs;
            }
            double med = Median(times);
            double tokensPerSecond = batch * length / med;
            r[$"{key}_median_seconds"] = Round(med, 5);
            r[$"{key}_seconds"] = Arr(times);
            r[$"{key}_tokens_per_second"] = Math.Round(tokensPerSecond);
            r[$"{key}_hidden_states"] = first!.LayerCount;
            Line("extraction", $"{key} on {_device}: {first.LayerCount} hidden states of {batch}×{length}, median of {timed} after {warm} warm-ups {med * 1e3:F1} ms ({tokensPerSecond / 1e3:F0}k tokens/s; includes the copy of all states to managed memory)");
            if (dtype == torch.ScalarType.Float32) deviceF32 = first.Values;
            else if (deviceF32 is not null)
            {
                var perLayer = Enumerable.Range(0, first.LayerCount).Select(l => LayerDiff(first.Values, deviceF32, l)).ToArray();
                r["bfloat16_vs_float32_max_abs_diff_per_layer"] = Arr(perLayer.Select(p => p.Diff));
                r["float32_max_abs_value_per_layer"] = Arr(perLayer.Select(p => p.Scale));
                Line("extraction", $"bfloat16 vs float32 on {_device}, max |Δ| per layer: {string.Join(", ", perLayer.Select(p => p.Diff.ToString("G2", CultureInfo.InvariantCulture)))} (max |h| per layer: {string.Join(", ", perLayer.Select(p => p.Scale.ToString("F1", CultureInfo.InvariantCulture)))})");
            }
            if (Remaining < 30) break;
        }
        if (deviceF32 is null) return true;
        if (!OnCuda) r["cpu_parity_note"] = "device is the CPU: the second run checks the code path and determinism only.";
        int threads = torch.get_num_threads();
        torch.set_num_threads(Environment.ProcessorCount);
        try
        {
            var sw = Stopwatch.StartNew();
            using var cpuModel = BuildRoberta(layers, hidden, heads, intermediate, vocab, torch.CPU, torch.ScalarType.Float32);
            var cpu = cpuModel.Forward(ids, mask);
            double secs = sw.Elapsed.TotalSeconds;
            double d = MaxAbs(cpu.Values, deviceF32);
            double scale = 0;
            foreach (float v in cpu.Values) scale = Math.Max(scale, Math.Abs(v));
            r["cpu_float32_seconds_incl_build"] = Round(secs, 2);
            r["device_vs_cpu_float32_max_abs_diff"] = d;
            r["cpu_float32_max_abs_value"] = scale;
            Line("extraction", $"float32 {_device} vs CPU ({Environment.ProcessorCount} threads), same batch: max |Δ| = {d:E2} over all {cpu.LayerCount} states (max |h| {scale:F2}); CPU {secs:F1} s incl. build");
        }
        finally
        {
            torch.set_num_threads(threads);
        }
        return true;
    }

    private static ReadOnlySpan<float> FloatsOf(float[,,,] a) =>
        MemoryMarshal.CreateReadOnlySpan(ref System.Runtime.CompilerServices.Unsafe.As<byte, float>(ref MemoryMarshal.GetArrayDataReference(a)), a.Length);

    private static (double Diff, double Scale) LayerDiff(float[,,,] a, float[,,,] b, int layer)
    {
        long per = a.Length / a.GetLength(0);
        var sa = FloatsOf(a).Slice((int)(layer * per), (int)per);
        var sb = FloatsOf(b).Slice((int)(layer * per), (int)per);
        double m = 0, s = 0;
        for (int k = 0; k < sa.Length; k++) { m = Math.Max(m, Math.Abs((double)sa[k] - sb[k])); s = Math.Max(s, Math.Abs(sb[k])); }
        return (m, s);
    }

    private static double MaxAbs(float[,,,] a, float[,,,] b)
    {
        var sa = FloatsOf(a);
        var sb = FloatsOf(b);
        double m = 0;
        for (int k = 0; k < sa.Length; k++) m = Math.Max(m, Math.Abs((double)sa[k] - sb[k]));
        return m;
    }

    // ---------------------------------------------------------------- f. CCFS

    private sealed class CountingProgress : IProgress<CcfsProgress>
    {
        public int Count;
        public string Last = "";

        public void Report(CcfsProgress value)
        {
            Interlocked.Increment(ref Count);
            Last = $"{value.Stage} {value.Step}/{value.Steps} {value.Detail}";
        }
    }

    private static bool Ccfs(JsonObject r)
    {
        int layers = _full ? 13 : 3, perLayer = _full ? 768 : 32, classes = _full ? 6 : 4;
        int nTrain = _full ? 12_000 : 600, nDev = _full ? 1_620 : 200, nTest = _full ? 2_040 : 200;
        int n = layers * perLayer, rows = nTrain + nDev + nTest;
        // Planted answer: in layer `hot`, 4 neurons per class carry the label, each with 2 near-copies in the same layer
        // (redundancy for the clustering stage) and a weaker echo in the next layer.
        int hot = layers / 2;
        var planted = new int[classes][];
        for (int c = 0; c < classes; c++)
        {
            var list = new List<int>();
            for (int i = 0; i < 4; i++)
            {
                int baseNeuron = hot * perLayer + (c * 4 + i) % perLayer;
                list.Add(baseNeuron);
            }
            planted[c] = list.ToArray();
        }
        var sw = Stopwatch.StartNew();
        var (x, labels) = Planted(rows, n, classes, planted, 4321, 1.5f);
        // Copies: neuron j + perLayer/2 (same layer) ≈ neuron j + small noise; echo in the next layer at half strength.
        var noise = new Random(5);
        for (int row = 0; row < rows; row++)
        {
            foreach (int j in planted.SelectMany(p => p))
            {
                long b = (long)row * n;
                int copy = hot * perLayer + ((j - hot * perLayer) + perLayer / 2) % perLayer;
                x[b + copy] = x[b + j] + (float)(0.3 * (noise.NextDouble() * 2 - 1));
                if (hot + 1 < layers) x[b + j + perLayer] = 0.5f * x[b + j] + x[b + j + perLayer];
            }
        }
        var layout = LayerLayout.Create(layers, perLayer);
        var train = Rows(x, n, 0, nTrain, layout);
        var dev = Rows(x, n, nTrain, nDev, layout);
        var test = Rows(x, n, nTrain + nDev, nTest, layout);
        x = [];
        r["data_seconds"] = Round(sw.Elapsed.TotalSeconds, 2);
        r["rows"] = $"{nTrain}/{nDev}/{nTest}";
        r["layers"] = layers;
        r["neurons_per_layer"] = perLayer;
        r["classes"] = classes;
        r["planted_layer"] = hot;

        var options = new CcfsOptions { Seed = 3 };
        if (!_full) options = options with { MinimalSet = new() { Grid = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 0.9] }, Clustering = new() { Thresholds = [0.3, 0.6, 0.9] } };
        var probe = new TorchElasticNetProbe(options.Probe with { Seed = options.Seed }, _deviceName);
        var kernel = new TorchGramKernel(new TorchGramKernelOptions { Device = _deviceName, DeviceAccumulation = DeviceAccumulation.Always });
        double seconds = Math.Max(20, Remaining - 10);
        r["time_limit_seconds"] = Round(seconds, 0);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var progress = new CountingProgress();
        Line("ccfs", $"{nTrain}/{nDev}/{nTest} rows × {layers} layers × {perLayer}, {classes} classes, probe and kernel on {_device}; time limit {seconds:F0} s");
        sw.Restart();
        CcfsReport report;
        try
        {
            var y = ClassLabels.FromIds(labels[..nTrain]);
            var data = new ProbingData(new LabeledActivations(train, y), new LabeledActivations(dev, ClassLabels.FromIds(labels[nTrain..(nTrain + nDev)], y.ClassNames)),
                new LabeledActivations(test, ClassLabels.FromIds(labels[(nTrain + nDev)..], y.ClassNames)));
            report = new CcfsPipeline(options, probe, kernel).Run(data, progress, cts.Token);
        }
        catch (Exception e) when (e is OperationCanceledException || (e is AggregateException a && a.InnerExceptions.All(i => i is OperationCanceledException)))
        {
            r["cancelled_after_seconds"] = Round(sw.Elapsed.TotalSeconds, 1);
            r["probes_trained"] = progress.Count;
            r["last_progress"] = progress.Last;
            Line("ccfs", $"cut short by the time limit after {sw.Elapsed.TotalSeconds:F0} s: {progress.Count} probes trained; last: {progress.Last}");
            return true;
        }
        double total = sw.Elapsed.TotalSeconds;
        r["total_seconds"] = Round(total, 2);
        r["probes_trained"] = progress.Count;
        var timings = new JsonObject();
        foreach (var (k, v) in report.TimingsSeconds) timings[k] = Round(v, 3);
        r["timings_seconds"] = timings;
        r["oracle_test_accuracy"] = report.Oracle.TestScore;
        r["oracle_dev_accuracy"] = report.Oracle.DevScore;
        if (report.Best is { } best)
        {
            r["best"] = new JsonObject
            {
                ["stage"] = best.Stage,
                ["name"] = best.Name,
                ["neurons"] = best.Neurons,
                ["total_neurons"] = best.TotalNeurons,
                ["dev"] = best.DevScore,
                ["test"] = best.TestScore,
            };
        }
        var layerScores = report.LayerScores.Select(s => JsonSerializer.Serialize(s)).ToArray();
        r["layer_scores"] = new JsonArray(layerScores.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray());
        Line("ccfs", $"done in {total:F1} s, {progress.Count} probes; stage timings: {string.Join(", ", report.TimingsSeconds.Select(kv => $"{kv.Key} {kv.Value:F2}s"))}");
        Line("ccfs", $"oracle test accuracy {report.Oracle.TestScore:F4} (dev {report.Oracle.DevScore:F4}) on {report.Oracle.Neurons} neurons");
        if (report.Best is { } b2)
            Line("ccfs", $"best: {b2.Stage} '{b2.Name}' {b2.Neurons}/{b2.TotalNeurons} neurons, dev {b2.DevScore:F4}, test {b2.TestScore:F4}");
        return true;
    }
}
