using System.Text.Json.Serialization;

namespace CodeNeurons.Analysis;

/// <summary>The names of <see cref="CcfsStage"/> values in config files and reports.</summary>
public static class CcfsStageNames
{
    private static readonly (CcfsStage Stage, string Name)[] Table =
    [
        (CcfsStage.Oracle, "oracle"), (CcfsStage.None, "none"), (CcfsStage.LayerSelection, "layerwise"), (CcfsStage.Clustering, "clustering"),
        (CcfsStage.Lca, "lca"), (CcfsStage.Probeless, "probeless"), (CcfsStage.Combined, "ccfs"), (CcfsStage.Selectivity, "selectivity"),
    ];

    /// <summary>Every stage name, in the order the stages run.</summary>
    public static IReadOnlyList<string> All { get; } = Table.Select(t => t.Name).ToArray();

    /// <summary>The name of one stage.</summary>
    /// <param name="stage">A single stage (not a combination).</param>
    /// <returns>Its config-file name.</returns>
    /// <exception cref="ArgumentException">Not a single stage.</exception>
    public static string Of(CcfsStage stage)
    {
        foreach (var (s, n) in Table) if (s == stage) return n;
        throw new ArgumentException($"{stage} is not a single stage.", nameof(stage));
    }

    /// <summary>The stage of a config-file name.</summary>
    /// <param name="name">A name from <see cref="All"/>.</param>
    /// <returns>The stage.</returns>
    /// <exception cref="ArgumentException">An unknown name (the message lists the names).</exception>
    public static CcfsStage Parse(string name)
    {
        foreach (var (s, n) in Table) if (n == name) return s;
        throw new ArgumentException($"Unknown stage '{name}'; the stages are {string.Join(", ", All)}.", nameof(name));
    }

    /// <summary>The names of the stages in <paramref name="stages"/>, in run order (the oracle first).</summary>
    /// <param name="stages">A combination of stages.</param>
    /// <returns>The names.</returns>
    public static IReadOnlyList<string> Names(CcfsStage stages) =>
        Table.Where(t => t.Stage == CcfsStage.Oracle || (stages & t.Stage) == t.Stage).Select(t => t.Name).ToArray();
}
