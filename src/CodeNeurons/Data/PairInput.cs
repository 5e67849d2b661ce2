namespace CodeNeurons.Data;

/// <summary>How an <see cref="ISnippetEncoder"/> turns a pair of texts (clone detection, code search) into one row per layer.</summary>
public enum PairInput
{
    /// <summary>
    /// Each text is encoded alone and the two pooled vectors are combined per layer ([u; v], a fine-tuned pair head, …):
    /// a bi-encoder's view, and the default.
    /// </summary>
    Separate,

    /// <summary>
    /// The pair is one input, built as a fine-tuned <c>*ForSequenceClassification</c> cross-encoder reads it (BERT
    /// <c>[CLS] a [SEP] b [SEP]</c>, RoBERTa <c>&lt;s&gt; a &lt;/s&gt;&lt;/s&gt; b &lt;/s&gt;</c>, GPT-2 <c>a b</c>), and pooled
    /// per layer like a single snippet: H values per layer.
    /// </summary>
    Joint,
}
