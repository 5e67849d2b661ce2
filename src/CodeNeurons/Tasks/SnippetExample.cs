
namespace CodeNeurons.Tasks;

/// <summary>One function with a binary label (defect detection).</summary>
/// <param name="Idx">The example's <c>idx</c> as written in the file (a number or a string, kept as text).</param>
/// <param name="Code">The function's source (<c>func</c>).</param>
/// <param name="Label">The <c>target</c>: 1 = defective, 0 = clean.</param>
public sealed record SnippetExample(string Idx, string Code, int Label)
{
    /// <summary>The <c>project</c> field (Devign: FFmpeg or qemu), or null when the row has none.</summary>
    public string? Project { get; init; }

    /// <summary>The <c>commit_id</c> field, or null when the row has none.</summary>
    public string? CommitId { get; init; }
}
