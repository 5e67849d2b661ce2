using CodeNeurons.Data;

namespace CodeNeurons.Data;

/// <summary>How the subword pieces of one code token are combined into one row (NeuroX's <c>aggregation</c>).</summary>
public enum TokenAggregation
{
    /// <summary>No aggregation: one row per subword token of the model's tokenizer.</summary>
    None,

    /// <summary>The first subword piece of each code token.</summary>
    First,

    /// <summary>The last subword piece of each code token (NeuroX's default).</summary>
    Last,

    /// <summary>The mean of the code token's subword pieces.</summary>
    Average,
}

/// <summary>How a whole snippet becomes one row, for sentence-level tasks.</summary>
public enum SentencePooling
{
    /// <summary>No pooling: token-level rows.</summary>
    None,

    /// <summary>The first token ([CLS] / &lt;s&gt;) of each layer.</summary>
    First,

    /// <summary>The last non-padding token of each layer (GPT-style models).</summary>
    Last,

    /// <summary>The mean over the snippet's non-padding tokens of each layer.</summary>
    Mean,
}

/// <summary>A code token of a snippet: a span of its text (UTF-16 code units).</summary>
/// <param name="Start">Start index in <see cref="CodeSnippet.Text"/>.</param>
/// <param name="Length">Length (≥ 1).</param>
public readonly record struct TokenSpan(int Start, int Length)
{
    /// <summary>End index (exclusive).</summary>
    public int End => Start + Length;
}

/// <summary>
/// One unit of input to an <see cref="IActivationSource"/>: a snippet of code and its code tokens (the rows of
/// token-level output). Without explicit tokens, the tokens are the whitespace-separated words of the text.
/// </summary>
/// <param name="Text">The text given to the model's tokenizer as a whole (newlines included).</param>
/// <param name="Tokens">The code tokens as spans of <paramref name="Text"/>, in order and non-overlapping; null for whitespace-separated words.</param>
public sealed record CodeSnippet(string Text, IReadOnlyList<TokenSpan>? Tokens = null)
{
    /// <summary>A snippet from pre-tokenized code (a NeuroX <c>.in</c> line): the tokens joined by single spaces.</summary>
    /// <param name="tokens">The code tokens (none empty, none containing whitespace).</param>
    /// <returns>The snippet.</returns>
    /// <exception cref="ArgumentException">A token is empty or contains whitespace.</exception>
    public static CodeSnippet FromTokens(IReadOnlyList<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var spans = new TokenSpan[tokens.Count];
        var text = new System.Text.StringBuilder();
        for (int i = 0; i < tokens.Count; i++)
        {
            string t = tokens[i];
            if (string.IsNullOrEmpty(t) || t.Any(char.IsWhiteSpace))
                throw new ArgumentException($"Token {i} ('{t}') is empty or contains whitespace.", nameof(tokens));
            if (i > 0) text.Append(' ');
            spans[i] = new TokenSpan(text.Length, t.Length);
            text.Append(t);
        }
        return new CodeSnippet(text.ToString(), spans);
    }

    /// <summary>The code tokens: <see cref="Tokens"/>, or the whitespace-separated words of <see cref="Text"/>.</summary>
    /// <returns>Spans in order.</returns>
    public IReadOnlyList<TokenSpan> ResolveTokens()
    {
        if (Tokens is not null) return Tokens;
        var spans = new List<TokenSpan>();
        int i = 0;
        while (i < Text.Length)
        {
            while (i < Text.Length && char.IsWhiteSpace(Text[i])) i++;
            int start = i;
            while (i < Text.Length && !char.IsWhiteSpace(Text[i])) i++;
            if (i > start) spans.Add(new TokenSpan(start, i - start));
        }
        return spans;
    }
}

/// <summary>Progress of an extraction.</summary>
/// <param name="SnippetsDone">Snippets written so far.</param>
/// <param name="SnippetsTotal">Total snippets when known.</param>
/// <param name="RowsWritten">Rows (tokens or snippets) written so far.</param>
/// <param name="TokensDropped">Code tokens dropped so far because they did not fit the model (truncation).</param>
public sealed record ExtractionProgress(int SnippetsDone, int? SnippetsTotal, long RowsWritten, long TokensDropped = 0);

/// <summary>
/// Receives activations snippet by snippet, so that a corpus larger than memory can be extracted straight to a
/// file (NeuroX HDF5 or JSON, or a raw folder) or collected in memory (<see cref="InMemoryActivationSink"/>). Call order: <see cref="Begin"/>, any number of <see cref="Write"/>, <see cref="Complete"/>;
/// disposing without <see cref="Complete"/> discards what was written (no half-written file).
/// </summary>
public interface IActivationSink : IDisposable
{
    /// <summary>Starts the output.</summary>
    /// <param name="layout">Layer structure of every row (L × D).</param>
    void Begin(LayerLayout layout);

    /// <summary>Writes one snippet's rows.</summary>
    /// <param name="tokens">The token string of each row.</param>
    /// <param name="values">Row-major values [tokens.Count, L·D], neurons layer-major.</param>
    void Write(IReadOnlyList<string> tokens, ReadOnlySpan<float> values);

    /// <summary>Finishes the output (for files: renames the temporary file into place).</summary>
    void Complete();
}

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
