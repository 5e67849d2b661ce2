namespace CodeNeurons.Torch.Interventions;

/// <summary>Whether <see cref="InterventionRunner"/> measures the effect on the model's token-prediction head.</summary>
public enum EffectHead
{
    /// <summary>Use the head when the checkpoint has one (masked-LM head of BERT/RoBERTa, GPT-2's tied LM head, the decoders' LM head).</summary>
    Auto,

    /// <summary>Do not use a head.</summary>
    None,

    /// <summary>Require the head: a checkpoint without one is an error.</summary>
    LanguageModel,
}
