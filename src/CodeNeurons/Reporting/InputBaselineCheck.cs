using System.Globalization;
using CodeNeurons.Analysis;

namespace CodeNeurons.Reporting;

/// <summary>
/// Compares the oracle with the input baselines of a <see cref="CcfsReport"/> (<see cref="CcfsReport.InputBaselines"/>):
/// on test when the oracle and the baseline have test scores, else on dev.
/// </summary>
internal static class InputBaselineCheck
{
    /// <summary>The baselines' scores in one clause, e.g. <c>"Without the model, the input alone gives Surface rule 50.0 %, Context only 62.9 % test accuracy"</c>; null without baselines.</summary>
    public static string? Summary(CcfsReport report)
    {
        if (report.InputBaselines.Count == 0) return null;
        bool test = UsesTest(report);
        return "Without the model, the input alone gives " + string.Join(", ", report.InputBaselines.Select(b => $"{b.Name} {Percent(Score(b, test))}"))
            + $" {(test ? "test" : "dev")} accuracy";
    }

    /// <summary>One warning per input baseline the oracle does not beat.</summary>
    public static IReadOnlyList<string> Warnings(CcfsReport report)
    {
        bool test = UsesTest(report);
        string split = test ? "test" : "dev";
        double oracle = Score(report.Oracle, test);
        return report.InputBaselines.Where(b => oracle <= Score(b, test)).Select(b => string.Create(CultureInfo.InvariantCulture,
            $"The model's neurons carry no more than the input's surface: the oracle (a probe on all {report.InputNeurons:N0} neurons) reaches {Percent(oracle)} {split} accuracy, at or below the {b.Name.ToLowerInvariant()} baseline's {Percent(Score(b, test))} ({b.Detail}). Concept claims about these neurons are not supported by this task.")).ToList();
    }

    private static bool UsesTest(CcfsReport report) => report.Oracle.TestScore is not null && report.InputBaselines.All(b => b.TestScore is not null);

    private static double Score(CcfsRow row, bool test) => test ? row.TestScore!.Value : row.DevScore;

    private static string Percent(double v) => (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";
}
