
namespace CodeNeurons.Interpretation;

/// <summary>Options of <see cref="NeuronEvidence.ForConcept"/>.</summary>
public sealed record NeuronEvidenceOptions
{
    /// <summary>Random neurons drawn (without replacement) from the candidates' layers for the chance baseline (default 100; 0 = no baseline).</summary>
    public int RandomNeurons { get; init; } = 100;

    /// <summary>Seed of the random-neuron draw (default 0): the same seed draws the same neurons.</summary>
    public int Seed { get; init; }

    /// <summary>A token type needs at least this many occurrences to be listed among a neuron's top tokens (default 3).</summary>
    public int MinTokenCount { get; init; } = 3;

    /// <summary>Top tokens listed per neuron (default 8).</summary>
    public int TopTokens { get; init; } = 8;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (RandomNeurons < 0) throw new ArgumentException($"RandomNeurons must be 0 or more, not {RandomNeurons}.", nameof(RandomNeurons));
        if (MinTokenCount < 1) throw new ArgumentException($"MinTokenCount must be at least 1, not {MinTokenCount}.", nameof(MinTokenCount));
        if (TopTokens < 0) throw new ArgumentException($"TopTokens must be 0 or more, not {TopTokens}.", nameof(TopTokens));
    }
}
