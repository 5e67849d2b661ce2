namespace CodeNeurons.Torch.Models;

/// <summary>
/// All hidden states of one padded batch, as Hugging Face returns them with <c>output_hidden_states=True</c>:
/// index 0 is the embedding output, index i the output of block i (for GPT-2 and T5 the last one is after the final layer norm).
/// </summary>
public sealed class HiddenStates
{
    /// <summary>Wraps the values.</summary>
    /// <param name="values">[layers + 1, batch, seq, hidden].</param>
    /// <param name="attentionMask">[batch, seq], 1 for real tokens.</param>
    public HiddenStates(float[,,,] values, long[,] attentionMask)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(attentionMask);
        Values = values;
        AttentionMask = attentionMask;
    }

    /// <summary>The values, [layers + 1, batch, seq, hidden].</summary>
    public float[,,,] Values { get; }

    /// <summary>The attention mask of the batch, [batch, seq]; positions with 0 are padding and their values mean nothing.</summary>
    public long[,] AttentionMask { get; }

    /// <summary>Number of hidden-state layers (blocks + 1).</summary>
    public int LayerCount => Values.GetLength(0);

    /// <summary>Batch size.</summary>
    public int BatchSize => Values.GetLength(1);

    /// <summary>Padded sequence length.</summary>
    public int SequenceLength => Values.GetLength(2);

    /// <summary>Hidden size.</summary>
    public int HiddenSize => Values.GetLength(3);
}
