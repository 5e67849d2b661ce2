namespace CodeNeurons.Benchmarks;

/// <summary>
/// Problem sizes of the benchmarks. The NUnit smoke test sets <see cref="Smoke"/> (it runs the benchmarks
/// in-process, so the static is shared) to run every benchmark once on tiny inputs.
/// </summary>
public static class BenchmarkSizes
{
    /// <summary>When true, every <c>[ParamsSource]</c> yields one tiny size.</summary>
    public static bool Smoke { get; set; }

    /// <summary>
    /// Set the environment variable <c>CODENEURONS_BENCH_SIZES=small</c> to run only the smaller sizes, or
    /// <c>large</c> for only the CodeBERT-size ones (the child processes of BenchmarkDotNet inherit it).
    /// </summary>
    private static string Selection => Environment.GetEnvironmentVariable("CODENEURONS_BENCH_SIZES")?.Trim().ToLowerInvariant() ?? "all";

    private static IEnumerable<T> Pick<T>(T small, T large) => Selection switch
    {
        "small" => [small],
        "large" => [large],
        _ => [small, large],
    };

    /// <summary>Tokens × neurons of the correlation benchmarks: 5000×2000 up to CodeBERT's 20000×9984.</summary>
    public static IEnumerable<string> GramSizes => Smoke ? ["64x40"] : Pick("5000x2000", "20000x9984");

    /// <summary>Neurons of the linkage benchmarks (CodeBERT: 9984).</summary>
    public static IEnumerable<int> LinkageSizes => Smoke ? [30] : Pick(2000, 9984);

    /// <summary>Batch × subword length of the extraction benchmark (the GPU comparison uses 32 × 256).</summary>
    public static IEnumerable<string> ExtractionSizes => Smoke ? ["2x8"] : Pick("4x128", "32x256");

    /// <summary>Training rows × neurons of the probe benchmark (NeuroX's measured run: 16,000 × 9,984).</summary>
    public static IEnumerable<string> ProbeSizes => Smoke ? ["64x20"] : Pick("2000x768", "16000x9984");

    /// <summary>Models of the compact-model benchmark: the embedded MiniLM and a CodeBERT-size random RoBERTa (smoke: a tiny random RoBERTa).</summary>
    public static IEnumerable<string> CompactModels => Smoke ? ["tiny"] : Pick("MiniLM", "CodeBERT-size");

    /// <summary>The last hidden state the compact model's neurons use: 0, 2 or the last one.</summary>
    public static IEnumerable<string> CompactStops => Smoke ? ["0", "last"] : ["0", "2", "last"];

    /// <summary>Parses "TxN".</summary>
    public static (int Rows, int Neurons) Parse(string size)
    {
        var p = size.Split('x');
        return (int.Parse(p[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture));
    }
}
