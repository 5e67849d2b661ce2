using CodeNeurons.Tasks;

namespace CodeNeurons.Tests.Tasks;

public sealed class PaperSplitsTests
{
    // Golden values from NumPy 1.24.2 (Debian 12 python3-numpy):
    //   np.random.seed(0); np.random.permutation(10)
    //   np.random.seed(7361); a = np.arange(20); np.random.shuffle(a)
    //   np.random.seed(7361); a = np.arange(100000); np.random.shuffle(a); a[:5], a[-3:]
    [Test]
    public void ShuffleEqualsNumpyLegacyRandomState()
    {
        var a = Enumerable.Range(0, 10).ToArray();
        new NumpyRandomState(0).Shuffle(a);
        Assert.That(a, Is.EqualTo(new[] { 2, 8, 4, 9, 1, 6, 7, 3, 0, 5 }));
        var b = Enumerable.Range(0, 20).ToArray();
        new NumpyRandomState(7361).Shuffle(b);
        Assert.That(b, Is.EqualTo(new[] { 3, 1, 10, 5, 16, 8, 4, 17, 14, 18, 7, 15, 19, 13, 6, 0, 11, 12, 9, 2 }));
        var c = Enumerable.Range(0, 100000).ToArray();
        new NumpyRandomState(7361).Shuffle(c);
        Assert.That(c[..5], Is.EqualTo(new[] { 82899, 38599, 96250, 78233, 85360 }));
        Assert.That(c[^3..], Is.EqualTo(new[] { 59371, 39116, 37001 }));
    }

    [Test]
    public void DalviSplitIs9010OfTheNumpyPermutation()
    {
        var (train, dev) = PaperSplits.DalviIndices(20);
        Assert.That(train, Is.EqualTo(new[] { 3, 1, 10, 5, 16, 8, 4, 17, 14, 18, 7, 15, 19, 13, 6, 0, 11, 12 }));
        Assert.That(dev, Is.EqualTo(new[] { 9, 2 }));
        for (int n = 2; n <= 257; n += 17)
        {
            var (tr, dv) = PaperSplits.DalviIndices(n);
            Assert.That(tr, Has.Length.EqualTo((int)(n * 0.9)));
            Assert.That(tr.Concat(dv).Order(), Is.EqualTo(Enumerable.Range(0, n)));
        }
        Assert.That(() => PaperSplits.DalviIndices(1), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => PaperSplits.DalviIndices(10, -1), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => PaperSplits.DalviIndices(10, 1, 1.0), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void CreateUsesTheOfficialValidFileAsTest()
    {
        var train = Enumerable.Range(0, 20).Select(i => new SnippetExample(i.ToString(), "f", i % 2)).ToArray();
        var valid = new[] { new SnippetExample("v", "g", 1) };
        var split = PaperSplits.Create(train, valid);
        Assert.That(split.Train.Select(e => e.Idx), Is.EqualTo(new[] { 3, 1, 10, 5, 16, 8, 4, 17, 14, 18, 7, 15, 19, 13, 6, 0, 11, 12 }.Select(i => i.ToString())));
        Assert.That(split.Dev.Select(e => e.Idx), Is.EqualTo(new[] { "9", "2" }));
        Assert.That(split.Test, Is.EqualTo(valid));
    }

    [Test]
    public void StratifiedSampleKeepsTheRatioAndBalancesWhenAsked()
    {
        var pairs = Enumerable.Range(0, 1000).Select(i => new PairExample(i.ToString(), "a", "b", i < 800 ? 0 : 1)).ToArray();
        var sample = PaperSplits.StratifiedSample(pairs, p => p.Label, 0.1, balance: false, seed: 3);
        Assert.That(sample.Count(p => p.Label == 0), Is.EqualTo(80));
        Assert.That(sample.Count(p => p.Label == 1), Is.EqualTo(20));
        Assert.That(sample.Select(p => int.Parse(p.Idx)), Is.Ordered, "original order kept");
        var balanced = PaperSplits.StratifiedSample(pairs, p => p.Label, 0.1, balance: true, seed: 3);
        Assert.That(balanced.Count(p => p.Label == 0), Is.EqualTo(20));
        Assert.That(balanced.Count(p => p.Label == 1), Is.EqualTo(20));
        Assert.That(PaperSplits.StratifiedSample(pairs, p => p.Label, 0.1, true, 3), Is.EqualTo(balanced), "same seed, same sample");
        Assert.That(PaperSplits.StratifiedSample(pairs, p => p.Label, 0.1, true, 4), Is.Not.EqualTo(balanced));
        Assert.That(() => PaperSplits.StratifiedSample(pairs, p => 2, 0.1, false, 0), Throws.ArgumentException);
        Assert.That(() => PaperSplits.StratifiedSample(pairs.Take(10).ToArray(), p => p.Label, 0.5, true, 0), Throws.ArgumentException);
        Assert.That(() => PaperSplits.StratifiedSample(pairs, p => p.Label, 0, false, 0), Throws.TypeOf<ArgumentOutOfRangeException>());
    }
}
