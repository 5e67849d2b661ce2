namespace CodeNeurons.Torch.Interventions;

/// <summary>How <see cref="ModelInterventions.PatchFrom"/> lines a patch-source corpus up with the extracted input.</summary>
public sealed record ExtractionPatchOptions
{
    /// <summary>
    /// <see cref="PatchAlignment.Position"/> (default): position p of each window takes position p of the same window of the
    /// source snippet, which must have as many subwords. <see cref="PatchAlignment.CodeToken"/>: code token t takes code token
    /// t of the source snippet (as <see cref="PatchSource.ByCodeToken"/>), which must have as many code tokens.
    /// </summary>
    public PatchAlignment Alignment { get; init; } = PatchAlignment.Position;

    /// <summary>Where to patch (positions in each window's sequence, special tokens included); null for every position.</summary>
    public TokenPositions? Positions { get; init; }

    /// <summary>The patch source's name in error messages (e.g. its file), or null.</summary>
    public string? SourceName { get; init; }

    /// <summary>The input's name in error messages (e.g. its file), or null.</summary>
    public string? InputName { get; init; }
}
