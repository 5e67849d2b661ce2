namespace CodeNeurons.Torch.Compact;

/// <summary>One label of a <see cref="CompactModel"/>.</summary>
/// <param name="Input">Index of the snippet (or pair) in the input.</param>
/// <param name="Text">The code token (token tagging) or the snippet's text (snippets; the first snippet for pairs).</param>
/// <param name="ClassId">The predicted class (arg-max of the probe's scores; the lowest index wins ties).</param>
/// <param name="Label">The class name.</param>
public sealed record CompactPrediction(int Input, string Text, int ClassId, string Label);
