using CodeNeurons.Data;

namespace CodeNeurons.Concepts;

/// <summary>
/// Runs a model over exactly the sentences a <see cref="ProbingDataset"/> needs and gathers each split's rows, so that a
/// dataset of a few thousand tokens drawn from a large corpus costs only the sentences that hold them; memory holds the
/// selected rows only, never the corpus.
/// </summary>
public static class ProbingExtraction
{
    /// <summary>Extracts the activations of every row of <paramref name="dataset"/>'s splits.</summary>
    /// <param name="source">The model (one row per code token: token aggregation on, no special tokens, no truncation).</param>
    /// <param name="dataset">The dataset built from <paramref name="tokens"/>.</param>
    /// <param name="tokens">The labelled tokens the dataset was built from (every token of every sentence: the model sees whole sentences).</param>
    /// <param name="progress">Extraction progress.</param>
    /// <param name="cancellationToken">Cancels the extraction.</param>
    /// <returns>The three splits' activations and labels.</returns>
    /// <exception cref="InvalidDataException">The source wrote a different number of rows or other tokens than a sentence has (e.g. truncation or special tokens on).</exception>
    public static ProbingExtractionResult Extract(IActivationSource source, ProbingDataset dataset, LabeledTokens tokens,
        IProgress<ExtractionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(tokens);
        var splits = new[] { dataset.Train, dataset.Valid, dataset.Test };

        // Rows wanted, keyed by (source, row); the sentences that hold them, in (source, sentence) order.
        var wanted = new HashSet<(int Source, int Row)>();
        var neededSentences = new SortedSet<(int Source, int Sentence)>();
        foreach (var split in splits)
            for (int i = 0; i < split.Count; i++)
            {
                wanted.Add((split.SourceIndices[i], split.RowIndices[i]));
                neededSentences.Add((split.SourceIndices[i], split.SentenceIndices[i]));
            }

        // Every token of the needed sentences, in order.
        var members = new Dictionary<(int Source, int Sentence), List<int>>();
        foreach (var key in neededSentences) members[key] = [];
        for (int t = 0; t < tokens.Count; t++)
            if (members.TryGetValue((tokens.SourceIndices[t], tokens.SentenceIndices[t]), out var list)) list.Add(t);
        foreach (var (key, list) in members)
            if (list.Count == 0) throw new ArgumentException($"Sentence {key.Sentence} of source {key.Source} is used by the dataset but has no token in 'tokens'; pass the tokens the dataset was built from.", nameof(tokens));

        var order = neededSentences.ToArray();
        var snippets = order.Select(k => Snippet(members[k].Select(t => tokens.Tokens[t]))).ToArray();
        using var sink = new SelectingSink(order.Select(k => members[k].ToArray()).ToArray(), tokens, wanted);
        source.Extract(snippets, sink, progress, cancellationToken);
        if (!sink.Completed) throw new InvalidOperationException("The activation source did not complete its output.");

        var layout = sink.Layout!;
        var uses = new Dictionary<(int Source, int Row), int>();
        foreach (var split in splits)
            for (int i = 0; i < split.Count; i++)
                uses[(split.SourceIndices[i], split.RowIndices[i])] = uses.GetValueOrDefault((split.SourceIndices[i], split.RowIndices[i])) + 1;
        LabeledActivations Gather(ProbingSplit split)
        {
            int n = layout.Neurons;
            var values = new float[(long)split.Count * n];
            var sentences = new int[split.Count];
            int sentence = -1;
            (int, int) previous = (-1, -1);
            for (int i = 0; i < split.Count; i++)
            {
                var key = (split.SourceIndices[i], split.RowIndices[i]);
                sink.Rows[key].CopyTo(values.AsSpan(i * n, n));
                // Each row is freed once its last use is copied, so the selected rows are held about once, not twice.
                if (--uses[key] == 0) sink.Rows.Remove(key);
                var current = (split.SourceIndices[i], split.SentenceIndices[i]);
                if (current != previous) { sentence++; previous = current; }
                sentences[i] = sentence;
            }
            return new LabeledActivations(ActivationSet.Create(values, split.Count, layout, split.Tokens, sentences), split.ToClassLabels());
        }
        var data = new ProbingData(Gather(dataset.Train), Gather(dataset.Valid), dataset.Test.Count == 0 ? null : Gather(dataset.Test));
        return new ProbingExtractionResult(data, order.Length, sink.TokensSeen);
    }

    /// <summary>
    /// The tokens joined by single spaces, each token one span. Unlike <see cref="CodeSnippet.FromTokens"/>, a token may
    /// contain whitespace (the paper's string literals hold tabs and spaces): it stays one code token whose subwords are aggregated.
    /// </summary>
    internal static CodeSnippet Snippet(IEnumerable<string> tokens)
    {
        var text = new System.Text.StringBuilder();
        var spans = new List<TokenSpan>();
        foreach (var t in tokens)
        {
            if (string.IsNullOrWhiteSpace(t)) throw new ArgumentException($"Token {spans.Count} of a sentence is empty or only whitespace.", nameof(tokens));
            if (text.Length > 0) text.Append(' ');
            spans.Add(new TokenSpan(text.Length, t.Length));
            text.Append(t);
        }
        return new CodeSnippet(text.ToString(), spans);
    }

    /// <summary>Keeps only the wanted rows of each sentence, checking the rows match the sentence's tokens.</summary>
    private sealed class SelectingSink(int[][] sentenceTokens, LabeledTokens tokens, HashSet<(int Source, int Row)> wanted) : IActivationSink
    {
        private int _next;

        public LayerLayout? Layout { get; private set; }

        public Dictionary<(int Source, int Row), float[]> Rows { get; } = [];

        public bool Completed { get; private set; }

        public long TokensSeen { get; private set; }

        public void Begin(LayerLayout layout) => Layout = layout ?? throw new ArgumentNullException(nameof(layout));

        public void Write(IReadOnlyList<string> rowTokens, ReadOnlySpan<float> values)
        {
            var layout = Layout ?? throw new InvalidOperationException("Begin must be called before Write.");
            if (_next >= sentenceTokens.Length) throw new InvalidDataException($"The activation source wrote more than the {sentenceTokens.Length} sentences it was given.");
            var members = sentenceTokens[_next];
            if (rowTokens.Count != members.Length)
                throw new InvalidDataException($"Sentence {_next} has {members.Length} code tokens but the activation source wrote {rowTokens.Count} rows; use one row per code token (token aggregation, no special tokens, no truncation).");
            int n = layout.Neurons;
            for (int p = 0; p < members.Length; p++)
            {
                int t = members[p];
                if (!string.Equals(rowTokens[p], tokens.Tokens[t], StringComparison.Ordinal))
                    throw new InvalidDataException($"Sentence {_next}, token {p}: the activation source wrote '{rowTokens[p]}' for the code token '{tokens.Tokens[t]}'.");
                var key = (tokens.SourceIndices[t], tokens.RowIndices[t]);
                if (wanted.Contains(key)) Rows[key] = values.Slice(p * n, n).ToArray();
            }
            TokensSeen += members.Length;
            _next++;
        }

        public void Complete()
        {
            if (_next != sentenceTokens.Length) throw new InvalidDataException($"The activation source wrote {_next} of {sentenceTokens.Length} sentences.");
            Completed = true;
        }

        public void Dispose() { }
    }
}
