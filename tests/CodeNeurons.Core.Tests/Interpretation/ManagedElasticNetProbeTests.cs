using CodeNeurons.Data;
using CodeNeurons.Interpretation;
using CodeNeurons.Tests.Contracts;

namespace CodeNeurons.Tests.Interpretation;

/// <summary>The probe contract on <see cref="ManagedElasticNetProbe"/>, plus the probe file format.</summary>
[TestFixture]
public sealed class ManagedElasticNetProbeTests : ProbeContract
{
    protected override IConceptProbe Make(ProbeOptions options) => new ManagedElasticNetProbe(options);

    [Test]
    public void SaveAndLoadRoundTrip()
    {
        var (train, y) = ProbeTestData.Classification(200, 10, 3, seed: 11);
        var probe = new ManagedElasticNetProbe(Base).Fit(train, y).Probe;
        string path = Path.Combine(TempDir, "probe.json");
        probe.Save(path);
        var back = LinearProbe.Load(path, expectedNeurons: 10);
        Assert.That(back.Weights.ToArray(), Is.EqualTo(probe.Weights.ToArray()));
        Assert.That(back.Bias, Is.EqualTo(probe.Bias));
        Assert.That(back.Means, Is.EqualTo(probe.Means));
        Assert.That(back.NeuronIds, Is.EqualTo(probe.NeuronIds));
        Assert.That(back.Predict(train), Is.EqualTo(probe.Predict(train)));
        var e = Assert.Throws<ArgumentException>(() => LinearProbe.Load(path, expectedNeurons: 12));
        Assert.That(e!.Message, Does.Contain("10 neurons").And.Contain("12"));
        var (other, _) = ProbeTestData.Classification(5, 12, 3, seed: 1);
        var e2 = Assert.Throws<ArgumentException>(() => back.Predict(other));
        Assert.That(e2!.Message, Does.Contain("10 neurons").And.Contain("12"));
        File.WriteAllText(path, "{\"format\":\"something-else\"}");
        Assert.Throws<InvalidDataException>(() => LinearProbe.Load(path));
    }

    [Test]
    public void NonFiniteActivationsAreRejectedBeforeAnyProbe()
    {
        var e = Assert.Throws<ArgumentException>(() => ActivationSet.Create([1f, float.NaN], 1, LayerLayout.Flat(2)));
        Assert.That(e!.Message, Does.Contain("finite"));
    }
}
