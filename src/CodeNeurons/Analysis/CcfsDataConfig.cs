using CodeNeurons.Data;

namespace CodeNeurons.Analysis;

/// <summary>The data of a CCFS config: train + dev (+ test) files, or a corpus.</summary>
public sealed record CcfsDataConfig
{
    /// <summary>The training split.</summary>
    public CcfsSplitFiles? Train { get; init; }

    /// <summary>The dev split (every choice is made on it).</summary>
    public CcfsSplitFiles? Dev { get; init; }

    /// <summary>The optional test split.</summary>
    public CcfsSplitFiles? Test { get; init; }

    /// <summary>A corpus to build and extract the splits from, instead of the files.</summary>
    public CcfsCorpusConfig? Corpus { get; init; }
}
