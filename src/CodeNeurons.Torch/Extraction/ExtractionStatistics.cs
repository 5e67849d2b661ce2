using CodeNeurons.Torch.Models;

namespace CodeNeurons.Torch.Extraction;

/// <summary>Counters of the last <see cref="TransformerActivationSource"/> extraction.</summary>
/// <param name="Snippets">Snippets written.</param>
/// <param name="Rows">Rows written.</param>
/// <param name="Sequences">Sequences (windows) run through the model.</param>
/// <param name="Batches">Forward passes.</param>
/// <param name="PaddedPositions">Padding positions in all batches (the cost of batching).</param>
/// <param name="WindowedSnippets">Snippets longer than the maximum length that were split into windows.</param>
/// <param name="TruncatedSnippets">Snippets cut by <see cref="TransformerExtractionOptions.Truncate"/>.</param>
/// <param name="TokensDropped">Code tokens dropped by truncation.</param>
/// <param name="TokensWithoutOwnSubword">Code tokens that no subword belonged to and that took the nearest subword.</param>
public sealed record ExtractionStatistics(
    int Snippets, long Rows, int Sequences, int Batches, long PaddedPositions,
    int WindowedSnippets, int TruncatedSnippets, long TokensDropped, long TokensWithoutOwnSubword);
