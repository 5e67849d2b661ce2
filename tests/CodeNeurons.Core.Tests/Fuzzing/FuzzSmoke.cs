using System.Diagnostics;
using CodeNeurons.Fuzz;

namespace CodeNeurons.Tests;

/// <summary>
/// The CI smoke run of a fuzz target (fuzz/CodeNeurons.Fuzz/Targets): its seeds plus deterministic mutations must raise
/// only the exceptions the reader documents, each within a time limit. The fuzzing proper (coverage-guided, millions of
/// executions) is fuzz/run.sh; see docs/fuzzing.md.
/// </summary>
internal static class FuzzSmoke
{
    public static void Run(FuzzTarget target, int mutations, int seed, TimeSpan limit)
    {
        var seeds = target.Seeds(TestData.Fixture()).ToList();
        Assert.That(seeds, Is.Not.Empty, $"{target.Name} has no seeds in tests/Fixtures");
        var failures = new List<string>();
        var work = Task.Run(() =>
        {
            using var scratch = new FuzzScratch();
            var mutator = new FuzzMutator(seed, maxLength: 1 << 20);
            for (int i = 0; i < seeds.Count + mutations; i++)
            {
                byte[] input = i < seeds.Count ? seeds[i] : mutator.Mutate(seeds[i % seeds.Count], seeds[(i * 7 + 3) % seeds.Count]);
                var (outcome, ex) = FuzzExecution.Execute(target, input, scratch);
                if (outcome == FuzzOutcome.Crash)
                    failures.Add($"input {i} ({input.Length} bytes, base64 {Convert.ToBase64String(input.AsSpan(0, Math.Min(input.Length, 200)))}…): {ex}");
            }
        });
        var sw = Stopwatch.StartNew();
        Assert.That(work.Wait(limit), Is.True, $"{target.Name}: the smoke run did not finish in {limit.TotalSeconds} s (a hang?)");
        TestContext.Out.WriteLine($"{target.Name}: {seeds.Count} seeds + {mutations} mutations");
        Assert.That(failures, Is.Empty, $"{target.Name}: undocumented exceptions:\n{string.Join("\n\n", failures.Take(3))}");
    }
}
