
namespace CodeNeurons.Data;

/// <summary>A code token of a snippet: a span of its text (UTF-16 code units).</summary>
/// <param name="Start">Start index in <see cref="CodeSnippet.Text"/>.</param>
/// <param name="Length">Length (≥ 1).</param>
public readonly record struct TokenSpan(int Start, int Length)
{
    /// <summary>End index (exclusive).</summary>
    public int End => Start + Length;
}
