
namespace CodeNeurons.Data;

/// <summary>
/// Produces activations of a model over code: every layer's activations per code token, per subword token or per
/// snippet. Implementations: the TorchSharp transformer source in CodeNeurons.Torch.
/// </summary>
public interface IActivationSource : IDisposable
{
    /// <summary>The layer structure of the rows this source writes.</summary>
    LayerLayout Layout { get; }

    /// <summary>Extracts activations for every snippet, in order, into <paramref name="sink"/> (memory bounded by one batch).</summary>
    /// <param name="corpus">The snippets.</param>
    /// <param name="sink">Receives the rows; this method calls its Begin, Write and Complete.</param>
    /// <param name="progress">Optional progress reports.</param>
    /// <param name="cancellationToken">Cancels the work; the sink is then left incomplete (files are not written).</param>
    void Extract(IEnumerable<CodeSnippet> corpus, IActivationSink sink, IProgress<ExtractionProgress>? progress = null, CancellationToken cancellationToken = default);
}
