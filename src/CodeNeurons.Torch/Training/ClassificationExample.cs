namespace CodeNeurons.Torch.Training;

/// <summary>One example of a sequence-classification task: a snippet (<see cref="Second"/> null) or a pair, and its class id.</summary>
/// <param name="First">The snippet, or the pair's first text (clone detection: a function; code search: the query).</param>
/// <param name="Second">The pair's second text (a function; the code), or null for a snippet task.</param>
/// <param name="Label">The class id, in [0, number of classes).</param>
public sealed record ClassificationExample(string First, string? Second, int Label);
