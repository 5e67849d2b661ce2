namespace CodeNeurons.Benchmarks;

/// <summary>
/// Problem sizes of the benchmarks. The NUnit smoke test sets <see cref="Smoke"/> (it runs the benchmarks
/// in-process, so the static is shared) to run every benchmark once on tiny inputs.
/// </summary>
public static class BenchmarkSizes
{
    /// <summary>When true, every <c>[ParamsSource]</c> yields one tiny size.</summary>
    public static bool Smoke { get; set; }

    /// <summary>Tokens × neurons of the correlation benchmarks: 5000×2000 up to CodeBERT's 20000×9984.</summary>
    public static IEnumerable<string> GramSizes => Smoke ? ["64x40"] : ["5000x2000", "20000x9984"];

    /// <summary>Neurons of the linkage benchmarks (CodeBERT: 9984).</summary>
    public static IEnumerable<int> LinkageSizes => Smoke ? [30] : [2000, 9984];

    /// <summary>Parses "TxN".</summary>
    public static (int Rows, int Neurons) Parse(string size)
    {
        var p = size.Split('x');
        return (int.Parse(p[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture));
    }
}
