using CodeNeurons.Torch.Interventions;
using CodeNeurons.Torch.Models;
using TorchSharp;
using static CodeNeurons.Tests.Interventions.InterventionTestModels;

namespace CodeNeurons.Tests.Interventions;

/// <summary>
/// Interventions inside the forward pass on every TorchSharp architecture: no cost and no change when none is active,
/// exactly the chosen coordinates changed, nothing below the layer, patching, steering, means, composition and errors.
/// </summary>
[TestFixture]
public sealed class NeuronInterventionTests
{
    [TestCaseSource(typeof(InterventionTestModels), nameof(All))]
    public void DetachedInterventionsLeaveTheModelBitForBitAndUnhooked(string name)
    {
        using var model = Load(name);
        var plain = model.Forward(InputA, Mask).Values;
        using (model.Intervene(NeuronIntervention.Zero([new ModelNeuron(model.Config.NumLayers, 0)])))
            Assert.That(model.LayerHook, Is.Not.Null);
        Assert.That(model.LayerHook, Is.Null, "no hook, so no cost, once the last intervention is gone");
        AssertLayersEqual(plain, model.Forward(InputA, Mask).Values, 0, model.Config.NumLayers + 1, "after detaching");
    }

    [TestCaseSource(typeof(InterventionTestModels), nameof(All))]
    public void ZeroingChangesExactlyThatCoordinateAndNothingBelow(string name)
    {
        using var model = Load(name);
        const int layer = 1, unit = 3;
        var plain = model.Forward(InputA, Mask).Values;
        float[,,,] changed;
        using (model.Intervene(NeuronIntervention.Zero([new ModelNeuron(layer, unit)], TokenPositions.At(1, 3))))
            changed = model.Forward(InputA, Mask).Values;
        AssertLayersEqual(plain, changed, 0, layer, "below the intervened layer");
        for (int b = 0; b < 2; b++)
            for (int s = 0; s < 5; s++)
                for (int h = 0; h < model.Config.HiddenSize; h++)
                {
                    bool chosen = h == unit && (s == 1 || s == 3);
                    float expected = chosen ? 0f : plain[layer, b, s, h];
                    Assert.That(BitConverter.SingleToInt32Bits(changed[layer, b, s, h]), Is.EqualTo(BitConverter.SingleToInt32Bits(expected)),
                        $"layer {layer}, row {b}, position {s}, unit {h}");
                }
        Assert.That(plain[layer, 0, 1, unit], Is.Not.EqualTo(0f), "the fixture's value is not already zero");
        bool above = false;
        for (int s = 0; s < 5; s++) above |= changed[layer + 1, 0, s, 0] != plain[layer + 1, 0, s, 0];
        Assert.That(above, Is.True, "the next layer reads the changed state");
    }

    [TestCaseSource(typeof(InterventionTestModels), nameof(All))]
    public void PatchingFromAnIdenticalInputChangesNothing(string name)
    {
        using var model = Load(name);
        var plain = model.Forward(InputA, Mask);
        var everyUnit = Enumerable.Range(0, model.Config.HiddenSize).Select(u => new ModelNeuron(1, u)).ToArray();
        float[,,,] patched;
        using (model.Intervene(NeuronIntervention.Patched(everyUnit, PatchSource.Aligned(plain))))
            patched = model.Forward(InputA, Mask).Values;
        AssertLayersEqual(plain.Values, patched, 0, model.Config.NumLayers + 1, "patched from itself");
    }

