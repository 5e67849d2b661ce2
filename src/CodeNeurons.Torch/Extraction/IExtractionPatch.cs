using CodeNeurons.Data;
using CodeNeurons.Torch.Models;

namespace CodeNeurons.Torch.Extraction;

/// <summary>
/// Activation patching during <see cref="TransformerActivationSource.Extract"/>: snippet i of <see cref="Source"/> is the
/// source of input snippet i. The source runs each batch's source windows first; the patch then attaches the run to the
/// model for the batch's own forward pass. Implemented by <c>Interventions.ExtractionPatch</c> (this folder does not
/// depend on Interventions).
/// </summary>
internal interface IExtractionPatch
{
    /// <summary>The source corpus, one snippet per input snippet.</summary>
    IReadOnlyList<CodeSnippet> Source { get; }

    /// <summary>Whether code token t takes code token t (true) or position p takes position p (false).</summary>
    bool ByCodeToken { get; }

    /// <summary>The hidden states the source run must return: 0 to <c>States − 1</c> (up to the highest patched layer).</summary>
    int States { get; }

    /// <summary>The error for an input of another snippet count (a number, or "more" while streaming).</summary>
    Exception CountMismatch(string inputCount);

    /// <summary>Checks input snippet <paramref name="index"/> against its source (subword counts by position, code-token counts by code token).</summary>
    void CheckPair(int index, int sourceSubwords, int inputSubwords, int sourceTokens, int inputTokens);

    /// <summary>
    /// Attaches the batch's source run to the model until disposed: by position when <paramref name="targetTokens"/> is null
    /// (the run has the batch's shape), else by code token (per row and code token, the subword positions in the batch, −1
    /// outside the row's window; and the positions of the source's subwords in the run).
    /// </summary>
    IDisposable Attach(HiddenStates source, IReadOnlyList<int[][]>? targetTokens, IReadOnlyList<int[][]>? sourceTokens, int sequenceLength);
}
