
namespace CodeNeurons.Data;

/// <summary>Conveniences over <see cref="IActivationSource"/>.</summary>
public static class ActivationSourceExtensions
{
    /// <summary>Extracts the whole corpus into memory.</summary>
    /// <param name="source">The source.</param>
    /// <param name="corpus">The snippets.</param>
    /// <param name="progress">Optional progress.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>All rows, with tokens and sentence indices.</returns>
    public static ActivationSet Extract(this IActivationSource source, IEnumerable<CodeSnippet> corpus, IProgress<ExtractionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        using var sink = new InMemoryActivationSink();
        source.Extract(corpus, sink, progress, cancellationToken);
        return sink.Result ?? throw new InvalidOperationException("The source did not complete the sink.");
    }
}
