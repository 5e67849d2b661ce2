using CodeNeurons.Data;
using CodeNeurons.Torch.Extraction;
using CodeNeurons.Torch.Models;

namespace CodeNeurons.Torch.Interventions;

/// <summary>
/// Activation patching during extraction, attached by <see cref="ModelInterventions.PatchFrom"/>: while it is active,
/// <see cref="TransformerActivationSource.Extract"/> runs, for each batch it forms, the batch's snippets of the patch-source
/// corpus first (snippet i is the source of input snippet i) and then the batch itself with the chosen neurons set to the
/// source's values (<see cref="NeuronIntervention.Patched"/>), and writes the patched hidden states.
/// </summary>
/// <remarks>
/// By position the source batch has the input batch's composition (the same windows of same-length snippets), so patching
/// every neuron of layer l writes, at layers ≥ l, exactly what plain extraction of the source writes. Memory stays that of one
/// batch: the source run of a batch is dropped when the batch is done. See <c>docs/interventions.md</c>.
/// </remarks>
public sealed class ExtractionPatch : IDisposable, IExtractionPatch
{
    private readonly TransformerActivationSource _source;
    private readonly ExtractionPatchOptions _options;
    private readonly IReadOnlyList<CodeSnippet> _corpus;
    private int _disposed;

    internal ExtractionPatch(TransformerActivationSource source, IReadOnlyList<ModelNeuron> neurons, IReadOnlyList<CodeSnippet> corpus, ExtractionPatchOptions options)
    {
        _source = source;
        _options = options;
        _corpus = [.. corpus];
        Neurons = [.. neurons];
        source.Patch = this;
    }

    /// <summary>The patched neurons.</summary>
    public IReadOnlyList<ModelNeuron> Neurons { get; }

    /// <summary>The alignment, positions and names in effect.</summary>
    public ExtractionPatchOptions Options => _options;

    /// <summary>Snippets in the patch-source corpus (the input must have as many).</summary>
    public int SourceSnippets => _corpus.Count;

    /// <summary>Whether the patch is still attached.</summary>
    public bool IsActive => Volatile.Read(ref _disposed) == 0;

    /// <summary>Detaches the patch; later extractions write unpatched states.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        if (ReferenceEquals(_source.Patch, this)) _source.Patch = null;
    }

    IReadOnlyList<CodeSnippet> IExtractionPatch.Source => _corpus;

    bool IExtractionPatch.ByCodeToken => _options.Alignment == PatchAlignment.CodeToken;

    int IExtractionPatch.States => Neurons.Max(n => n.Layer) + 1;

    Exception IExtractionPatch.CountMismatch(string inputCount) =>
        PatchChecks.CountMismatch(_options.SourceName, _corpus.Count, _options.InputName, inputCount, "corpus");

    void IExtractionPatch.CheckPair(int index, int sourceSubwords, int inputSubwords, int sourceTokens, int inputTokens) =>
        PatchChecks.CheckPair(index, _options.Alignment, _options.SourceName, _options.InputName, sourceSubwords, inputSubwords, sourceTokens, inputTokens, "corpus");

    IDisposable IExtractionPatch.Attach(HiddenStates source, IReadOnlyList<int[][]>? targetTokens, IReadOnlyList<int[][]>? sourceTokens, int sequenceLength)
    {
        var patch = targetTokens is null ? PatchSource.Aligned(source) : PatchSource.ByCodeToken(source, targetTokens, sourceTokens!, sequenceLength);
        return _source.Model.Intervene(NeuronIntervention.Patched(Neurons, patch, _options.Positions));
    }
}
