using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using CodeNeurons.Benchmarks;

namespace CodeNeurons.Tests.Benchmarks;

/// <summary>Runs every benchmark once, in-process, on tiny sizes, so the benchmarks never rot (ML.NET's BenchmarksProjectIsNotBroken).</summary>
[NonParallelizable]
public class BenchmarksSmokeTests
{
    private static IEnumerable<Type> BenchmarkTypes() =>
        typeof(BenchmarkSizes).Assembly.GetTypes()
            .Where(t => t.IsPublic && !t.IsAbstract && t.GetMethods().Any(m => m.GetCustomAttributes(typeof(BenchmarkDotNet.Attributes.BenchmarkAttribute), false).Length > 0))
            .OrderBy(t => t.Name);

    [TestCaseSource(nameof(BenchmarkTypes))]
    public void BenchmarkRunsOnceWithADryJob(Type type)
    {
        BenchmarkSizes.Smoke = true;
        try
        {
            var config = ManualConfig.CreateEmpty()
                .AddJob(Job.Dry.WithToolchain(InProcessEmitToolchain.Instance))
                .AddLogger(NullLogger.Instance)
                .WithOptions(ConfigOptions.DisableOptimizationsValidator | ConfigOptions.DisableLogFile)
                .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "codeneurons-bdn-smoke"));
            var summary = BenchmarkRunner.Run(type, config);
            Assert.That(summary.HasCriticalValidationErrors, Is.False, string.Join("; ", summary.ValidationErrors.Select(e => e.Message)));
            Assert.That(summary.Reports, Is.Not.Empty);
            foreach (var report in summary.Reports)
                Assert.That(report.Success, Is.True, $"{report.BenchmarkCase.DisplayInfo} failed");
        }
        finally
        {
            BenchmarkSizes.Smoke = false;
        }
    }
}
