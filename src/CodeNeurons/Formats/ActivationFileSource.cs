using CodeNeurons.Data;

namespace CodeNeurons.Formats;

/// <summary>
/// An <see cref="IActivationSource"/> backed by activations extracted earlier (a NeuroX JSON or HDF5 file, a raw folder,
/// or an <see cref="ActivationSet"/>): the rows of each requested snippet are looked up by the snippet's code tokens
/// among the stored sentences. Analyses written against <see cref="IActivationSource"/> then run from a file without
/// the model — NeuroX's "extract once, analyse many times".
/// </summary>
/// <remarks>
/// A snippet matches a stored sentence with exactly the same code tokens (ordinal comparison); repeated sentences
/// share their rows (a model's activations depend only on the sentence). Any subset of the stored sentences can be
/// requested, in any order. The stored set is held in memory; the source needs its tokens and sentence indices.
/// </remarks>
public sealed class ActivationFileSource : IActivationSource
{
    private readonly ActivationSet _set;
    private readonly Dictionary<string, (int Start, int Count)> _sentences = new(StringComparer.Ordinal);
    private readonly string _origin;

    /// <summary>A source over activations in memory.</summary>
    /// <param name="activations">Stored rows with <see cref="ActivationSet.Tokens"/> and <see cref="ActivationSet.SentenceIndices"/>.</param>
    /// <param name="origin">Named in errors (e.g. the file the set came from); null for "the stored activations".</param>
    /// <exception cref="ArgumentException">The set has no tokens or no sentence indices.</exception>
    public ActivationFileSource(ActivationSet activations, string? origin = null)
    {
        ArgumentNullException.ThrowIfNull(activations);
        _origin = origin ?? "the stored activations";
        var tokens = activations.Tokens ?? throw new ArgumentException($"{_origin}: the activations have no tokens, so snippets cannot be matched to rows.", nameof(activations));
        var sentences = activations.SentenceIndices ?? throw new ArgumentException($"{_origin}: the activations have no sentence indices.", nameof(activations));
        _set = activations;
        int start = 0;
        for (int r = 1; r <= activations.Rows; r++)
        {
            if (r < activations.Rows && sentences[r] == sentences[start]) continue;
            _sentences.TryAdd(Key(tokens, start, r - start), (start, r - start));
            start = r;
        }
    }

    /// <summary>A source over a file written by an earlier extraction.</summary>
    /// <param name="path">A NeuroX JSON or HDF5 file, or a raw folder (<see cref="ActivationFile.Load"/>).</param>
    /// <param name="options">Read options.</param>
    /// <returns>The source.</returns>
    /// <exception cref="InvalidDataException">The file is malformed (the message names it).</exception>
    public static ActivationFileSource Load(string path, ActivationFileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        return new ActivationFileSource(ActivationFile.Load(path, options), path);
    }

    /// <inheritdoc/>
    public LayerLayout Layout => _set.Layout;

    /// <summary>Distinct stored sentences.</summary>
    public int Sentences => _sentences.Count;

    /// <inheritdoc/>
    /// <exception cref="InvalidDataException">A snippet whose code tokens match no stored sentence (the message names the snippet).</exception>
    public void Extract(IEnumerable<CodeSnippet> corpus, IActivationSink sink, IProgress<ExtractionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(sink);
        if (_set.Neurons != _set.Layout.Neurons)
            throw new InvalidOperationException($"{_origin}: the stored activations hold {_set.Neurons} of the layout's {_set.Layout.Neurons} neurons; a source writes every neuron.");
        sink.Begin(_set.Layout);
        int done = 0;
        long rows = 0;
        int n = _set.Neurons;
        foreach (var snippet in corpus)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ArgumentNullException.ThrowIfNull(snippet, nameof(corpus));
            var spans = snippet.ResolveTokens();
            var words = spans.Select(s => snippet.Text.Substring(s.Start, s.Length)).ToArray();
            if (!_sentences.TryGetValue(Key(words, 0, words.Length), out var at))
                throw new InvalidDataException($"{_origin}: snippet {done} ('{Clip(snippet.Text)}', {words.Length} code tokens) matches no stored sentence; extract it with the model first.");
            var values = _set.Values.Slice(at.Start * n, at.Count * n);
            sink.Write(words, values);
            done++;
            rows += at.Count;
            progress?.Report(new ExtractionProgress(done, null, rows));
        }
        sink.Complete();
    }

    /// <summary>Nothing to release (the stored set is managed memory).</summary>
    public void Dispose() { }

    private static string Key(IReadOnlyList<string> tokens, int start, int count)
    {
        var b = new System.Text.StringBuilder();
        for (int i = 0; i < count; i++) b.Append(tokens[start + i]).Append('\u0001');
        return b.ToString();
    }

    private static string Clip(string text) => text.Length <= 40 ? text.ReplaceLineEndings(" ") : text[..40].ReplaceLineEndings(" ") + "…";
}
