using CodeNeurons.Data;

namespace CodeNeurons.Tests.Data;

public class ActivationSetTests
{
    [Test]
    public void LayoutMapsGlobalIdsLayerMajor()
    {
        var layout = LayerLayout.Create(13, 768);
        Assert.That(layout.Neurons, Is.EqualTo(9984));
        Assert.That(layout.NeuronId(2, 5), Is.EqualTo(2 * 768 + 5));
        Assert.That(layout.LayerOf(1535), Is.EqualTo(1));
        Assert.That(layout.LayerOf(1536), Is.EqualTo(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => layout.LayerOf(9984));
        Assert.Throws<ArgumentOutOfRangeException>(() => LayerLayout.Create(0, 5));
    }

    [Test]
    public void SlicingByLayersAndIdsKeepsValuesAndGlobalIds()
    {
        var layout = LayerLayout.Create(3, 2);
        var values = Enumerable.Range(0, 4 * 6).Select(i => (float)i).ToArray();
        var set = ActivationSet.Create(values, 4, layout, ["a", "b", "c", "d"], [0, 0, 1, 1]);
        var l1 = set.SelectLayers(1);
        Assert.That(l1.NeuronIds, Is.EqualTo(new[] { 2, 3 }));
        Assert.That(l1.Row(2).ToArray(), Is.EqualTo(new float[] { 14, 15 }));
        Assert.That(l1.Tokens, Is.EqualTo(set.Tokens));
        var pick = l1.SelectNeurons([3]);
        Assert.That(pick.NeuronIds, Is.EqualTo(new[] { 3 }));
        Assert.That(pick[3, 0], Is.EqualTo(21f));
        var ex = Assert.Throws<ArgumentException>(() => l1.SelectNeurons([0]));
        Assert.That(ex!.Message, Does.Contain("Neuron 0"));
        Assert.That(set.SelectNeurons([5, 0]).NeuronIds, Is.EqualTo(new[] { 0, 5 }));
    }

    [Test]
    public void BadShapesAndValuesAreNamed()
    {
        var layout = LayerLayout.Create(2, 2);
        var ex = Assert.Throws<ArgumentException>(() => ActivationSet.Create(new float[7], 2, layout));
        Assert.That(ex!.Message, Does.Contain("2 rows × 4 neurons need 8"));
        var v = new float[8];
        v[6] = float.NaN;
        ex = Assert.Throws<ArgumentException>(() => ActivationSet.Create(v, 2, layout));
        Assert.That(ex!.Message, Does.Contain("row 1, neuron 2"));
        v[6] = float.NegativeInfinity;
        Assert.Throws<ArgumentException>(() => ActivationSet.Create(v, 2, layout));
        Assert.Throws<ArgumentException>(() => ActivationSet.Create(new float[8], 2, layout, tokens: ["x"]));
        Assert.Throws<ArgumentException>(() => ActivationSet.Create(new float[8], 2, layout, sentenceIndices: [1, 0]));
        Assert.Throws<ArgumentException>(() => ActivationSet.Create(new float[4], 2, layout, [1, 1]));
    }

    [Test]
    public void FiniteCheckFindsEveryPosition()
    {
        for (int len = 1; len <= 70; len++)
            for (int pos = 0; pos < len; pos++)
            {
                var v = new float[len];
                v[pos] = (pos % 3) switch { 0 => float.NaN, 1 => float.PositiveInfinity, _ => float.NegativeInfinity };
                Assert.That(CodeNeurons.Numerics.FiniteCheck.IndexOfNonFinite(v), Is.EqualTo(pos));
            }
        Assert.That(CodeNeurons.Numerics.FiniteCheck.IndexOfNonFinite(new float[] { float.MaxValue, float.Epsilon, -0f }), Is.EqualTo(-1));
    }

    [Test]
    public void StreamReturnsAllRowsInChunks()
    {
        var set = SyntheticActivations.Create(new() { Layers = 1, NeuronsPerLayer = 10, Rows = 25, Groups = 2 }).Activations;
        using var s = set.OpenStream();
        var buffer = new float[7 * 10];
        var all = new List<float>();
        int rows;
        while ((rows = s.Read(buffer)) > 0) all.AddRange(buffer.Take(rows * 10));
        Assert.That(all, Is.EqualTo(set.Values.ToArray()));
    }
}
