using CodeNeurons.Data;

namespace CodeNeurons.Analysis;

/// <summary>The data of a CCFS config: train + dev (+ test) files, raw folders read row by row (<see cref="Rows"/>), or a corpus.</summary>
public sealed record CcfsDataConfig
{
    /// <summary>The training split.</summary>
    public CcfsSplitFiles? Train { get; init; }

    /// <summary>The dev split (every choice is made on it).</summary>
    public CcfsSplitFiles? Dev { get; init; }

    /// <summary>The optional test split.</summary>
    public CcfsSplitFiles? Test { get; init; }

    /// <summary>Raw folders with <c>y.i32</c> read row by row by <see cref="StreamedCcfs"/>, instead of the files.</summary>
    public CcfsRowsConfig? Rows { get; init; }

    /// <summary>A corpus to build and extract the splits from, instead of the files.</summary>
    public CcfsCorpusConfig? Corpus { get; init; }
}
