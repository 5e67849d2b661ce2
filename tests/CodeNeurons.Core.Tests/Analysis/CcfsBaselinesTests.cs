using CodeNeurons.Interpretation;

namespace CodeNeurons.Tests.Analysis;

public class CcfsBaselinesTests
{
    [Test]
    public void NoneIsTheTrainingMajorityRateOnDevAndTest()
    {
        int[] train = [0, 1, 1, 2, 1, 0];       // majority 1
        int[] dev = [1, 0, 0, 0];               // rate of class 1 = 0.25 (dev's own majority is 0: not used)
        int[] test = [1, 1, 2, 0, 1];
        var b = PositionalShims.None(train, dev, test);
        Assert.That(b.MajorityClass, Is.EqualTo(1));
        Assert.That(b.DevScore, Is.EqualTo(0.25));
        Assert.That(b.TestScore, Is.EqualTo(0.6));
        Assert.That(b.Neurons, Is.Zero);
        Assert.That(PositionalShims.None([2, 0, 0, 2], [0, 2]).MajorityClass, Is.Zero, "ties go to the lowest class");
    }

    [Test]
    public void NoneOnBalancedDataIsChanceAndOracleIsFarAbove()
    {
        var (train, yTrain) = CcfsTestData.Make(800, 1);
        var (dev, yDev) = CcfsTestData.Make(400, 2);
        var (test, yTest) = CcfsTestData.Make(400, 3);
        var none = PositionalShims.None(yTrain, yDev, yTest);
        Assert.That(none.DevScore, Is.EqualTo(0.25).Within(1e-12));
        var oracle = PositionalShims.Oracle(new ManagedElasticNetProbe(CcfsTestData.FastProbe), train, yTrain, dev, yDev, test, yTest);
        Assert.That(oracle.Name, Is.EqualTo("oracle"));
        Assert.That(oracle.Neurons, Is.EqualTo(40));
        Assert.That(oracle.DevScore, Is.GreaterThan(0.95));
        Assert.That(oracle.TestScore, Is.GreaterThan(0.95));
        Assert.That(oracle.Probe, Is.Not.Null);
    }

    [Test]
    public void OracleBadInputsThrow()
    {
        var (train, y) = CcfsTestData.Make(40, 1);
        var probe = new ManagedElasticNetProbe(CcfsTestData.FastProbe);
        Assert.Throws<ArgumentException>(() => PositionalShims.Oracle(probe, train, y, train, y, train, null));
        Assert.Throws<ArgumentException>(() => PositionalShims.Oracle(probe, train, y, train, y.Select(v => v % 2).ToArray()));
        Assert.Throws<ArgumentException>(() => PositionalShims.None([], [0]));
    }
}
