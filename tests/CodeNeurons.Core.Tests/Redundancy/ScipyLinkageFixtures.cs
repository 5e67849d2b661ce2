using System.Text.Json;
using CodeNeurons.Redundancy;

namespace CodeNeurons.Tests.Redundancy;

/// <summary>Reads Fixtures/scipy/linkage_fixtures.json (made by make_linkage_fixtures.py with SciPy).</summary>
internal static class ScipyLinkageFixtures
{
    internal sealed record Cut(double Threshold, int[] Labels);

    internal sealed record MethodResult(MergeStep[] Z, Cut[] Cuts);

    internal sealed record Case(string Name, int Count, double[] Distances, Dictionary<LinkageMethod, MethodResult> Methods);

    private static readonly Lazy<(string Scipy, Case[] Cases)> Data = new(Load);

    public static string ScipyVersion => Data.Value.Scipy;

    public static IReadOnlyList<Case> Cases => Data.Value.Cases;

    public static Case Get(string name) => Cases.Single(c => c.Name == name);

    public static IEnumerable<TestCaseData> CaseMethodPairs()
    {
        foreach (var c in Cases)
            foreach (var m in c.Methods.Keys)
                yield return new TestCaseData(c.Name, m).SetName($"{c.Name}_{m}");
    }

    private static (string, Case[]) Load()
    {
        string path = Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "scipy", "linkage_fixtures.json");
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = doc.RootElement;
        var cases = new List<Case>();
        foreach (var c in root.GetProperty("cases").EnumerateArray())
        {
            var methods = new Dictionary<LinkageMethod, MethodResult>();
            foreach (var m in c.GetProperty("methods").EnumerateObject())
            {
                var method = m.Name switch
                {
                    "average" => LinkageMethod.Average,
                    "complete" => LinkageMethod.Complete,
                    "single" => LinkageMethod.Single,
                    _ => throw new InvalidDataException(m.Name),
                };
                var z = m.Value.GetProperty("Z").EnumerateArray().Select(r =>
                {
                    var a = r.EnumerateArray().ToArray();
                    return new MergeStep(a[0].GetInt32(), a[1].GetInt32(), a[2].GetDouble(), a[3].GetInt32());
                }).ToArray();
                var cuts = m.Value.GetProperty("cuts").EnumerateArray().Select(x => new Cut(
                    x.GetProperty("t").GetDouble(),
                    x.GetProperty("labels").EnumerateArray().Select(v => v.GetInt32()).ToArray())).ToArray();
                methods[method] = new MethodResult(z, cuts);
            }
            cases.Add(new Case(
                c.GetProperty("name").GetString()!,
                c.GetProperty("n").GetInt32(),
                c.GetProperty("y").EnumerateArray().Select(v => v.GetDouble()).ToArray(),
                methods));
        }
        return (root.GetProperty("scipy").GetString()!, cases.ToArray());
    }
}
