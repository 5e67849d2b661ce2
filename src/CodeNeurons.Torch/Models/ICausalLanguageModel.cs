namespace CodeNeurons.Torch.Models;

/// <summary>A decoder-only language model that can also return its LM-head logits (the rotary decoders: Llama, Qwen2, StarCoder2).</summary>
public interface ICausalLanguageModel : IHiddenStatesModel
{
    /// <summary>Runs the model in inference mode.</summary>
    /// <param name="inputIds">[batch, seq] token ids, padded on the right or on the left.</param>
    /// <param name="attentionMask">[batch, seq], 1 for real tokens and 0 for padding.</param>
    /// <param name="positionIds">
    /// [batch, seq] rotary positions, or null to number each row's real tokens 0, 1, … from its first real token
    /// (<c>arange(seq)</c> for right padding, as transformers' forward; for left padding the positions <c>generate()</c> derives
    /// from the mask). Because rotary attention sees only position differences, both give the same states at real tokens.
    /// </param>
    /// <param name="computeLogits">Whether to apply the LM head (costs a [batch·seq, hidden] × [hidden, vocab] product).</param>
    /// <returns>The hidden states and, if asked, the logits.</returns>
    CausalLmOutput Forward(long[,] inputIds, long[,] attentionMask, long[,]? positionIds, bool computeLogits = true);
}
