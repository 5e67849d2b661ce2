namespace CodeNeurons.Torch.Interventions;

/// <summary>The checks that a patch-source corpus lines up with its input, shared by <see cref="InterventionRunner"/> and <see cref="ExtractionPatch"/>.</summary>
internal static class PatchChecks
{
    /// <summary>The error for a patch source with another number of snippets (<paramref name="inputCount"/> is a number, or "more" while streaming).</summary>
    internal static ArgumentException CountMismatch(string? source, int sourceCount, string? input, string inputCount, string parameter) =>
        new($"The patch source{Name(source)} has {sourceCount} snippets but the input{Name(input)} has {inputCount}; snippet i is patched from snippet i.", parameter);

    /// <summary>Checks snippet <paramref name="index"/> (0-based) of the input against its patch source: as many subwords (by position) or code tokens (by code token).</summary>
    /// <exception cref="ArgumentException">They differ; the message names the snippet (1-based), both files and both lengths.</exception>
    internal static void CheckPair(int index, PatchAlignment alignment, string? source, string? input, int sourceSubwords, int inputSubwords,
        int sourceTokens, int inputTokens, string parameter)
    {
        if (alignment == PatchAlignment.Position && sourceSubwords != inputSubwords)
            throw new ArgumentException($"Snippet {index + 1}: the patch source{Name(source)} has {sourceSubwords} subwords but the input{Name(input)} has {inputSubwords}; patch from inputs of the same length, or align by code token (--align code-token).", parameter);
        if (alignment == PatchAlignment.CodeToken && sourceTokens != inputTokens)
            throw new ArgumentException($"Snippet {index + 1}: the patch source{Name(source)} has {sourceTokens} code tokens but the input{Name(input)} has {inputTokens}; aligning by code token needs the same count.", parameter);
    }

    private static string Name(string? name) => name is null ? "" : " " + name;
}