    [TestCaseSource(typeof(InterventionTestModels), nameof(All))]
    public void PatchingEveryNeuronOfALayerMakesTheLayersAboveEqualTheSource(string name)
    {
        using var model = Load(name);
        var source = model.Forward(InputB, Mask);
        var plainA = model.Forward(InputA, Mask).Values;
        const int layer = 1;
        var everyUnit = Enumerable.Range(0, model.Config.HiddenSize).Select(u => new ModelNeuron(layer, u)).ToArray();
        float[,,,] patched;
        using (model.Intervene(NeuronIntervention.Patched(everyUnit, PatchSource.Aligned(source))))
            patched = model.Forward(InputA, Mask).Values;
        AssertLayersEqual(plainA, patched, 0, layer, "below the patched layer");
        AssertLayersEqual(source.Values, patched, layer, model.Config.NumLayers + 1, "at and above the patched layer");
    }

    [Test]
    public void PatchingByCodeTokenTakesTheMappedPositions()
    {
        using var model = Load("tiny-bert");
        var source = model.Forward(InputB, Mask);
        var plain = model.Forward(InputA, Mask).Values;
        // Row 0: code tokens at [1], [2, 3]; in the source at [1, 2], [3]: unequal counts take the source's last subword.
        int[][][] target = [[[1], [2, 3]], [[1], [2]]];
        int[][][] from = [[[1, 2], [3]], [[2], [1]]];
        float[,,,] patched;
        using (model.Intervene(NeuronIntervention.Patched([new ModelNeuron(1, 4)], PatchSource.ByCodeToken(source, target, from, 5))))
            patched = model.Forward(InputA, Mask).Values;
        Assert.Multiple(() =>
        {
            Assert.That(patched[1, 0, 1, 4], Is.EqualTo(source.Values[1, 0, 2, 4]));
            Assert.That(patched[1, 0, 2, 4], Is.EqualTo(source.Values[1, 0, 3, 4]));
            Assert.That(patched[1, 0, 3, 4], Is.EqualTo(source.Values[1, 0, 3, 4]));
            Assert.That(patched[1, 1, 1, 4], Is.EqualTo(source.Values[1, 1, 2, 4]));
            Assert.That(patched[1, 1, 2, 4], Is.EqualTo(source.Values[1, 1, 1, 4]));
            Assert.That(patched[1, 0, 0, 4], Is.EqualTo(plain[1, 0, 0, 4]), "special tokens are not patched");
            Assert.That(patched[1, 0, 4, 4], Is.EqualTo(plain[1, 0, 4, 4]));
        });
    }

    [Test]
    public void SteeringAddsTheScaledDirectionAndMeanAblationWritesTheMean()
    {
        using var model = Load("tiny-roberta");
        var plain = model.Forward(InputA, Mask);
        var means = NeuronMeans.FromStates([plain]);
        ModelNeuron a = new(2, 5), b = new(2, 9);
        float[,,,] steered, averaged;
        using (model.Intervene(NeuronIntervention.Steer([a, b], [1f, -0.5f], 2.0)))
            steered = model.Forward(InputA, Mask).Values;
        using (model.Intervene(NeuronIntervention.Mean([a], means)))
            averaged = model.Forward(InputA, Mask).Values;
        double mean = 0;
        int count = 0;
        for (int r = 0; r < 2; r++)
            for (int s = 0; s < 5; s++)
                if (Mask[r, s] == 1) { mean += plain.Values[2, r, s, 5]; count++; }
        mean /= count;
        Assert.Multiple(() =>
        {
            Assert.That(means[a], Is.EqualTo(mean).Within(1e-9), "mean over the 9 real positions");
            for (int r = 0; r < 2; r++)
                for (int s = 0; s < 5; s++)
                {
                    Assert.That(steered[2, r, s, 5], Is.EqualTo(plain.Values[2, r, s, 5] + 2f).Within(1e-5));
                    Assert.That(steered[2, r, s, 9], Is.EqualTo(plain.Values[2, r, s, 9] - 1f).Within(1e-5));
                    Assert.That(averaged[2, r, s, 5], Is.EqualTo((float)mean));
                }
        });
    }

