using CodeNeurons.Data;

namespace CodeNeurons.Analysis;

/// <summary>A labelled token corpus (NeuroX .in/.label pairs) from which a balanced probing dataset is built and extracted.</summary>
public sealed record CcfsCorpusConfig
{
    /// <summary>The .in files (one sentence per line, tokens separated by spaces).</summary>
    public IReadOnlyList<string> Tokens { get; init; } = [];

    /// <summary>The .label files, parallel to <see cref="Tokens"/>.</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];

    /// <summary>A dataset preset of the paper (<c>CodeNeurons.Concepts.PaperPresets.Names</c>: "java-six-classes", "python-four-classes") or null.</summary>
    public string? Preset { get; init; }

    /// <summary>The classes probed; null for the preset's (or every class).</summary>
    public IReadOnlyList<string>? Classes { get; init; }

    /// <summary>Training tokens per class; null for the preset's.</summary>
    public int? TrainPerClass { get; init; }

    /// <summary>Dev tokens per class; null for the preset's.</summary>
    public int? ValidPerClass { get; init; }

    /// <summary>Test tokens per class; null for the preset's.</summary>
    public int? TestPerClass { get; init; }

    /// <summary>Seed of the dataset's sampling.</summary>
    public int Seed { get; init; }

    /// <summary>A Hugging Face folder; null for the embedded all-MiniLM-L6-v2.</summary>
    public string? Model { get; init; }

    /// <summary>How a code token's subwords become one row (not <see cref="TokenAggregation.None"/>); null for the protocol's: last (strict), average (paper, as the seed's extraction).</summary>
    public TokenAggregation? Aggregation { get; init; }

    /// <summary>
    /// A separate valid file (.in) with <see cref="ValidLabels"/>: then <see cref="Tokens"/> must be one training file, dev
    /// comes from this file and test from <see cref="TestTokens"/>, selected by the seed paper's rules
    /// (<see cref="Concepts.SeedSplitDatasetBuilder"/>, preset <c>java-six-classes</c> → <see cref="Concepts.PaperPresets.JavaSixClassesSeedSplits"/>).
    /// Null builds all three splits from <see cref="Tokens"/> (<see cref="Concepts.ProbingDatasetBuilder"/>).
    /// </summary>
    public string? ValidTokens { get; init; }

    /// <summary>The .label file of <see cref="ValidTokens"/>.</summary>
    public string? ValidLabels { get; init; }

    /// <summary>The separate test file (.in); required with <see cref="ValidTokens"/>.</summary>
    public string? TestTokens { get; init; }

    /// <summary>The .label file of <see cref="TestTokens"/>.</summary>
    public string? TestLabels { get; init; }

    /// <summary>The hidden states extracted; null for all.</summary>
    public IReadOnlyList<int>? ExtractLayers { get; init; }

    /// <summary>Sentences per model batch (≥ 1).</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>The model's maximum sequence length; null for the model's own.</summary>
    public int? MaxLength { get; init; }

    /// <summary>cpu or cuda for the model.</summary>
    public string Device { get; init; } = "cpu";
}
