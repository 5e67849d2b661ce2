namespace CodeNeurons.Data;

/// <summary>
/// A model that gives one vector per layer for each snippet or pair of snippets (the snippet-level tasks of Sharma et al.,
/// arXiv 2305.00875), and each token's activations of a snippet for drawing what drives a snippet-level neuron.
/// Implementation: CodeNeurons.Torch's <c>SnippetRepresentations</c>.
/// </summary>
public interface ISnippetEncoder : IDisposable
{
    /// <summary>Layout of <see cref="Encode"/>'s and <see cref="EncodeTokens"/>'s rows: layers of H neurons.</summary>
    LayerLayout Layout { get; }

    /// <summary>One row per text: per layer the pooled vector.</summary>
    /// <param name="texts">The snippets (not empty).</param>
    /// <param name="progress">Receives the number of texts done after each batch.</param>
    /// <param name="cancellationToken">Checked before each batch.</param>
    /// <returns>[texts, <see cref="Layout"/>.Neurons].</returns>
    ActivationSet Encode(IReadOnlyList<string> texts, IProgress<int>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// One row per pair: per layer the two inputs' vectors combined (<see cref="PairInput.Separate"/>), or the pooled vector of
    /// the pair's one joint input (<see cref="PairInput.Joint"/>); see <see cref="PairSource"/>.
    /// </summary>
    /// <param name="pairs">(first, second) texts.</param>
    /// <param name="progress">Receives the number of model inputs done after each batch (2 per pair when separate, 1 when joint).</param>
    /// <param name="cancellationToken">Checked before each batch.</param>
    /// <returns>[pairs, layers × pair width].</returns>
    ActivationSet EncodePairs(IReadOnlyList<(string First, string Second)> pairs, IProgress<int>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// One row per token the model sees for <paramref name="text"/> (special tokens included, after any cut), each the
    /// token's hidden states in <see cref="Layout"/>; <see cref="ActivationSet.Tokens"/> hold the tokens' text.
    /// </summary>
    /// <param name="text">One snippet.</param>
    /// <param name="cancellationToken">Checked before the forward pass.</param>
    /// <returns>[tokens, <see cref="Layout"/>.Neurons].</returns>
    ActivationSet EncodeTokens(string text, CancellationToken cancellationToken = default);

    /// <summary>How <see cref="EncodePairs"/> builds a pair's row; <see cref="PairInput.Separate"/> unless the encoder says otherwise.</summary>
    PairInput PairInput => PairInput.Separate;

    /// <summary>
    /// For <see cref="PairInput.Joint"/>: one row per token of the pair's one joint input (the first text's tokens, then the
    /// second's, special tokens and separators included, after any cut), each the token's hidden states in <see cref="Layout"/>.
    /// </summary>
    /// <param name="first">The pair's first text.</param>
    /// <param name="second">The pair's second text.</param>
    /// <param name="cancellationToken">Checked before the forward pass.</param>
    /// <returns>[tokens, <see cref="Layout"/>.Neurons] with the tokens' text.</returns>
    /// <exception cref="NotSupportedException">The encoder encodes pairs separately (the default): draw each text with <see cref="EncodeTokens"/>.</exception>
    ActivationSet EncodePairTokens(string first, string second, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException($"This encoder encodes pairs separately (PairInput {PairInput}); draw each text with EncodeTokens.");

    /// <summary>
    /// Which single-input unit a pair unit reads: unit <paramref name="pairUnit"/> (within a layer of
    /// <see cref="EncodePairs"/>) is a function of unit <c>Unit</c> of the first and/or the second input's vector
    /// (<c>Part</c> says how, e.g. "first input", "first − second"); null when it mixes all units (a fine-tuned head). For a
    /// joint pair input, unit <c>Unit</c> of the joint input (<c>First</c> and <c>Second</c> both true, <c>Part</c> "joint input").
    /// </summary>
    /// <param name="pairUnit">A unit index within one layer of the pair rows.</param>
    /// <returns>The source, or null.</returns>
    PairUnitSource? PairSource(int pairUnit);
}
