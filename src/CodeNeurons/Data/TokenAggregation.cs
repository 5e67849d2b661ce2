
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
