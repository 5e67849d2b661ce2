using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using CodeNeurons.Data;
using CodeNeurons.Redundancy;

namespace CodeNeurons.ScaleCheck;

/// <summary>
/// <c>cluster FILE [--thresholds 0.1,0.2,…] [--compare]</c>: the threshold-graph clustering of the rows <c>extract --out</c>
/// wrote, and with <c>--compare</c> one global average-linkage run too, with the adjusted Rand index of the two partitions
/// at each threshold.
/// </summary>
internal static class Clustering
{
    public static void Run(string path, Dictionary<string, string> o)
    {
        var acts = Read(path);
        double[] thresholds = o.TryGetValue("thresholds", out var list)
            ? [.. list.Split(',').Select(s => double.Parse(s, CultureInfo.InvariantCulture))]
            : [0.1, 0.2, 0.3, 0.4, 0.5];
        var options = new CorrelationClusteringOptions { Thresholds = thresholds };
        var clock = Stopwatch.StartNew();
        var graph = new ThresholdGraphClustering(options, new ThresholdGraphOptions { MaxComponent = Program.Int(o, "max-component", 16_384) }).Cluster(acts);
        double graphSeconds = clock.Elapsed.TotalSeconds;
        var report = new JsonObject
        {
            ["rows"] = acts.Rows, ["neurons"] = acts.Neurons, ["edges"] = graph.Edges, ["components"] = graph.Components,
            ["largest_component"] = graph.LargestComponent, ["graph_total_s"] = Math.Round(graphSeconds, 1),
            ["graph_timings_s"] = new JsonObject(graph.TimingsSeconds.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)Math.Round(kv.Value, 2)))),
            ["graph_clusters"] = new JsonArray([.. graph.Cuts.Select(c => (JsonNode)c.ClusterCount)]),
        };
        if (o.ContainsKey("compare"))
        {
            clock.Restart();
            var global = new CorrelationClustering(options).Cluster(acts);
            report["global_total_s"] = Math.Round(clock.Elapsed.TotalSeconds, 1);
            report["global_clusters"] = new JsonArray([.. global.Cuts.Select(c => (JsonNode)c.ClusterCount)]);
            report["adjusted_rand"] = new JsonArray([.. global.Cuts.Select((c, t) => (JsonNode)Math.Round(AdjustedRand(c.Labels, graph.Cuts[t].Labels), 6))]);
            report["identical_partitions"] = new JsonArray([.. global.Cuts.Select((c, t) => (JsonNode)Same(c.Labels, graph.Cuts[t].Labels))]);
        }
        Console.WriteLine(report.ToJsonString());
    }

    private static ActivationSet Read(string path)
    {
        using var fs = File.OpenRead(path);
        var header = new byte[8];
        fs.ReadExactly(header);
        int rows = BitConverter.ToInt32(header, 0), n = BitConverter.ToInt32(header, 4);
        var values = new float[(long)rows * n];
        fs.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        return ActivationSet.Create(values, rows, LayerLayout.Flat(n));
    }

    private static bool Same(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        var ab = new Dictionary<int, int>();
        var ba = new Dictionary<int, int>();
        for (int i = 0; i < a.Count; i++)
        {
            if (ab.TryGetValue(a[i], out int x) && x != b[i]) return false;
            if (ba.TryGetValue(b[i], out int y) && y != a[i]) return false;
            ab[a[i]] = b[i];
            ba[b[i]] = a[i];
        }
        return true;
    }

    /// <summary>Hubert and Arabie's adjusted Rand index of two labelings (1 = identical partitions).</summary>
    private static double AdjustedRand(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        static double Pairs(long k) => k * (k - 1) / 2.0;
        var joint = new Dictionary<(int, int), long>();
        var ca = new Dictionary<int, long>();
        var cb = new Dictionary<int, long>();
        for (int i = 0; i < a.Count; i++)
        {
            joint[(a[i], b[i])] = joint.GetValueOrDefault((a[i], b[i])) + 1;
            ca[a[i]] = ca.GetValueOrDefault(a[i]) + 1;
            cb[b[i]] = cb.GetValueOrDefault(b[i]) + 1;
        }
        double index = joint.Values.Sum(Pairs), sa = ca.Values.Sum(Pairs), sb = cb.Values.Sum(Pairs), total = Pairs(a.Count);
        double expected = sa * sb / total, max = (sa + sb) / 2;
        return max == expected ? 1 : (index - expected) / (max - expected);
    }
}
