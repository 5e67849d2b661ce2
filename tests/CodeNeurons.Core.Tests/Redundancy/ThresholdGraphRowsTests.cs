using CodeNeurons.Data;
using CodeNeurons.Formats;
using CodeNeurons.Redundancy;

namespace CodeNeurons.Tests.Redundancy;

/// <summary><see cref="ThresholdGraphClustering"/> on rows read from a raw folder equals the in-memory run (same standardised values, same components).</summary>
public class ThresholdGraphRowsTests : TempDirectoryTest
{
    [Test]
    public void ClusteringRowsFromARawFolderEqualsClusteringTheSet()
    {
        var rng = new Random(4);
        const int rows = 30, n = 60;
        var values = new float[rows * n];
        var factors = Enumerable.Range(0, 12).Select(_ => Enumerable.Range(0, rows).Select(_ => rng.NextDouble()).ToArray()).ToArray();
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < n; j++) values[r * n + j] = (float)(factors[j % 12][r] + 0.3 * (j / 12) * rng.NextDouble());
        var set = ActivationSet.Create(values, rows, LayerLayout.Create(3, 20));
        string folder = Path.Combine(TempDir, "raw");
        RawActivationFolder.Write(set, folder);
        var clustering = new ThresholdGraphClustering(new CorrelationClusteringOptions { Thresholds = [0.05, 0.2, 0.4] }, new ThresholdGraphOptions { BlockColumns = 16 });

        var dense = clustering.Cluster(set);
        using var raw = RawActivationRows.Open(folder);
        var streamed = clustering.Cluster(raw);
        var view = clustering.Cluster(raw.SelectNeurons(Enumerable.Range(0, 40).ToArray()));

        Assert.That(streamed.Edges, Is.EqualTo(dense.Edges));
        Assert.That(dense.Cuts[2].ClusterCount, Is.LessThan(n), "the data has merges to compare");
        for (int t = 0; t < 3; t++)
        {
            Assert.That(streamed.Cuts[t].Labels, Is.EqualTo(dense.Cuts[t].Labels));
            Assert.That(streamed.Cuts[t].Representatives, Is.EqualTo(dense.Cuts[t].Representatives));
            Assert.That(view.Cuts[t].Labels, Is.EqualTo(clustering.Cluster(set.SelectLayers(0, 1)).Cuts[t].Labels));
        }
    }
}
