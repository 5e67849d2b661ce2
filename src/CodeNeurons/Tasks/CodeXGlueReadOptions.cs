using System.Text;
using System.Text.Json;

namespace CodeNeurons.Tasks;

/// <summary>Limits of <see cref="CodeXGlueReader"/>, so that a wrong or hostile file fails fast instead of filling memory.</summary>
public sealed record CodeXGlueReadOptions
{
    /// <summary>Longest line of a <c>.jsonl</c> or pair file, in bytes (default 4 MiB; Devign's longest function is about 0.1 MiB).</summary>
    public int MaxLineBytes { get; init; } = 4 << 20;

    /// <summary>Largest JSON-array file (WebQuery / CoSQA), in bytes (default 512 MiB; CoSQA's training file is about 13 MB).</summary>
    public long MaxJsonFileBytes { get; init; } = 512L << 20;

    internal void Validate()
    {
        if (MaxLineBytes < 16) throw new ArgumentException($"MaxLineBytes is {MaxLineBytes}; it must be at least 16.", "options");
        if (MaxJsonFileBytes < 16) throw new ArgumentException($"MaxJsonFileBytes is {MaxJsonFileBytes}; it must be at least 16.", "options");
    }
}
