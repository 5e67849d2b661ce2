namespace CodeNeurons.Analysis;

/// <summary>
/// The splits of a CCFS config as raw activation folders (<c>X.f32</c>, <c>meta.json</c> and <c>y.i32</c>) read row by
/// row: <c>codeneurons ccfs</c> then runs <see cref="StreamedCcfs"/>, never loading a dense matrix (docs/ccfs.md,
/// "Wide inputs").
/// </summary>
public sealed record CcfsRowsConfig
{
    /// <summary>The training split's raw folder (after <see cref="CcfsConfigFile.Load"/>: an absolute path).</summary>
    public string? Train { get; init; }

    /// <summary>The dev split's raw folder (every choice is made on it).</summary>
    public string? Dev { get; init; }

    /// <summary>The optional test split's raw folder (scored only).</summary>
    public string? Test { get; init; }
}
