namespace CodeNeurons.Torch.Interventions;

/// <summary>Progress of <see cref="InterventionRunner.Run"/>.</summary>
/// <param name="Stage">What runs: "means", "probe" or "effects".</param>
/// <param name="SnippetsDone">Snippets finished in this stage.</param>
/// <param name="SnippetsTotal">Snippets in this stage.</param>
public sealed record InterventionProgress(string Stage, int SnippetsDone, int SnippetsTotal);
