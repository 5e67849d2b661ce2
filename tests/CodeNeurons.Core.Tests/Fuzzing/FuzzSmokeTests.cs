using CodeNeurons.Fuzz;

namespace CodeNeurons.Tests.Fuzzing;

/// <summary>Every core fuzz target over its seeds plus 300 seeded mutations (the CI smoke run; docs/fuzzing.md).</summary>
public sealed class FuzzSmokeTests
{
    private static IEnumerable<TestCaseData> Targets() =>
        CoreTargets.All.Concat(CodeXglueTargets.All).Select(t => new TestCaseData(t).SetArgDisplayNames(t.Name));

    [TestCaseSource(nameof(Targets))]
    public void OnlyDocumentedExceptions(FuzzTarget target) => FuzzSmoke.Run(target, mutations: 300, seed: 20261203, TimeSpan.FromSeconds(30));

    [Test]
    public void MutatorIsDeterministic()
    {
        byte[] input = "{\"a\": [1, 2, 3]}"u8.ToArray();
        var a = new FuzzMutator(5);
        var b = new FuzzMutator(5);
        for (int i = 0; i < 50; i++) Assert.That(a.Mutate(input, input), Is.EqualTo(b.Mutate(input, input)));
    }

    [Test]
    public void LengthPrefixedPartsRoundTrip()
    {
        byte[][] parts = [[1, 2, 3], [], [9, 9]];
        var back = FuzzExecution.SplitLengthPrefixed(FuzzExecution.JoinLengthPrefixed(parts), 3);
        Assert.That(back, Is.EqualTo(parts));
    }
}
