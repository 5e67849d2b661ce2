namespace CodeNeurons.Torch.Models;

/// <summary>A model that maps a padded batch of token ids to all its hidden states.</summary>
public interface IHiddenStatesModel : IDisposable
{
    /// <summary>The configuration the model was built from.</summary>
    HfModelConfig Config { get; }

    /// <summary>Runs the model in inference mode.</summary>
    /// <param name="inputIds">[batch, seq] token ids, padded on the right.</param>
    /// <param name="attentionMask">[batch, seq], 1 for real tokens and 0 for padding.</param>
    /// <returns>All hidden states, float32.</returns>
    HiddenStates Forward(long[,] inputIds, long[,] attentionMask);
}
