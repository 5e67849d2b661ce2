using CodeNeurons.Fuzz;

namespace CodeNeurons.Tests.Fuzzing;

/// <summary>Every Torch fuzz target over its seeds plus 200 seeded mutations (the CI smoke run; docs/fuzzing.md).</summary>
public sealed class FuzzSmokeTests
{
    private static IEnumerable<TestCaseData> Targets() => TorchTargets.All.Select(t => new TestCaseData(t).SetArgDisplayNames(t.Name));

    [TestCaseSource(nameof(Targets))]
    public void OnlyDocumentedExceptions(FuzzTarget target) => FuzzSmoke.Run(target, mutations: 200, seed: 20261203, TimeSpan.FromSeconds(30));
}
