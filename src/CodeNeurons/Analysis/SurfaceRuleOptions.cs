namespace CodeNeurons.Analysis;

/// <summary>Options of <see cref="Baselines.SurfaceForm(CodeNeurons.Data.ProbingData, SurfaceRuleOptions?, CodeNeurons.Interpretation.ProbeMetric)"/>: which classes the rule's literals name.</summary>
public sealed record SurfaceRuleOptions
{
    /// <summary>The class predicted for a token that opens with a quote (default <c>STRING</c>); ignored when not a class of the data.</summary>
    public string StringClass { get; init; } = "STRING";

    /// <summary>The class predicted for a token that opens with a digit (default <c>NUMBER</c>); ignored when not a class of the data.</summary>
    public string NumberClass { get; init; } = "NUMBER";
}
