
namespace CodeNeurons.Data;

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
