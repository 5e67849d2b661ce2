
namespace CodeNeurons.Data;

/// <summary>Progress of an extraction.</summary>
/// <param name="SnippetsDone">Snippets written so far.</param>
/// <param name="SnippetsTotal">Total snippets when known.</param>
/// <param name="RowsWritten">Rows (tokens or snippets) written so far.</param>
/// <param name="TokensDropped">Code tokens dropped so far because they did not fit the model (truncation).</param>
public sealed record ExtractionProgress(int SnippetsDone, int? SnippetsTotal, long RowsWritten, long TokensDropped = 0);
