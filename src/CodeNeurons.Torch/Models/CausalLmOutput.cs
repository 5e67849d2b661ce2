namespace CodeNeurons.Torch.Models;

/// <summary>Hidden states and, when asked for, next-token logits of one padded batch of a causal language model.</summary>
public sealed class CausalLmOutput
{
    internal CausalLmOutput(HiddenStates hiddenStates, float[,,]? logits)
    {
        HiddenStates = hiddenStates;
        Logits = logits;
    }

    /// <summary>All hidden states, [layers + 1, batch, seq, hidden]; the last one is after the final norm.</summary>
    public HiddenStates HiddenStates { get; }

    /// <summary>The logits, [batch, seq, vocab_size] (float32), or null when they were not asked for.</summary>
    public float[,,]? Logits { get; }
}
