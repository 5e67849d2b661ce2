namespace CodeNeurons.Reporting;

/// <summary>One neuron's activations over one or more sentences, drawn as NeuroX's <c>visualize_activations</c> does.</summary>
public sealed record ActivationMap
{
    /// <summary>The neuron's global index.</summary>
    public int NeuronId { get; init; }

    /// <summary>A caption (for example <c>layer 9, unit 412: KEYWORD</c>).</summary>
    public string? Label { get; init; }

    /// <summary>The sentences, each a list of tokens with their activations.</summary>
    public IReadOnlyList<IReadOnlyList<TokenActivation>>? Sentences { get; init; }

    /// <summary>The |value| drawn at full intensity; the largest |value| over all sentences when null.</summary>
    public double? MaxAbsValue { get; init; }

    /// <summary>A short caption per sentence (same order, e.g. "fires most: 3.2 on 42"), drawn above it; null or empty entries draw none.</summary>
    public IReadOnlyList<string?>? SentenceCaptions { get; init; }

    /// <summary>
    /// Sentences drawn side by side per row of the figure: 2 draws sentences 0 and 1 next to each other, then 2 and 3, …
    /// (a pair's first and second input); null or 1 draws one sentence under the other.
    /// </summary>
    public int? Columns { get; init; }
}
