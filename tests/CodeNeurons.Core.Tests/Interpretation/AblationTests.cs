using CodeNeurons.Data;
using CodeNeurons.Interpretation;

namespace CodeNeurons.Tests.Interpretation;

[TestFixture]
public class AblationTests
{
    // 2 layers × 3 units; value = 10·row + id.
    private static ActivationSet Acts()
    {
        var v = new float[2 * 6];
        for (int r = 0; r < 2; r++)
            for (int j = 0; j < 6; j++) v[r * 6 + j] = 10 * r + j + 1;
        return ActivationSet.Create(v, 2, LayerLayout.Create(2, 3), ["x", "y"], [0, 0]);
    }

    private static float At(ActivationSet a, int row, int id) => a[row, a.NeuronIds.ToList().IndexOf(id)];

    private static void SameRows(ActivationSet a, ActivationSet b)
    {
        Assert.That(b.Rows, Is.EqualTo(a.Rows));
        Assert.That(b.Tokens, Is.EqualTo(a.Tokens));
        Assert.That(b.SentenceIndices, Is.EqualTo(a.SentenceIndices));
        Assert.That(b.Layout, Is.EqualTo(a.Layout));
    }

    [Test]
    public void KeepAndRemoveNeuronsSliceColumnsByGlobalId()
    {
        var a = Acts();
        var kept = Ablation.KeepNeurons(a, [4, 1, 4]);
        SameRows(a, kept);
        Assert.That(kept.NeuronIds, Is.EqualTo(new[] { 1, 4 }));
        Assert.That(kept.Values.ToArray(), Is.EqualTo(new float[] { 2, 5, 12, 15 }));
        var removed = Ablation.RemoveNeurons(a, [0, 5]);
        SameRows(a, removed);
        Assert.That(removed.NeuronIds, Is.EqualTo(new[] { 1, 2, 3, 4 }));
        Assert.That(At(removed, 1, 3), Is.EqualTo(14f));
        // On a slice, ids stay global.
        Assert.That(Ablation.RemoveNeurons(kept, [4]).NeuronIds, Is.EqualTo(new[] { 1 }));
    }

    [Test]
    public void ZeroNeuronsAndZeroAllButKeepShapeAndZeroExactlyWhatIsAsked()
    {
        var a = Acts();
        var before = a.Values.ToArray();
        var z = Ablation.ZeroNeurons(a, [1, 3]);
        SameRows(a, z);
        Assert.That(z.NeuronIds, Is.EqualTo(a.NeuronIds));
        for (int r = 0; r < 2; r++)
            for (int id = 0; id < 6; id++)
                Assert.That(At(z, r, id), Is.EqualTo(id is 1 or 3 ? 0f : At(a, r, id)));
        var only = Ablation.ZeroAllBut(a, [2]);
        for (int r = 0; r < 2; r++)
            for (int id = 0; id < 6; id++)
                Assert.That(At(only, r, id), Is.EqualTo(id == 2 ? At(a, r, id) : 0f));
        Assert.That(Ablation.ZeroAllBut(a, []).Values.ToArray(), Is.All.Zero);
        Assert.That(a.Values.ToArray(), Is.EqualTo(before), "input unchanged");
    }

    [Test]
    public void LayerOperations()
    {
        var a = Acts();
        var l1 = Ablation.KeepLayers(a, [1]);
        SameRows(a, l1);
        Assert.That(l1.NeuronIds, Is.EqualTo(new[] { 3, 4, 5 }));
        Assert.That(Ablation.RemoveLayers(a, [1]).NeuronIds, Is.EqualTo(new[] { 0, 1, 2 }));
        var z = Ablation.ZeroLayers(a, [0]);
        Assert.That(z.Row(0).ToArray(), Is.EqualTo(new float[] { 0, 0, 0, 4, 5, 6 }));
        Assert.That(z.Row(1).ToArray(), Is.EqualTo(new float[] { 0, 0, 0, 14, 15, 16 }));
    }

    [Test]
    public void BadAblationInputsThrowClearly()
    {
        var a = Acts();
        var slice = Ablation.KeepNeurons(a, [1, 4]);
        Assert.Multiple(() =>
        {
            Assert.That(() => Ablation.KeepNeurons(a, []), Throws.ArgumentException.With.Message.Contains("at least one"));
            Assert.That(() => Ablation.KeepNeurons(a, [6]), Throws.ArgumentException.With.Message.Contains("Neuron 6"));
            Assert.That(() => Ablation.ZeroAllBut(slice, [0]), Throws.ArgumentException.With.Message.Contains("Neuron 0"));
            Assert.That(() => Ablation.ZeroNeurons(slice, [2]), Throws.ArgumentException.With.Message.Contains("Neuron 2"));
            Assert.That(() => Ablation.RemoveNeurons(slice, [1, 4]), Throws.ArgumentException.With.Message.Contains("empty"));
            Assert.That(() => Ablation.RemoveLayers(a, [0, 1]), Throws.ArgumentException.With.Message.Contains("empty"));
            Assert.That(() => Ablation.KeepLayers(a, [2]), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => Ablation.KeepLayers(Ablation.KeepLayers(a, [0]), [1]), Throws.ArgumentException.With.Message.Contains("no neuron"));
        });
    }
}