    [Test]
    public void InterventionsComposeInAttachOrderAndDetachOneByOne()
    {
        using var model = Load("tiny-bert");
        ModelNeuron n = new(1, 2);
        var first = model.Intervene(NeuronIntervention.Zero([n]));
        var second = model.Intervene(NeuronIntervention.Constant([n], 1.5), NeuronIntervention.Steer([n], null, 0.25));
        var both = model.Forward(InputA, Mask).Values;
        Assert.That(both[1, 0, 1, 2], Is.EqualTo(1.75f), "zero, then the constant, then the steer, in attach order");
        second.Dispose();
        Assert.That(second.IsActive, Is.False);
        Assert.That(model.Forward(InputA, Mask).Values[1, 0, 1, 2], Is.EqualTo(0f), "the first intervention stays");
        first.Dispose();
        Assert.That(model.LayerHook, Is.Null);
    }

    [Test]
    public void AHookedLayerCostsOneExtraTensorAndAnUntouchedLayerNone()
    {
        using var model = Load("tiny-bert");
        using var active = model.Intervene(NeuronIntervention.Zero([new ModelNeuron(1, 2), new ModelNeuron(1, 7)], TokenPositions.At(0, 2)),
            NeuronIntervention.Steer([new ModelNeuron(1, 3)], null, 1.0));
        using var scope = torch.NewDisposeScope();
        var hidden = torch.randn(2, 5, model.Config.HiddenSize);
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var untouched = model.LayerHook!(0, hidden);
        Assert.That(DisposeScopeManager.Statistics.ThreadTotalLiveCount - before, Is.EqualTo(0));
        Assert.That(untouched.Handle, Is.EqualTo(hidden.Handle), "an untouched layer passes the same tensor through");
        model.LayerHook!(1, hidden);
        Assert.That(DisposeScopeManager.Statistics.ThreadTotalLiveCount - before, Is.EqualTo(1), "two interventions on one layer share one copy");
    }

    [Test]
    public void OutOfRangeNeuronsNameTheValidRange()
    {
        using var model = Load("tiny-bert");
        var layer = Assert.Throws<ArgumentOutOfRangeException>(() => model.Intervene(NeuronIntervention.Zero([new ModelNeuron(3, 0)])))!;
        Assert.That(layer.Message, Does.Contain("layer 3 is outside [0, 2]"));
        var unit = Assert.Throws<ArgumentOutOfRangeException>(() => model.Intervene(NeuronIntervention.Zero([new ModelNeuron(1, 32)])))!;
        Assert.That(unit.Message, Does.Contain("unit 32 is outside [0, 31]"));
        Assert.That(model.LayerHook, Is.Null, "a rejected intervention is never attached");
    }

    [Test]
    public void APatchSourceOfAnotherLengthIsAClearError()
    {
        using var model = Load("tiny-bert");
        var shorter = model.Forward(new long[,] { { 3, 5, 2 }, { 3, 6, 2 } }, new long[,] { { 1, 1, 1 }, { 1, 1, 1 } });
        using (model.Intervene(NeuronIntervention.Patched([new ModelNeuron(1, 0)], PatchSource.Aligned(shorter))))
        {
            var e = Assert.Throws<ArgumentException>(() => model.Forward(InputA, Mask))!;
            Assert.That(e.Message, Does.Contain("length 3 but the input has 5"));
        }
        Assert.That(model.Forward(InputA, Mask).LayerCount, Is.EqualTo(3), "the model still runs after the failed pass");
    }

    [Test]
    public void NeuronListsParseAndRejectBadEntries()
    {
        Assert.That(ModelNeuron.ParseList("0:47, 7:717"), Is.EqualTo(new[] { new ModelNeuron(0, 47), new ModelNeuron(7, 717) }));
        Assert.That(Assert.Throws<FormatException>(() => ModelNeuron.ParseList("0:47,7"))!.Message, Does.Contain("'7' is not a neuron"));
        Assert.That(Assert.Throws<FormatException>(() => ModelNeuron.ParseList("1:2,1:2"))!.Message, Does.Contain("more than once"));
    }
}
