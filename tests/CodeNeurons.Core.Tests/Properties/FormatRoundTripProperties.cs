using CodeNeurons.Data;
using CodeNeurons.Formats;
using CsCheck;
using static CodeNeurons.Tests.Properties.PropertyRunner;

namespace CodeNeurons.Tests.Properties;

/// <summary>Writers then readers give back any activation set: NeuroX JSON, NeuroX HDF5 (float32) and raw folders.</summary>
public sealed class FormatRoundTripProperties : TempDirectoryTest
{
    private static readonly string[] Alphabet = ["a", "Z", "0", "_", "\"", "\\", "{", "}", "[", ",", ":", "é", "漢", "😀", "'", "#", "/", "<", "&", "\u00a0x"];

    /// <summary>Values of every magnitude the formats must keep exactly (float32 extremes, subnormals, zeros, ordinary values).</summary>
    private static float Value(Random rng) => rng.Next(8) switch
    {
        0 => float.MaxValue * (rng.Next(2) == 0 ? 1 : -1),
        1 => float.Epsilon * rng.Next(1, 1000),
        2 => 0f,
        3 => (float)(rng.NextDouble() * 1e30),
        4 => (float)(-rng.NextDouble() * 1e-30),
        _ => (float)(TestData.Gaussian(rng) * 10),
    };

    private static readonly Gen<ActivationSet> Sets =
        Gen.Select(Gen.Int[1, 3], Gen.Int[1, 4], Gen.Int[1, 4], Gen.Int[0, int.MaxValue]).Select(t =>
        {
            var (layers, perLayer, sentences, seed) = t;
            var rng = new Random(seed);
            var tokens = new List<string>();
            var indices = new List<int>();
            int index = 0;
            for (int s = 0; s < sentences; s++)
            {
                index += rng.Next(1, 3); // ascending, sometimes with gaps
                int length = rng.Next(1, 6);
                for (int k = 0; k < length; k++)
                {
                    tokens.Add(string.Concat(Enumerable.Range(0, rng.Next(1, 4)).Select(_ => Alphabet[rng.Next(Alphabet.Length)])).Replace("\u00a0", ""));
                    indices.Add(index);
                }
            }
            int rows = tokens.Count, n = layers * perLayer;
            var values = new float[rows * n];
            for (int i = 0; i < values.Length; i++) values[i] = Value(rng);
            return ActivationSet.Create(values, rows, LayerLayout.Create(layers, perLayer), tokens, indices);
        });

    private static string Describe(ActivationSet s) =>
        $"{s.Rows} rows × {s.Layout.Layers}×{s.Layout.NeuronsPerLayer}, tokens [{string.Join(" ", s.Tokens!)}], sentences [{string.Join(",", s.SentenceIndices!)}]";

    private static void AssertSameValues(ActivationSet expected, ActivationSet actual)
    {
        Assert.That(actual.Rows, Is.EqualTo(expected.Rows));
        Assert.That(actual.Layout, Is.EqualTo(expected.Layout));
        Assert.That(actual.Values.ToArray(), Is.EqualTo(expected.Values.ToArray()), "values are kept exactly");
    }

    [Test]
    public void NeuroxJsonRoundTrips() => ForAll(Sets, set =>
    {
        string path = Path.Combine(TempDir, "acts.json");
        NeuroxJson.Write(set, path);
        var back = NeuroxJson.Read(path);
        AssertSameValues(set, back);
        Assert.That(back.Tokens, Is.EqualTo(set.Tokens));
        Assert.That(back.SentenceIndices, Is.EqualTo(set.SentenceIndices));
    }, iterations: 80, stream: 11, Describe);

    [Test]
    public void NeuroxHdf5RoundTrips() => ForAll(Sets, set =>
    {
        string path = Path.Combine(TempDir, "acts.hdf5");
        NeuroxHdf5.Write(set, path);
        var back = NeuroxHdf5.Read(path);
        AssertSameValues(set, back);
        Assert.That(back.Tokens, Is.EqualTo(set.Tokens));
    }, iterations: 40, stream: 12, Describe);

    [Test]
    public void RawFolderRoundTrips() => ForAll(Sets, set =>
    {
        string folder = Path.Combine(TempDir, "raw");
        RawActivationFolder.Write(set, folder);
        AssertSameValues(set, RawActivationFolder.Read(folder));
        using var stream = RawActivationFolder.OpenStream(folder);
        var buffer = new float[set.Neurons * 2];
        var streamed = new List<float>();
        int rows;
        while ((rows = stream.Read(buffer)) > 0) streamed.AddRange(buffer.AsSpan(0, rows * set.Neurons).ToArray());
        Assert.That(streamed, Is.EqualTo(set.Values.ToArray()), "streaming two rows at a time gives the same values");
    }, iterations: 80, stream: 13, Describe);
}
